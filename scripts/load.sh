#!/usr/bin/env bash
# Load check (part of `make bench`): the release server on a fresh demo database on loopback,
# wrk at 16 and 64 connections against the floor (/livez, /healthz), a sign-in flood and the
# store-floor pages, printing requests/s, p50/p99, errors and the server's RSS before, at peak
# and 10 s after each run. LOAD_SECONDS (default 30) sets each run's length. LOAD_ITEMS (default
# 1,000,000) goods items are imported into the demo data first, through the ERP import path (the
# 4C page's target is stated at a million items); the prepared database is kept in
# target/bench-cache and reused (migrated) by later runs, since the import takes ~15 minutes.
# LOAD_BIN and LOAD_SITE run another build (e.g. the previous one, to compare).
set -uo pipefail
cd "$(dirname "$0")/.."
SECS="${LOAD_SECONDS:-30}"
BIN="${LOAD_BIN:-./target/release/vitrine}"
source scripts/lib/pg.sh
WORK=$(mktemp -d -t vitrine-load.XXXXXX)
PORT=$(free_port)
export DATABASE_URL="sqlite://$WORK/load.db" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT="${LOAD_SITE:-target/site}" RUST_LOG=warn
ITEMS="${LOAD_ITEMS:-1000000}"
CACHE="target/bench-cache/load-$ITEMS.db"
if [ -f "$CACHE" ]; then
  cp "$CACHE" "$WORK/load.db"
  [ -f "$CACHE-wal" ] && cp "$CACHE-wal" "$WORK/load.db-wal"
  $BIN migrate >/dev/null
else
  $BIN seed demo >/dev/null
  if [ "$ITEMS" -gt 0 ]; then
    echo "== importing $ITEMS items into the demo data (once; kept in $CACHE)"
    $BIN bench goods --rows "$ITEMS" --queries 1 2>/dev/null | grep -E "imported $ITEMS|^backend" || true
    mkdir -p target/bench-cache
    cp "$WORK/load.db" "$CACHE"
    if [ -f "$WORK/load.db-wal" ]; then cp "$WORK/load.db-wal" "$CACHE-wal"; fi
  fi
fi
$BIN serve >"$WORK/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
BASE="http://127.0.0.1:$PORT"

rss() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status"; }
cookie() { # username → a session cookie header value
  curl -s -o /dev/null -D - -X POST -d "username=$1&password=vitrine-demo&next=" "$BASE/auth/login" \
    | awk -F'[:;]' 'tolower($1) == "set-cookie" && $2 ~ /vitrine_session=/ { gsub(/^ /, "", $2); print $2 }'
}
cat >"$WORK/flood.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, "username=nobody" .. math.random(1, 1e9) .. "&password=x&next=")
end
LUA
cat >"$WORK/valid.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "username=consultant1&password=vitrine-demo&next="
LUA

run() { # label connections path [extra wrk args...]
  local label=$1 conns=$2 path=$3; shift 3
  local before peak=0 after out
  before=$(rss)
  wrk -t"$(( conns < 2 ? 1 : 2 ))" -c"$conns" -d"${SECS}s" --latency "$@" "$BASE$path" >"$WORK/wrk.out" 2>&1 &
  local w=$!
  while kill -0 $w 2>/dev/null; do local r; r=$(rss); [ "${r:-0}" -gt "$peak" ] && peak=$r; sleep 0.5; done
  wait $w
  sleep 10
  after=$(rss)
  out=$(awk '/Requests\/sec/ { rps = $2 } / 50%/ { p50 = $2 } / 99%/ { p99 = $2 }
             /Socket errors/ { err = $0 } /Non-2xx/ { non2xx = $NF }
             END { printf "%8s req/s  p50 %-9s p99 %-9s non-2xx/3xx %-6s %s", rps, p50, p99, non2xx + 0, err }' "$WORK/wrk.out")
  printf '%-34s c=%-3s %s  RSS %s→%s(peak)→%s MB\n' "$label" "$conns" "$out" "$before" "$peak" "$after"
}

MANAGER=$(cookie manager1)
echo "== floor"
for c in 16 64; do run "GET /livez" $c /livez; run "GET /healthz" $c /healthz; done
# One kept-alive connection, as a browser uses it: small streamed writes must not wait for a
# delayed ACK (TCP_NODELAY; the issue measured 44 ms p50 here before it was set).
run "GET / (1 kept-alive connection)" 1 / -H "Cookie: $MANAGER"
echo "== sign-in"
# Valid sign-ins first: every one is a password check (the random-user flood locks the address
# after 30 failures, and then nothing from it is checked any more).
for c in 16 64; do run "POST /auth/login valid" $c /auth/login -s "$WORK/valid.lua"; done
for c in 16 64; do run "POST /auth/login random users" $c /auth/login -s "$WORK/flood.lua"; done
echo "== store floor (manager1)"
for c in 16 64; do
  run "GET /goods" $c "/goods" -H "Cookie: $MANAGER"
  run "GET /goods 4C" $c "/goods?category=ring&carat_min=0.5&color_min=G&clarity_min=VS2" -H "Cookie: $MANAGER"
  run "GET /reservations" $c "/reservations" -H "Cookie: $MANAGER"
  run "GET /floor (the manager's home)" $c "/floor" -H "Cookie: $MANAGER"
  run "GET /sales" $c "/sales" -H "Cookie: $MANAGER"
done
if grep -q "panicked" "$WORK/server.log"; then
  echo "the server logged panics:"
  grep "panicked at" "$WORK/server.log" | sed 's/^.*panicked at/panicked at/' | sort | uniq -c | head
fi
if [ -n "${LOAD_KEEP_LOG:-}" ]; then cp "$WORK/server.log" "$LOAD_KEEP_LOG"; fi
