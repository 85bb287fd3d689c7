#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: installs Debian's postgresql if missing, runs the server as the
# unprivileged 'postgres' user on a free loopback port, and prints the connection string to use.
#   scripts/test-postgres.sh start   -> prints "Host=127.0.0.1;Port=N;Username=postgres;Password=..."
#   scripts/test-postgres.sh stop
set -euo pipefail
dir=${CERTDESK_PG_DIR:-/tmp/certdesk-test-pg}
cmd=${1:-start}

find_bin() {
  local b
  b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  echo "$b"
}

if [ "$cmd" = stop ]; then
  bin=$(find_bin)
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    su postgres -s /bin/sh -c "$bin/pg_ctl -D '$dir/data' -m fast stop" >/dev/null 2>&1 || true
  fi
  exit 0
fi

bin=$(find_bin)
if [ -z "$bin" ]; then
  echo "installing postgresql (Debian package)..." >&2
  if [ "$(id -u)" -ne 0 ]; then echo "postgresql is missing and this user cannot install it; install Debian's postgresql" >&2; exit 1; fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi

run_as_pg() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

password=certdesk-test
if [ -f "$dir/data/postmaster.pid" ] && [ -f "$dir/port" ]; then
  port=$(cat "$dir/port")
  if run_as_pg "$bin/pg_ctl -D '$dir/data' status" >/dev/null 2>&1; then
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=$password"
    exit 0
  fi
fi

rm -rf "$dir"
mkdir -p "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
echo "$password" > "$dir/pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir/pwfile"
run_as_pg "$bin/initdb -D '$dir/data' -U postgres --pwfile='$dir/pwfile' -A scram-sha-256 -E UTF8 --locale=C.UTF-8" >/dev/null
run_as_pg "$bin/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null
echo "$port" > "$dir/port"
echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=$password"
