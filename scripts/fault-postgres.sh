#!/usr/bin/env bash
# PostgreSQL stopped and started under writes from two nodes. Uses its OWN throwaway cluster and nodes
# (CERTDESK_PG_DIR=/tmp/certdesk-fault-pg, ports 5191/5192), never the shared test cluster.
#   scripts/fault-postgres.sh [DOWN_SECONDS]    default 5 (CERTDESK_NODE_DLL: run that build instead of Release;
#                                               tests/CertDesk.Tests/Operations/PostgresFaultTests.cs runs it so)
# Two writers (one per node) create sites through the API as fast as they can for ~20 s; PostgreSQL is stopped
# (pg_ctl -m fast) 6 s in and started DOWN_SECONDS later. Every 201 is an acknowledged write. Afterwards the
# rows in the database must equal the acknowledged writes, every failure must be a 5xx problem-details answer
# (or a refused connection, never a hang), and writes must succeed again within seconds of the restart.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
down="${1:-5}"
export RateLimits__Api__Enabled=false CERTDESK_PG_DIR=/tmp/certdesk-fault-pg CERTDESK_NODES_DIR=/tmp/certdesk-fault-nodes NODE_A_PORT=5191 NODE_B_PORT=5192
work="$CERTDESK_NODES_DIR"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pgbin" ] && [ "$(id -u)" -ne 0 ]; then echo "SKIPPED: PostgreSQL binaries are missing (install Debian's postgresql)" >&2; exit 0; fi

scripts/run-two-nodes.sh --detach >/dev/null
trap 'scripts/run-two-nodes.sh stop >/dev/null 2>&1 || true' EXIT
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
server="$(scripts/test-postgres.sh start)"
dll="${CERTDESK_NODE_DLL:-$root/artifacts/bin/CertDesk/release/certdesk.dll}"
token="$(CERTDESK_DATABASE="$server;Database=certdesk_nodes" dotnet "$dll" tokens create --email admin@demo.local --json | grep -oE 'cdk_[0-9a-f]+')"
run_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
count_sites() {
  PGPASSWORD=certdesk-test "$pgbin/psql" -h 127.0.0.1 -p "$(cat "$CERTDESK_PG_DIR/port")" -U postgres -d certdesk_nodes -tAc \
    "SELECT count(*) FROM \"Sites\" WHERE \"Name\" LIKE 'fault-%'"
}

writer() { # $1 node port, $2 writer name: one line per request: "<status> <content-type> <second it completed>"
  local i=0 end=$((SECONDS + 20))
  while [ $SECONDS -lt $end ]; do
    i=$((i + 1))
    curl -s -o /dev/null -m 10 -w '%{http_code} %{content_type}\n' -X POST "http://127.0.0.1:$1/api/v1/sites" \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"name\":\"fault-$2-$i\",\"time_zone\":\"UTC\"}" | tr -d '\n' || printf '000 none'
    echo " $SECONDS"
  done >"$work/writer-$2.log"
}

before=$(count_sites)
writer 5191 a & wa=$!
writer 5192 b & wb=$!
sleep 6
echo "stopping PostgreSQL for ${down}s" >&2
stopped_at=$SECONDS
run_pg "$pgbin/pg_ctl -D '$CERTDESK_PG_DIR/data' -m fast stop" >/dev/null
sleep "$down"
run_pg "$pgbin/pg_ctl -D '$CERTDESK_PG_DIR/data' -l '$CERTDESK_PG_DIR/server.log' -w -o \"-p $(cat "$CERTDESK_PG_DIR/port") -k '$CERTDESK_PG_DIR' -c listen_addresses=127.0.0.1 -c max_connections=200\" start" >/dev/null
restarted_at=$SECONDS
echo "PostgreSQL is back" >&2
wait $wa $wb

# Recovery: the first acknowledged write completed after the restart, in seconds after it.
first_ok=$(cat "$work"/writer-*.log | awk -v t="$restarted_at" '$1 == "201" && $NF >= t { print $NF }' | sort -n | head -n 1)
recovered=$([ -n "$first_ok" ] && echo $((first_ok - restarted_at)) || true)
slowest=$(cat "$work"/writer-*.log | awk -v s="$stopped_at" -v t="$restarted_at" '$NF >= s && $NF <= t + 15' | wc -l)

acked=$(cat "$work"/writer-*.log | grep -c '^201 ' || true)
probes=0
failed=$(cat "$work"/writer-*.log | grep -vc '^201 ' || true)
bad=$(cat "$work"/writer-*.log | grep -v '^201 ' | grep -v '^5[0-9][0-9] application/problem+json' | grep -v '^000 ' | sort | uniq -c || true)
rows=$(( $(count_sites) - before - probes ))
echo "requests: $((acked + failed)), acknowledged (201): $acked, failed while down: $failed, rows in the database: $rows, downtime: ${down}s, first write acknowledged ${recovered:-never}s after the restart, requests completing between the stop and restart+15s: $slowest"
[ -n "$bad" ] && { echo "answers that are neither 201 nor 5xx problem details:"; echo "$bad"; }
status=0
[ "$acked" -eq "$rows" ] || { echo "FAIL: acknowledged writes ($acked) != rows ($rows)" >&2; status=1; }
[ -z "$bad" ] || { echo "FAIL: unclean failures" >&2; status=1; }
[ -n "$recovered" ] && [ "$recovered" -le 10 ] || { echo "FAIL: writes did not recover within 10 s" >&2; status=1; }
exit $status
