#!/usr/bin/env bash
# Page-render benchmark (whole process): serves CertDesk (Release) on a fresh SQLite database seeded with the
# large demo organization, signs in as the program manager (hr@demo.local) with curl, then requests every main
# page N times (after 3 warm-up requests) and prints the median and 95th percentile of the server's time to the
# full response (curl's time_total on loopback, so essentially server render time). Goal: < 300 ms per page.
#
#   bench/pages.sh [N]        # default N=20; prints a Markdown table
#   CONNECTIONS=64 DURATION=10 bench/pages.sh
#                             # under load instead: wrk keeps CONNECTIONS requests in flight on each page for DURATION
#                             # seconds (2 threads, every request rendered: bench/unique-query.lua) and the table gives
#                             # requests/s, p50, p99 and errors per page. Goal: p99 under 100 ms. Needs wrk (Debian: wrk).
#                             # First WARMUP seconds (default 60; 0 for none) of the same load going round all pages.
#   WRITES=1 CONNECTIONS=64 DURATION=5 bench/pages.sh
#                             # the same with writes in the background: while each page is measured, the CLI imports a
#                             # new one-row interval file into the same database every second (each an audited change,
#                             # so a new data version: every kept view is worked out again).
#                             # Every page is rendered, but nothing writes during the run, so the results kept per data
#                             # version (Hosting/VersionedCache.cs: session impact, KPI report, heat map, work lists)
#                             # are worked out once; a write anywhere makes the next request work them out again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-20}"
port="${CERTDESK_BENCH_PORT:-5391}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
db="Data Source=$work/bench.db"
jar="$work/cookies"
"$root/certdesk" seed-demo --database "$db" --size large >/dev/null
"$root/certdesk" serve --database "$db" --urls "$base" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -fs "$base/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done

token="$(curl -fs -c "$jar" -b "$jar" "$base/Accounts/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')"
curl -fs -o /dev/null -c "$jar" -b "$jar" -X POST "$base/Accounts/Login" \
  --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "Input.Email=hr@demo.local" \
  --data-urlencode "Input.Password=CertDesk-demo-1"

first_link() { curl -fs -b "$jar" "$base$1" | grep -o "href=\"$2/[0-9a-f-]\{36\}\"" | head -1 | sed 's/href="//; s/"$//'; }
pages=(
  / /Organization/Employees /Organization/Teams /Organization/Sites /Organization/Roster/Import
  /Catalog/Certifications /Competencies/Framework /Gaps/HeatMap /Gaps/Plan
  /BusinessCases /BusinessCases/Budgets /TuitionPolicies /Agreements /Repayments
  /Scheduling/Sessions /Scheduling/Plan /Scheduling/Queues /Audit /Mail/Outbox
  /Catalog/Issuers /Enrollments /Credentials /ActionPlans /Dashboards/Me /Dashboards/Team /Dashboards/Program
  /Proof/Kpis /Proof/Studies /Proof/Import
)
for detail in "/Organization/Employees /Organization/Employees/Details" "/Organization/Teams /Organization/Teams/Details" \
              "/Catalog/Certifications /Catalog/Certifications/Details" "/BusinessCases /BusinessCases/Details" \
              "/Agreements /Agreements/Details" "/TuitionPolicies /TuitionPolicies/Details" "/Repayments /Repayments/Details" \
              "/Scheduling/Sessions /Scheduling/Sessions/Details" "/Enrollments /Enrollments/Details" \
              "/Credentials /Credentials/Details" "/ActionPlans /ActionPlans/Details" "/Proof/Studies /Proof/Studies/Details"; do
  set -- $detail
  link="$(first_link "$1" "$2" || true)"
  [ -n "$link" ] && pages+=("$link")
done
self="$(curl -fs -b "$jar" "$base/" | grep -o 'href="/Gaps/Person/[0-9a-f-]\{36\}"' | head -1 | sed 's/href="//; s/"$//' || true)"
[ -n "$self" ] && pages+=("$self")

if [ -n "${CONNECTIONS:-}" ]; then
  cookies=$(awk '(/^#HttpOnly_/ || !/^#/) && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")
  team="$(curl -fs -b "$jar" "$base/Organization/Teams" | grep -o 'COL-T[0-9]*' | head -1)"
  write_in_background() { # SECONDS: a new one-row interval file imported by the CLI every second
    local end=$((SECONDS + $1)) n
    while [ $SECONDS -lt $end ]; do
      n=$((10 + RANDOM))
      printf 'team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count\n%s,2026-11-30T09:00:00Z,%d,%d,0,8,90,3000,100,200,1,7,16,4\n' \
        "$team" "$n" "$n" > "$work/write.csv"
      "$root/certdesk" import intervals "$work/write.csv" --database "$db" >/dev/null
      sleep 1
    done
  }
  to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.0f", n }'; }
  # Warm-up: WARMUP seconds (default 60) of the same load going round every page, so that what is measured is the
  # steady state of a server that has been up a while (the runtime compiles hot code again, optimized, after some use),
  # not its first minute.
  if [ "${WARMUP:-60}" -gt 0 ]; then
    BENCH_PAGES="${pages[*]}" wrk -t 2 -c "$CONNECTIONS" -d "${WARMUP:-60}s" -s "$root/bench/unique-query.lua" -H "Cookie: $cookies" "$base/" > "$work/warmup.txt"
    warm_rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$work/warmup.txt")
    echo "warm-up: ${WARMUP:-60} s going round the ${#pages[@]} pages, $warm_rps requests/s"
  fi
  echo "wrk -t 2 -c $CONNECTIONS -d ${DURATION:-10}s per page, every request rendered, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at the start"
  echo
  echo "| Page | Requests/s | p50 ms | p99 ms | Non-2xx / socket errors | p99 under 100 ms |"
  echo "|---|---:|---:|---:|---:|---|"
  for page in "${pages[@]}"; do
    status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookies" "$base$page")"
    [ "$status" = 200 ] || { echo "| \`$page\` | status $status with the wrk cookies, not measured | | | | |"; continue; }
    [ -n "${WRITES:-}" ] && { write_in_background "${DURATION:-10}" & writer=$!; }
    wrk -t 2 -c "$CONNECTIONS" -d "${DURATION:-10}s" --latency -s "$root/bench/unique-query.lua" -H "Cookie: $cookies" "$base$page" > "$work/wrk.txt"
    [ -n "${WRITES:-}" ] && wait "$writer"
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$work/wrk.txt")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$work/wrk.txt")
    errors=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$work/wrk.txt")
    verdict="yes"; [ "$p99" -ge 100 ] && verdict="**no**"
    shown="$(echo "$page" | sed -E 's/[0-9a-f]{8}-[0-9a-f-]{27}/{id}/')"
    echo "| \`$shown\` | $rps | $p50 | $p99 | ${non2xx:-0} / ${errors:-0} | $verdict |"
  done
  exit 0
fi

echo "| Page | Status | Median ms | p95 ms | Max ms | Under 300 ms |"
echo "|---|---|---:|---:|---:|---|"
for page in "${pages[@]}"; do
  status="$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base$page")"
  for _ in 1 2 3; do curl -s -o /dev/null -b "$jar" "$base$page"; done
  # A query parameter unique to each request: the signed-in output cache (home page) must not answer, so this is render time.
  sep="?"; case "$page" in *\?*) sep="&";; esac
  for i in $(seq 1 "$n"); do curl -s -o /dev/null -w '%{time_total}\n' -b "$jar" "$base$page${sep}bench=$i"; done \
    | awk '{ print $1 * 1000 }' | sort -n > "$work/times"
  median="$(awk -v n="$n" 'NR == int((n + 1) / 2) { printf "%.0f", $1 }' "$work/times")"
  p95="$(awk -v n="$n" 'NR == int(n * 0.95 + 0.999) { printf "%.0f", $1 }' "$work/times")"
  max="$(tail -1 "$work/times" | awk '{ printf "%.0f", $1 }')"
  verdict="yes"; [ "${p95%.*}" -ge 300 ] && verdict="**no**"
  shown="$(echo "$page" | sed -E 's/[0-9a-f]{8}-[0-9a-f-]{27}/{id}/')"
  echo "| \`$shown\` | $status | $median | $p95 | $max | $verdict |"
done
