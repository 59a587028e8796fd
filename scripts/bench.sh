#!/usr/bin/env bash
# `make bench`: loads ROWS (default 1,000,000) customers with a reservation each into a fresh
# SQLite file and a fresh PostgreSQL server, then prints p50/p95 of phone-fragment and name
# searches through the real search service. Figures are printed, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
ROWS=${ROWS:-1000000}
QUERIES=${QUERIES:-100}
source scripts/lib/pg.sh
WORK=$(mktemp -d -t vitrine-bench.XXXXXX)
trap 'pg_stop; rm -rf "$WORK"' EXIT

cargo build --release -p vitrine --bin vitrine
echo "== SQLite =="
DATABASE_URL="sqlite://$WORK/bench.db" ./target/release/vitrine bench reservations --rows "$ROWS" --queries "$QUERIES"
echo "== PostgreSQL =="
PG_EXTRA_OPTS="-c shared_buffers=512MB" pg_start

DATABASE_URL="$PG_URL/postgres" ./target/release/vitrine bench reservations --rows "$ROWS" --queries "$QUERIES"
