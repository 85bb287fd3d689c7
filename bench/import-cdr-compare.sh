#!/usr/bin/env bash
# `certdesk import cdr` as a whole command against `certdesk kpi aggregate` of the same file and against DuckDB writing
# the same facts into a table of its own database file (the anchor), one after the other in one run:
#   1. kpi aggregate (file to file, no database)
#   2. DuckDB: CREATE TABLE facts AS SELECT ... FROM read_csv(file) into a fresh .duckdb file
#   3. import cdr into a fresh (migrated) SQLite database, then the same file again (already imported: nothing rewritten)
#   4. with PG="Host=...;Username=...;Password=..." (a server you may write to), the same into a fresh database there
# Wall time and CPU time (user + sys) from /usr/bin/time; memory is the peak anonymous resident memory (RssAnon in
# /proc/PID/status, sampled every 10 ms) of each process, the same measure for every command.
#   bench/import-cdr-compare.sh [ROWS]     (default 1000000; the file is bench/data/cdr-ROWS.csv, generated once)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
DATA=bench/data
CDR="$DATA/cdr-$ROWS.csv"
mkdir -p "$DATA"
for project in bench/CertDesk.Benchmarks/CertDesk.Benchmarks.csproj bench/CertDesk.Bench.DuckDb/CertDesk.Bench.DuckDb.csproj; do
  dotnet build -c Release "$project" -v q -nologo -clp:ErrorsOnly >/dev/null
done
./certdesk --version >/dev/null   # the program as users run it: the launcher's ReadyToRun build, built if stale
CERTDESK=(./certdesk)
[[ -f "$CDR" ]] || dotnet artifacts/bin/CertDesk.Benchmarks/release/CertDesk.Benchmarks.dll generate-cdr --rows "$ROWS" --out "$CDR"
cat "$CDR" > /dev/null   # the page cache holds the file for every command

source bench/measure.sh   # measure NAME COMMAND... -> "wall cpu max_rss_mb peak_anon_mb"
line() { printf '  %-40s wall %6.2f s  CPU %6.2f s  peak RssAnon %5d MB\n' "$1" "$2" "$3" "$4"; }

echo "$CDR: $(stat -c %s "$CDR") bytes, $ROWS rows, load $(cut -d' ' -f1 /proc/loadavg), $(nproc) cores"
read -r aw ac _ am < <(measure aggregate "${CERTDESK[@]}" kpi aggregate --cdr "$CDR" --out "$DATA/out-aggregate.csv")
line "certdesk kpi aggregate" "$aw" "$ac" "$am"
rm -f "$DATA/anchor.duckdb" "$DATA/anchor.duckdb.wal"
read -r dw dc _ dm < <(measure duckdb dotnet artifacts/bin/CertDesk.Bench.DuckDb/release/CertDesk.Bench.DuckDb.dll "$CDR" "$DATA/anchor.duckdb")
line "DuckDB into its own table (anchor)" "$dw" "$dc" "$dm"

db="$DATA/import-cdr.db"
rm -f "$db" "$db-wal" "$db-shm"
"${CERTDESK[@]}" export roster --out "$DATA/empty-roster.csv" --database "Data Source=$db" >/dev/null   # migrate first
read -r sw sc _ sm < <(measure import-sqlite "${CERTDESK[@]}" import cdr "$CDR" --database "Data Source=$db")
line "certdesk import cdr (SQLite)" "$sw" "$sc" "$sm"
echo "    $(cat "$DATA/import-sqlite.stdout")"
read -r rw rc _ rm < <(measure reimport-sqlite "${CERTDESK[@]}" import cdr "$CDR" --database "Data Source=$db")
line "certdesk import cdr again (SQLite)" "$rw" "$rc" "$rm"
echo "    $(cat "$DATA/reimport-sqlite.stdout")"
awk -v s="$sw" -v a="$aw" -v d="$dw" 'BEGIN { printf "  SQLite import / kpi aggregate: %.2f (goal at most 1.5); import / DuckDB: %.2f\n", s / a, s / d }'

if [[ -n "${PG:-}" ]]; then
  pgdb="certdesk_import_bench"
  server="$PG"
  psql_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/psql
  field() { sed -nE "s/(^|.*;)$1=([^;]+).*/\\2/p" <<<"$server"; }   # a key of the connection string, empty if absent
  host=$(field Host); port=$(field Port); user=$(field Username); pass=$(field Password)
  host=${host:-localhost}; port=${port:-5432}; user=${user:-postgres}
  PGPASSWORD="$pass" "$psql_bin" -h "$host" -p "$port" -U "$user" -d postgres -qc "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" -c "CREATE DATABASE $pgdb" >/dev/null
  "${CERTDESK[@]}" export roster --out "$DATA/empty-roster.csv" --database "$server;Database=$pgdb" >/dev/null
  read -r pw pc _ pm < <(measure import-pg "${CERTDESK[@]}" import cdr "$CDR" --database "$server;Database=$pgdb")
  line "certdesk import cdr (PostgreSQL)" "$pw" "$pc" "$pm"
  echo "    $(cat "$DATA/import-pg.stdout")"
  read -r qw qc _ qm < <(measure reimport-pg "${CERTDESK[@]}" import cdr "$CDR" --database "$server;Database=$pgdb")
  line "certdesk import cdr again (PostgreSQL)" "$qw" "$qc" "$qm"
  awk -v s="$pw" -v a="$aw" 'BEGIN { printf "  PostgreSQL import / kpi aggregate: %.2f (goal at most 2)\n", s / a }'
fi
