#!/usr/bin/env bash
# Whole-process comparison of `certdesk kpi aggregate` with DuckDB (DuckDB.NET.Data.Full, default threads) and the
# sqlite3 CLI (.import --csv, then GROUP BY) on one generated CDR file; wall time, CPU time (user + sys) and max RSS from
# /usr/bin/time; the outputs must be byte-identical. certdesk and DuckDB run one after the other, RUNS times, and each
# run's ratios (certdesk / DuckDB) are printed, then their medians: on a shared machine the two programs of one run
# see about the same load, so the ratios are steadier than the times.
#   bench/kpi-compare.sh [ROWS]      (default 10000000; data and outputs go to bench/data/, which git ignores)
#   RUNS=3 bench/kpi-compare.sh      (default 1)
#   SKIP_SQLITE=1 bench/kpi-compare.sh   to leave sqlite out (it takes minutes at 10M rows)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-10000000}"
RUNS="${RUNS:-1}"
DATA=bench/data
CDR="$DATA/cdr-$ROWS.csv"
mkdir -p "$DATA"

./certdesk --version >/dev/null   # the program as users run it: the launcher's ReadyToRun build, built if stale
dotnet build -c Release bench/CertDesk.Benchmarks/CertDesk.Benchmarks.csproj -v q -nologo
dotnet build -c Release bench/CertDesk.Bench.DuckDb/CertDesk.Bench.DuckDb.csproj -v q -nologo

if [[ ! -f "$CDR" ]]; then
  echo "generating $CDR ..."
  dotnet artifacts/bin/CertDesk.Benchmarks/release/CertDesk.Benchmarks.dll generate-cdr --rows "$ROWS" --out "$CDR"
fi
ls -l "$CDR"
cat "$CDR" > /dev/null   # warm the page cache so that every tool reads from memory

measure() { # name, command...  -> prints "wall cpu rss_mb"
  local name="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$DATA/$name.time" "$@" > "$DATA/$name.stdout"
  awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 / 1024 }' "$DATA/$name.time"
}
: > "$DATA/summary.txt"
: > "$DATA/ratios.txt"

for run in $(seq 1 "$RUNS"); do
  read -r cw cc cr < <(measure certdesk ./certdesk kpi aggregate --cdr "$CDR" --out "$DATA/out-certdesk.csv")
  read -r dw dc dr < <(measure duckdb dotnet artifacts/bin/CertDesk.Bench.DuckDb/release/CertDesk.Bench.DuckDb.dll "$CDR" "$DATA/out-duckdb.csv")
  # certdesk ends records with CRLF (RFC 4180), DuckDB's COPY with LF: compared with the CRs taken out.
  tr -d '\r' < "$DATA/out-certdesk.csv" | cmp - "$DATA/out-duckdb.csv"
  load=$(cut -d' ' -f1 /proc/loadavg)
  awk -v r="$run" -v cw="$cw" -v cc="$cc" -v cr="$cr" -v dw="$dw" -v dc="$dc" -v dr="$dr" -v load="$load" 'BEGIN {
    printf "run %d (load %s): certdesk wall %.2f s, CPU %.2f s, max RSS %d MB | duckdb wall %.2f s, CPU %.2f s, max RSS %d MB | ratio wall %.3f, CPU %.3f | outputs identical\n",
      r, load, cw, cc, cr, dw, dc, dr, cw / dw, cc / dc }' | tee -a "$DATA/summary.txt"
  awk -v cw="$cw" -v cc="$cc" -v dw="$dw" -v dc="$dc" 'BEGIN { printf "%.3f %.3f\n", cw / dw, cc / dc }' >> "$DATA/ratios.txt"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "median of $RUNS run(s): ratio wall $(cut -d' ' -f1 "$DATA/ratios.txt" | median), ratio CPU $(cut -d' ' -f2 "$DATA/ratios.txt" | median)" | tee -a "$DATA/summary.txt"

if [[ -z "${SKIP_SQLITE:-}" ]]; then
  rm -f "$DATA/sqlite.db"
  cat > "$DATA/kpi.sql" <<SQL
.mode csv
.import --csv $CDR cdr
.headers on
.separator "," "\r\n"
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
  read -r sw sc sr < <(measure sqlite /usr/bin/sqlite3 "$DATA/sqlite.db" ".read $DATA/kpi.sql")
  echo "sqlite3: wall $sw s, CPU $sc s, max RSS $sr MB" | tee -a "$DATA/summary.txt"
  cmp "$DATA/out-certdesk.csv" "$DATA/out-sqlite.csv" && echo "certdesk and sqlite outputs identical"
  rm -f "$DATA/sqlite.db"
fi
cat "$DATA/summary.txt"
