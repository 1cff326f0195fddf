#!/usr/bin/env bash
# Starts (or reuses) a throwaway PostgreSQL 15 cluster on 127.0.0.1:54329 for tests and CI, with fsync on.
# Usage: eval "$(bash .ci/postgres.sh)"   -> exports CB_TEST_POSTGRES
#        bash .ci/postgres.sh --stop      -> stops the cluster and deletes its data directory
# Logs go to stderr; only the export line goes to stdout.
set -euo pipefail

PORT=54329
BIN=/usr/lib/postgresql/15/bin
STATE=/tmp/cb-postgres-$PORT.dir   # remembers which temp data dir the running cluster uses
CONN="Host=127.0.0.1;Port=$PORT;Username=cb;Password=cb;Database=cb_test"

log() { echo "postgres.sh: $*" >&2; }
# PostgreSQL refuses to run as root: as root run it as the postgres user, otherwise as the current user.
if [[ $(id -u) -eq 0 ]]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi

if [[ ! -x $BIN/initdb ]]; then
  log "installing postgresql"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

stop_cluster() {
  if [[ -f $STATE ]]; then
    local dir; dir=$(cat "$STATE")
    if [[ -d $dir ]]; then
      as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2 2>&1 || true
      rm -rf "$dir"
    fi
    rm -f "$STATE"
  fi
}

if [[ ${1:-} == --stop ]]; then
  stop_cluster
  log "stopped"
  exit 0
fi

# Reuse a healthy cluster from a previous run; otherwise replace it with a fresh one.
if [[ -f $STATE ]] && as_pg "$BIN/pg_ctl" -D "$(cat "$STATE")/data" status >/dev/null 2>&1 \
   && "$BIN/pg_isready" -q -h 127.0.0.1 -p $PORT; then
  log "reusing cluster in $(cat "$STATE")"
else
  stop_cluster
  dir=$(mktemp -d /tmp/cb-postgres.XXXXXX)
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
  echo "$dir" > "$STATE"
  echo postgres > "$dir/pw"
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir/pw"
  as_pg "$BIN/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --pwfile="$dir/pw" -E UTF8 --no-locale >/dev/null
  rm -f "$dir/pw"
  cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
max_connections = 200
shared_buffers = 128MB
CONF
  as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null
  for _ in $(seq 1 60); do
    "$BIN/pg_isready" -q -h 127.0.0.1 -p $PORT && break
    sleep 0.5
  done
  PGPASSWORD=postgres as_pg "$BIN/psql" -h "$dir" -p $PORT -U postgres -v ON_ERROR_STOP=1 -q >&2 <<SQL
CREATE ROLE cb LOGIN PASSWORD 'cb';
CREATE DATABASE cb_test OWNER cb;
SQL
  log "started fresh cluster in $dir"
fi

echo "export CB_TEST_POSTGRES='$CONN'"
