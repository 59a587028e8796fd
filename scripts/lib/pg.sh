# Sourced by scripts: a throwaway PostgreSQL cluster in a temporary directory on a free port.
#   pg_start   → sets PG_URL (postgres://vitrine@127.0.0.1:PORT, trust auth). The app's role
#                `vitrine` is an ordinary role (LOGIN CREATEDB, not a superuser) that owns the
#                databases it creates; the cluster's superuser is `postgres`.
#   pg_stop    → stops it and removes its directory
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
PG_DIR=""
PG_URL=""

pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pg_start() {
  [ -n "$PG_BIN" ] || { echo "PostgreSQL is not installed"; return 1; }
  PG_DIR=$(mktemp -d -t vitrine-pg.XXXXXX)
  local port; port=$(free_port)
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; return 1; }
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300 ${PG_EXTRA_OPTS:-}" start >/dev/null \
    || { cat "$PG_DIR/server.log"; return 1; }
  "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE vitrine LOGIN CREATEDB NOSUPERUSER NOCREATEROLE" >/dev/null \
    || { echo "could not create the vitrine role"; return 1; }
  PG_URL="postgres://vitrine@127.0.0.1:$port"
}

pg_stop() {
  if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1
  fi
  [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
  PG_DIR=""
}
