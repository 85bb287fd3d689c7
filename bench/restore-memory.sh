#!/usr/bin/env bash
# Backup and restore of the large demo with time and peak memory (docs/operations.md, "Backups").
# Usage: bench/restore-memory.sh [WORKDIR]   (PG="Host=..." also restores into that empty PostgreSQL database)
# Memory is sampled once a second from /proc/PID/status: VmHWM (peak resident set) and RssAnon (anonymous memory).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/certdesk-restore-bench}
"$root/certdesk" --version >/dev/null   # the launcher's ReadyToRun build, built if stale
rm -rf "$work" && mkdir -p "$work" && cp -r "$root/artifacts/publish/certdesk" "$work/bin"
cd "$work"   # the key ring is generated into $work/data/certdesk.keys
dll="$work/bin/certdesk.dll"

measure() { # label command...
  local label=$1; shift
  local start hwm=0 rss=0 h r
  start=$(date +%s.%N)
  "$@" >"$label.out" 2>"$label.err" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    h=$(awk '/VmHWM/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
    r=$(awk '/RssAnon/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
    [ -n "$r" ] && [ "$r" -gt "$rss" ] && rss=$r
    sleep 1
  done
  wait "$pid"
  echo "$label: $(echo "$(date +%s.%N) - $start" | bc | cut -d. -f1) s, VmHWM $((hwm / 1024)) MiB, RssAnon max $((rss / 1024)) MiB"
}

measure seed dotnet "$dll" seed-demo --size large --database "Data Source=large.db"
measure backup dotnet "$dll" backup --out backup.zip --database "Data Source=large.db"
echo "backup.zip: $(stat -c %s backup.zip) bytes"
measure restore-sqlite dotnet "$dll" restore --from backup.zip --database "Data Source=restored.db"
if [ -n "${PG:-}" ]; then
  measure restore-postgres dotnet "$dll" restore --from backup.zip --database "$PG"
fi
