#!/usr/bin/env bash
# `staff --forecast` as a whole command (start, read, solve, write) on a year of 20 queues (700,800 rows), side by side
# with the same whole command in pure Python (bench/python/staffing.py --out: read, the same algorithm, write).
# Times: hyperfine (CertDesk 10 runs after two warm-ups; Python 2 runs, each about half a minute). Memory: peak anonymous resident memory (RssAnon), sampled every 5 ms
# from /proc/PID/status, for both programs alike. Usage: bench/staff-forecast-compare.sh [WORKDIR]
# DISTINCT=1 generates a year where almost no two intervals are the same (no answer can be reused: every row is solved);
# give it a work directory of its own.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=${1:-$(mktemp -d)}
mkdir -p "$work"
"$root/certdesk" --version >/dev/null   # the program as users run it: the launcher's ReadyToRun build, built if stale
dotnet build "$root/bench/CertDesk.Benchmarks" -c Release --nologo -clp:ErrorsOnly >/dev/null
# Generated once per work directory: a file just written is still being flushed to disk while the commands run.
[ -f "$work/forecast.csv" ] || dotnet "$root/artifacts/bin/CertDesk.Benchmarks/release/CertDesk.Benchmarks.dll" generate-forecast --out "$work/forecast.csv" ${DISTINCT:+--distinct}
targets=(--interval 900 --sl 0.8 --target 20 --max-occupancy 0.85 --shrinkage 0.3)
certdesk=("$root/certdesk" staff --forecast "$work/forecast.csv" --out "$work/staffed-certdesk.csv" "${targets[@]}")
python=(python3 "$root/bench/python/staffing.py" "$work/forecast.csv" --out "$work/staffed-python.csv" "${targets[@]}")

peak_anon() { # command... -> prints the peak RssAnon in MiB
  "$@" >/dev/null 2>&1 &
  local pid=$! peak=0 r
  while kill -0 "$pid" 2>/dev/null; do
    r=$(awk '/RssAnon/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
    sleep 0.005
  done
  wait "$pid"
  echo "$((peak / 1024)) MiB"
}

hyperfine --warmup 2 --runs 10 --export-markdown "$work/times-certdesk.md" "${certdesk[*]}"
hyperfine --runs 2 --export-markdown "$work/times-python.md" "${python[*]}"
cat "$work/times-certdesk.md" "$work/times-python.md"
echo "peak RssAnon: certdesk $(peak_anon "${certdesk[@]}"), python $(peak_anon "${python[@]}")"
# The same agents and staff in every row (the Python side writes only those two answers).
cut -d, -f5,6 "$work/staffed-certdesk.csv" | cmp - <(cut -d, -f5,6 "$work/staffed-python.csv") && echo "agents and staff: identical in all $(($(wc -l <"$work/forecast.csv") - 1)) rows"
