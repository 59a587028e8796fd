#!/usr/bin/env bash
# `make bench`: on a fresh SQLite file and a fresh PostgreSQL server,
#   - reservations: loads ROWS (default 1,000,000) customers with a reservation each, then
#     prints p50/p95 of phone-fragment and name searches through the real search service;
#   - goods: imports ITEMS (default 1,000,000) generated items through the ERP import path
#     (printing rows/s), then prints p50/p95 of store-scoped and chain-wide 4C searches.
#   - load: wrk at 16 and 64 connections (floor, sign-in floods, store-floor pages) with the
#     server's RSS before, at peak and after (scripts/load.sh; LOAD_SECONDS per run);
#   - durability: the write throughput of SQLite with synchronous=FULL against NORMAL.
# WHAT=goods, reservations, load or durability runs one of them. Figures are printed, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
ROWS=${ROWS:-1000000}
ITEMS=${ITEMS:-1000000}
WHAT=${WHAT:-all}
QUERIES=${QUERIES:-100}
source scripts/lib/pg.sh
WORK=$(mktemp -d -t vitrine-bench.XXXXXX)
trap 'pg_stop; rm -rf "$WORK"' EXIT

cargo build --release -p vitrine --bin vitrine
if [ "$WHAT" = all ] || [ "$WHAT" = load ]; then
  [ -d target/site/pkg ] || cargo leptos build --release
  echo "== load (wrk, ${LOAD_SECONDS:-30} s a run)"
  bash scripts/load.sh
fi
if [ "$WHAT" = all ] || [ "$WHAT" = durability ]; then
  echo "== SQLite write throughput: synchronous=FULL (default) against NORMAL"
  for mode in full normal; do
    printf '%-7s' "$mode"
    VITRINE_SQLITE_SYNCHRONOUS=$mode DATABASE_URL="sqlite://$WORK/sync-$mode.db" \
      ./target/release/vitrine bench writes --rows 2000
  done
fi
[ "$WHAT" = load ] || [ "$WHAT" = durability ] && exit 0
bench() { # database-url
  if [ "$WHAT" != goods ]; then
    DATABASE_URL="$1" ./target/release/vitrine bench reservations --rows "$ROWS" --queries "$QUERIES"
  fi
  if [ "$WHAT" != reservations ]; then
    DATABASE_URL="$1" ./target/release/vitrine bench goods --rows "$ITEMS" --queries "$QUERIES"
  fi
}
echo "== SQLite =="
bench "sqlite://$WORK/bench.db"
echo "== PostgreSQL =="
PG_EXTRA_OPTS="-c shared_buffers=512MB" pg_start
# The app runs as the ordinary role `vitrine`, in a database it owns (as in production).
"$PG_BIN/psql" -X -q "$PG_URL/postgres" -c "CREATE DATABASE vitrine_bench"
bench "$PG_URL/vitrine_bench"
