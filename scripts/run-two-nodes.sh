#!/usr/bin/env bash
# Two stateless CertDesk nodes on one PostgreSQL, on loopback ports: the multi-node deployment in miniature.
#   scripts/run-two-nodes.sh            starts PostgreSQL (throwaway cluster), builds once, seeds the demo, starts
#                                       node A and node B, prints their URLs, and waits (Ctrl-C stops the nodes)
#   scripts/run-two-nodes.sh --detach   the same, but returns; logs and pids in $CERTDESK_NODES_DIR
#   scripts/run-two-nodes.sh stop       stops the nodes and the cluster
# Settings: CERTDESK_PG_DIR (cluster folder, default /tmp/certdesk-nodes-pg), CERTDESK_NODES_DIR (default
# /tmp/certdesk-nodes), NODE_A_PORT/NODE_B_PORT (default 5181/5182), CERTDESK_DEMO_SIZE (small|large),
# CERTDESK_NODE_DLL (a built certdesk.dll to run instead of building Release).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CERTDESK_PG_DIR="${CERTDESK_PG_DIR:-/tmp/certdesk-nodes-pg}"
state="${CERTDESK_NODES_DIR:-/tmp/certdesk-nodes}"
port_a="${NODE_A_PORT:-5181}"
port_b="${NODE_B_PORT:-5182}"

stop_nodes() {
  for pidfile in "$state"/node-*.pid; do
    [ -f "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

if [ "${1:-}" = stop ]; then
  stop_nodes
  scripts/test-postgres.sh stop
  exit 0
fi

mkdir -p "$state"
server="$(scripts/test-postgres.sh start)"
export CERTDESK_DATABASE="$server;Database=certdesk_nodes"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgpass=$(printf '%s' "$server" | sed -E 's/.*Password=([^;]*).*/\1/')
pgport=$(printf '%s' "$server" | sed -E 's/.*Port=([0-9]+).*/\1/')
if [ "$(PGPASSWORD="$pgpass" "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'certdesk_nodes'")" != 1 ]; then
  PGPASSWORD="$pgpass" "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -qc "CREATE DATABASE certdesk_nodes" >&2
fi

echo "building once (Release)..." >&2
# CERTDESK_NODE_DLL: run an already built certdesk.dll (the fault test passes its Debug build) instead of building Release.
if [ -n "${CERTDESK_NODE_DLL:-}" ]; then
  dll="$CERTDESK_NODE_DLL"
else
  dotnet build src/CertDesk/CertDesk.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2
  dll="$root/artifacts/bin/CertDesk/release/certdesk.dll"
fi

# One process migrates and seeds before the nodes start (the nodes would also migrate, one at a time, under a
# PostgreSQL advisory lock; the database itself must exist first, and seeding is a one-off).
dotnet "$dll" seed-demo --size "${CERTDESK_DEMO_SIZE:-small}" >"$state/seed.log" 2>&1 || { cat "$state/seed.log" >&2; exit 1; }

stop_nodes
for node in a b; do
  port=$port_a; [ "$node" = b ] && port=$port_b
  # Same database, same data-protection keys (kept in the database): a session cookie from one node works on the other.
  nohup dotnet "$dll" serve --urls "http://127.0.0.1:$port" >"$state/node-$node.log" 2>&1 &
  echo $! >"$state/node-$node.pid"
done

for port in "$port_a" "$port_b"; do
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "node on port $port did not become ready; see $state" >&2; exit 1; }
done

cat <<INFO
node A: http://127.0.0.1:$port_a   (log $state/node-a.log)
node B: http://127.0.0.1:$port_b   (log $state/node-b.log)
database: $(printf '%s' "$CERTDESK_DATABASE" | sed -E 's/(Password=)[^;]*/\1***/')
logins: admin@demo.local, hr@demo.local, director@demo.local, manager@demo.local, employee@demo.local / CertDesk-demo-1
health: /health/live (process), /health/ready (database reachable)
stop:   scripts/run-two-nodes.sh stop
INFO

if [ "${1:-}" != --detach ]; then
  trap 'stop_nodes' EXIT INT TERM
  wait
fi
