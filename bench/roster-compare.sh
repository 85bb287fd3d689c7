#!/usr/bin/env bash
# Whole-process `certdesk import roster` on SQLite against a plain bulk insert of the same rows (the sqlite3 CLI's
# `.import --csv` into a fresh table), at each size given: the first import into an empty (migrated) database, an
# unchanged re-import, and a re-import where every tenth person has a new title. Wall time, CPU time (user + sys) and
# peak memory (max RSS from getrusage, i.e. the kernel's VmHWM) from /usr/bin/time, for certdesk and for the anchor,
# and the peak anonymous resident memory (RssAnon in /proc/PID/status, sampled every 10 ms: the heap without the mapped
# runtime and database files), the measure the other whole-command benchmarks use.
#   bench/roster-compare.sh [ROWS ...]     (default 1000 10000 100000; data goes to bench/data/, which git ignores)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[[ $# -eq 0 ]] && SIZES=(1000 10000 100000)
DATA=bench/data
mkdir -p "$DATA"
dotnet build -c Release bench/CertDesk.Benchmarks/CertDesk.Benchmarks.csproj -v q -nologo -clp:ErrorsOnly >/dev/null
./certdesk --version >/dev/null   # the program as users run it: the launcher's ReadyToRun build, built if stale
CERTDESK=(./certdesk)

source bench/measure.sh   # measure NAME COMMAND... -> "wall cpu max_rss_mb peak_anon_mb"

for rows in "${SIZES[@]}"; do
  file="$DATA/roster-$rows.csv"
  changed="$DATA/roster-$rows-changed.csv"
  [[ -f "$file" ]] || dotnet artifacts/bin/CertDesk.Benchmarks/release/CertDesk.Benchmarks.dll generate-roster --rows "$rows" --out "$file"
  [[ -f "$changed" ]] || dotnet artifacts/bin/CertDesk.Benchmarks/release/CertDesk.Benchmarks.dll generate-roster --rows "$rows" --changed 10 --out "$changed"
  db="$DATA/roster-$rows.db"
  rm -f "$db" "$db-wal" "$db-shm" "$DATA/anchor-$rows.db"
  "${CERTDESK[@]}" export roster --out "$DATA/empty-roster.csv" --database "Data Source=$db" >/dev/null   # migrate first
  read -r aw ac ar aa < <(measure anchor /usr/bin/sqlite3 "$DATA/anchor-$rows.db" ".import --csv $file roster")
  read -r fw fc fr fa < <(measure first "${CERTDESK[@]}" import roster "$file" --database "Data Source=$db")
  read -r uw uc ur ua < <(measure unchanged "${CERTDESK[@]}" import roster "$file" --database "Data Source=$db")
  read -r cw cc cr ca < <(measure changed "${CERTDESK[@]}" import roster "$changed" --database "Data Source=$db")
  echo "$rows rows (load $(cut -d' ' -f1 /proc/loadavg)):"
  echo "  anchor sqlite3 .import   wall ${aw} s  CPU ${ac} s  max RSS ${ar} MB  peak RssAnon ${aa} MB"
  echo "  certdesk first import    wall ${fw} s  CPU ${fc} s  max RSS ${fr} MB  peak RssAnon ${fa} MB  ($(cat "$DATA/first.stdout"))"
  echo "  certdesk unchanged       wall ${uw} s  CPU ${uc} s  max RSS ${ur} MB  peak RssAnon ${ua} MB  ($(cat "$DATA/unchanged.stdout"))"
  echo "  certdesk 1/10 changed    wall ${cw} s  CPU ${cc} s  max RSS ${cr} MB  peak RssAnon ${ca} MB  ($(cat "$DATA/changed.stdout"))"
  awk -v f="$fw" -v a="$aw" 'BEGIN { printf "  ratio first import / anchor (wall): %.1f\n", f / a }'
done
