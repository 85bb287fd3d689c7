#!/usr/bin/env bash
# Whole-process comparison of `certdesk kpi aggregate` with DuckDB (DuckDB.NET.Data.Full, default threads) and the
# sqlite3 CLI (.import --csv, then GROUP BY) on one generated CDR file; wall time and max RSS from /usr/bin/time -v;
# the three outputs must be byte-identical.
#   bench/kpi-compare.sh [ROWS]      (default 10000000; data and outputs go to bench/data/, which git ignores)
#   SKIP_SQLITE=1 bench/kpi-compare.sh   to leave sqlite out (it takes minutes at 10M rows)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-10000000}"
DATA=bench/data
CDR="$DATA/cdr-$ROWS.csv"
mkdir -p "$DATA"

dotnet build -c Release src/CertDesk/CertDesk.csproj -v q -nologo
dotnet build -c Release bench/CertDesk.Benchmarks/CertDesk.Benchmarks.csproj -v q -nologo
dotnet build -c Release bench/CertDesk.Bench.DuckDb/CertDesk.Bench.DuckDb.csproj -v q -nologo

if [[ ! -f "$CDR" ]]; then
  echo "generating $CDR ..."
  dotnet artifacts/bin/CertDesk.Benchmarks/release/CertDesk.Benchmarks.dll generate-cdr --rows "$ROWS" --out "$CDR"
fi
ls -l "$CDR"
cat "$CDR" > /dev/null   # warm the page cache so that every tool reads from memory

measure() { # name, command...
  local name="$1"; shift
  /usr/bin/time -v "$@" > "$DATA/$name.stdout" 2> "$DATA/$name.time"
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$DATA/$name.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$DATA/$name.time" | awk '{print $NF}')
  printf '%-10s wall %-10s max RSS %6d MB\n' "$name" "$wall" $((rss / 1024)) | tee -a "$DATA/summary.txt"
}
: > "$DATA/summary.txt"

measure certdesk dotnet artifacts/bin/CertDesk/release/certdesk.dll kpi aggregate --cdr "$CDR" --out "$DATA/out-certdesk.csv"
measure duckdb dotnet artifacts/bin/CertDesk.Bench.DuckDb/release/CertDesk.Bench.DuckDb.dll "$CDR" "$DATA/out-duckdb.csv"
cmp "$DATA/out-certdesk.csv" "$DATA/out-duckdb.csv" && echo "certdesk and duckdb outputs identical"

if [[ -z "${SKIP_SQLITE:-}" ]]; then
  rm -f "$DATA/sqlite.db"
  cat > "$DATA/kpi.sql" <<SQL
.mode csv
.import --csv $CDR cdr
.headers on
.separator "," "\n"
.output $DATA/out-sqlite.csv
SELECT team_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', (unixepoch(arrived_at) / 900) * 900, 'unixepoch') AS interval_start,
       count(*) AS offered,
       sum(answered_at <> '') AS answered,
       sum(lower(abandoned) IN ('true', '1')) AS abandoned,
       sum(answered_at <> '' AND CAST(wait_seconds AS INTEGER) <= 20) AS answered_within_threshold,
       sum(CASE WHEN answered_at <> '' THEN CAST(wait_seconds AS INTEGER) ELSE 0 END) AS wait_seconds_answered,
       sum(CASE WHEN answered_at <> '' THEN CAST(handle_seconds AS INTEGER) ELSE 0 END) AS handle_seconds,
       sum(CASE WHEN answered_at <> '' THEN CAST(hold_seconds AS INTEGER) ELSE 0 END) AS hold_seconds,
       sum(CASE WHEN answered_at <> '' THEN CAST(wrap_seconds AS INTEGER) ELSE 0 END) AS wrap_seconds,
       sum(lower(transferred) IN ('true', '1')) AS transferred,
       sum(lower(resolved_first_contact) IN ('true', '1')) AS resolved_first_contact,
       sum(CASE WHEN csat <> '' THEN CAST(csat AS INTEGER) ELSE 0 END) AS csat_sum,
       sum(csat <> '') AS csat_count
FROM cdr
GROUP BY 1, 2
ORDER BY 1, 2;
SQL
  measure sqlite /usr/bin/sqlite3 "$DATA/sqlite.db" ".read $DATA/kpi.sql"
  cmp "$DATA/out-certdesk.csv" "$DATA/out-sqlite.csv" && echo "certdesk and sqlite outputs identical"
  rm -f "$DATA/sqlite.db"
fi
cat "$DATA/summary.txt"
