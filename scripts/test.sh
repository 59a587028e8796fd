#!/usr/bin/env bash
# Runs every test layer and ends with one line "N passed, N failed" (exit 1 on any failure):
#   checks      cargo fmt, clippy (server/ssr and Wasm/hydrate builds), no server crates in Wasm
#   unit        pure domain rules (app) and server-internal units
#   sqlite      integration tests against a real SQLite file per test
#   postgres    the same integration tests against a real PostgreSQL server started here
#   e2e         Playwright in headless Chromium against the built release app (phone, tablet, desktop)
#   crash       the release server killed with SIGKILL while booking: nothing acknowledged is lost
set -uo pipefail
cd "$(dirname "$0")/.."
TOOLS_DIR="${VITRINE_TOOLS_DIR:-$HOME/.cache/vitrine-tools}"
export PATH="$HOME/.cargo/bin:$TOOLS_DIR/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# A one-shot run gains nothing from incremental caches, which cost gigabytes of disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

PASSED=0
FAILED=0
declare -a LAYERS=()
declare -a FAILURE_LOGS=()
declare -a FLAKY=()
WORK=$(mktemp -d -t vitrine-test.XXXXXX)
SERVER_PID=""
source scripts/lib/pg.sh

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
  pg_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

record() { # layer passed failed [log]
  PASSED=$((PASSED + $2)); FAILED=$((FAILED + $3))
  LAYERS+=("$(printf '%-9s %4d passed, %d failed' "$1" "$2" "$3")")
  if [ "$3" -ne 0 ] && [ -n "${4:-}" ]; then FAILURE_LOGS+=("$1:$4"); fi
}

# The lines of a failed layer's log that say why, repeated just above the summary so that a
# truncated CI log still shows them.
explain_failures() {
  [ "${#FAILURE_LOGS[@]}" -eq 0 ] && return
  echo
  echo "Why layers failed:"
  for entry in "${FAILURE_LOGS[@]}"; do
    local layer=${entry%%:*} log=${entry#*:}
    echo "  [$layer]"
    grep -E "^error|error:|panicked|FAILED|failed|No space|Killed|signal:" "$log" 2>/dev/null \
      | grep -v "^test result" | head -n 15 | cut -c1-300 | sed 's/^/    /'
  done
  echo "  disk: $(df -h . | awk 'NR == 2 { print $4 " free of " $2 }')"
}

check() { # name command...
  local name=$1; shift
  step "$name"
  if "$@"; then record "check" 1 0; else echo "FAILED: $name"; record "check" 0 1; fi
}

# Runs cargo test, echoes output, and adds up its "test result:" lines into a layer.
cargo_tests() { # layer args...
  local layer=$1; shift
  local log="$WORK/$layer.log"
  step "$layer: cargo test $*"
  cargo test --no-fail-fast "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local p f
  read -r p f < <(awk '/^test result:/ { for (i = 1; i < NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
                      END { print p + 0, f + 0 }' "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # a build failure counts as a failure
  # Integration tests that failed are run once more, by name, and reported as FLAKY if they then
  # pass: a rare SSR stall (a streamed page that never completes; see the hardening issue's
  # note) must be tracked, not fail every layer. A test that fails twice fails the layer.
  if [ "$f" -gt 0 ] && [ "$layer" != unit ]; then
    local failed
    failed=$(awk '/^test .* \.\.\. FAILED$/ { print $2 }' "$log" | sort -u)
    if [ -n "$failed" ] && [ "$(echo "$failed" | wc -l)" -le 3 ]; then
      step "$layer: running the failed tests once more: $(echo $failed)"
      # shellcheck disable=SC2086
      cargo test --no-fail-fast "$@" -- --exact $failed 2>&1 | tee "$log.retry"
      local rp rf
      read -r rp rf < <(awk '/^test result:/ { for (i = 1; i < NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
                          END { print p + 0, f + 0 }' "$log.retry")
      if [ "$rf" -eq 0 ] && [ "$rp" -eq "$f" ]; then
        echo "FLAKY (failed, then passed on retry): $(echo $failed)"
        FLAKY+=("$layer: $(echo $failed)")
        p=$((p + rp)); f=0
      fi
    fi
  fi
  record "$layer" "$p" "$f" "$log"
}

wasm_has_no_server_crates() {
  local bad=0
  for crate in sea-orm sqlx tokio mio; do
    if cargo tree -p frontend --target wasm32-unknown-unknown -e normal -i "$crate" 2>/dev/null | grep -q "^$crate v"; then
      echo "the Wasm build depends on $crate"; bad=1
    fi
  done
  return $bad
}

check "cargo fmt --check" cargo fmt --all -- --check
check "clippy (server, ssr)" cargo clippy -p app -p vitrine -p migration --features app/ssr --all-targets -- -D warnings
check "clippy (wasm, hydrate)" cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
check "no server crates in the Wasm build" wasm_has_no_server_crates
check "no unused dependencies (cargo machete)" cargo machete

cargo_tests unit -p app -p vitrine --lib
VITRINE_TEST_DB=sqlite cargo_tests sqlite -p vitrine --test '*'

# PostgreSQL: a throwaway cluster in a temporary directory, on a free port.
step "postgres: starting a temporary server"
if pg_start; then
  VITRINE_TEST_DB=postgres VITRINE_TEST_PG_URL="$PG_URL" cargo_tests postgres -p vitrine --test '*'
  pg_stop
else
  echo "could not start PostgreSQL"; record postgres 0 1
fi

step "build: cargo leptos build --release --split"
cargo leptos build --release --split 2>&1 | tee "$WORK/build.log"
if [ "${PIPESTATUS[0]}" -eq 0 ]; then
  check "Wasm size: initial download within 10 % of scripts/wasm-size-baseline.json" node scripts/wasm-size.js target/site/pkg
  step "e2e: starting the release app on a fresh SQLite database"
  E2E_PORT=$(free_port)
  export DATABASE_URL="sqlite://$WORK/e2e.db" LEPTOS_SITE_ADDR="127.0.0.1:$E2E_PORT" LEPTOS_SITE_ROOT="target/site"
  ./target/release/vitrine seed demo >/dev/null
  ./target/release/vitrine serve >"$WORK/e2e-server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$E2E_PORT/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  step "e2e: playwright (phone, tablet, desktop)"
  (cd end2end && BASE_URL="http://127.0.0.1:$E2E_PORT" PLAYWRIGHT_JSON_OUTPUT_NAME="$WORK/e2e.json" \
    npx playwright test --reporter=list,json) 2>&1 | tee "$WORK/e2e.log"
  e2e_rc=${PIPESTATUS[0]}
  counts=$(node -e '
    const fs = require("fs");
    try { const s = JSON.parse(fs.readFileSync(process.argv[1])).stats;
          console.log(s.expected + s.flaky, s.unexpected); }
    catch (e) { console.log("0 1"); }' "$WORK/e2e.json")
  read -r ep ef <<<"$counts"
  if [ "$e2e_rc" -ne 0 ] && [ "$ef" -eq 0 ]; then ef=1; fi
  record e2e "$ep" "$ef" "$WORK/e2e.log"
  if [ "$ef" -ne 0 ]; then echo "--- server log ---"; tail -n 50 "$WORK/e2e-server.log"; fi
  kill "$SERVER_PID" 2>/dev/null; SERVER_PID=""

  step "crash: SIGKILL the server while it books; every acknowledged booking must survive"
  python3 scripts/crash_check.py ./target/release/vitrine 2>&1 | tee "$WORK/crash.log"
  if [ "${PIPESTATUS[0]}" -eq 0 ]; then record crash 1 0; else record crash 0 1 "$WORK/crash.log"; fi
else
  record build 0 1 "$WORK/build.log"
fi

explain_failures
echo
echo "Summary by layer:"
for l in "${LAYERS[@]}"; do echo "  $l"; done
if [ "${#FLAKY[@]}" -gt 0 ]; then
  echo; echo "Flaky (passed only on retry):"; for l in "${FLAKY[@]}"; do echo "  $l"; done
fi
echo
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
