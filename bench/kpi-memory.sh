#!/usr/bin/env bash
# Peak memory and wall time of `certdesk kpi aggregate` against DuckDB (the anchor, same file, same run) on files of many
# (team, interval) cells: one year of 60 teams (10M rows, about 2.1 million cells) and five years of 300 teams (24M
# rows, about 19 million cells). Memory is the peak RssAnon of /proc/PID/status sampled every 10 ms (anonymous memory:
# the page cache of the memory-mapped input is not counted), for both programs alike. certdesk runs with Server GC
# (DOTNET_gcServer=1) and with its default, workstation GC (DOTNET_gcServer=0); the outputs must be byte-identical to DuckDB's.
#   bench/kpi-memory.sh                 both files (generated once into bench/data/, which git ignores; 1.3 and 3.3 GB)
#   FILES=year bench/kpi-memory.sh      only the one-year file (FILES=fiveyears for the other)
#   CERTDESK_KPI_CELL_BUDGET=N ...      another cell budget (cells in memory across the workers; default 786,432)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=bench/data
FILES="${FILES:-year fiveyears}"
mkdir -p "$DATA"

./certdesk --version >/dev/null   # the program as users run it: the launcher's ReadyToRun build, built if stale
dotnet build -c Release bench/CertDesk.Benchmarks/CertDesk.Benchmarks.csproj -v q -nologo -clp:ErrorsOnly
dotnet build -c Release bench/CertDesk.Bench.DuckDb/CertDesk.Bench.DuckDb.csproj -v q -nologo -clp:ErrorsOnly

exec {pause}<> <(:) # `read -t` on an empty pipe: a 10 ms sleep without starting a process
measure() { # name, command... -> prints "wall_seconds peak_rss_anon_mib"; the sampler forks nothing
  local name="$1"; shift
  local start end pid peak=0 key value
  start=$(date +%s%N)
  "$@" > "$DATA/$name.stdout" 2> "$DATA/$name.stderr" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    while read -r key value _; do
      if [[ "$key" == RssAnon: ]]; then ((value > peak)) && peak=$value; break; fi
    done < "/proc/$pid/status" 2>/dev/null || true
    read -r -t 0.01 -u "$pause" || true
  done
  wait "$pid"
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v kb="$peak" 'BEGIN { printf "%.2f %d\n", ns / 1e9, kb / 1024 }'
}

for which in $FILES; do
  case "$which" in
    year) rows=10000000 teams=60 days=365 ;;
    fiveyears) rows=24000000 teams=300 days=1826 ;;
    *) echo "unknown file $which" >&2; exit 2 ;;
  esac
  cdr="$DATA/cdr-$rows-t$teams-d$days.csv"
  if [[ ! -f "$cdr" ]]; then
    echo "generating $cdr ..."
    dotnet artifacts/bin/CertDesk.Benchmarks/release/CertDesk.Benchmarks.dll generate-cdr --rows "$rows" --teams "$teams" --days "$days" --out "$cdr"
  fi
  cat "$cdr" > /dev/null # warm the page cache
  certdesk=(./certdesk kpi aggregate --cdr "$cdr" --out "$DATA/out-certdesk.csv")
  read -r sw sm < <(DOTNET_gcServer=1 measure certdesk-server "${certdesk[@]}")
  read -r ww wm < <(DOTNET_gcServer=0 measure certdesk-workstation "${certdesk[@]}")
  read -r dw dm < <(measure duckdb dotnet artifacts/bin/CertDesk.Bench.DuckDb/release/CertDesk.Bench.DuckDb.dll "$cdr" "$DATA/out-duckdb.csv")
  # certdesk ends records with CRLF (RFC 4180), DuckDB's COPY with LF: compared with the CRs taken out.
  tr -d '\r' < "$DATA/out-certdesk.csv" | cmp - "$DATA/out-duckdb.csv"
  facts=$(($(wc -l < "$DATA/out-duckdb.csv") - 1))
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "$which ($rows rows, $teams teams, $days days, $facts facts, load $load): certdesk server GC ${sw} s, peak RssAnon ${sm} MiB | certdesk workstation GC ${ww} s, ${wm} MiB | duckdb ${dw} s, ${dm} MiB | outputs identical" | tee -a "$DATA/memory-summary.txt"
  rm -f "$DATA/out-certdesk.csv" "$DATA/out-duckdb.csv"
done
