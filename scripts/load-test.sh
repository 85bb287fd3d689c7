#!/usr/bin/env bash
# Load test on loopback with wrk: one Release server on a SQLite file (or PostgreSQL) seeded with the demo, three routes measured one
# after the other with the same connections and duration, each compared with hello-world (GET /health/live).
#   scripts/load-test.sh                     DURATION=60 s per route, 64 connections, the large demo
# Settings: DURATION (seconds per route, default 60), CONNECTIONS (64), THREADS (wrk threads, 2), PORT (5391),
# CERTDESK_DEMO_SIZE (large | small; large seeds a year of KPI facts first, ~15-30 s), CERTDESK_LOAD_DIR (work folder),
# CERTDESK_LOAD_POSTGRES=1 (the throwaway PostgreSQL cluster of scripts/test-postgres.sh instead of SQLite).
# The API rate limit is off for the run (RateLimits__Api__Enabled=false); nothing listens beyond 127.0.0.1.
# ROUTES (default "hello dashboard api write"): which to measure. "write" is the write mix (scripts/load-write-mix.lua):
# WRITE_CONNECTIONS (16) connections as the admin, half creating sites, half editing 256 sites made beforehand.
# Prints a Markdown table: requests/s, p50 and p99 latency, non-2xx/3xx responses and socket errors, ratio to hello-world.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
duration="${DURATION:-60}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
port="${PORT:-5391}"
size="${CERTDESK_DEMO_SIZE:-large}"
work="${CERTDESK_LOAD_DIR:-$(mktemp -d /tmp/certdesk-load.XXXXXX)}"
mkdir -p "$work"
base="http://127.0.0.1:$port"

command -v wrk > /dev/null || { echo "wrk is not installed (Debian: apt-get install -y wrk)" >&2; exit 2; }

dotnet build src/CertDesk -c Release -v q -nologo > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
dll="$root/artifacts/bin/CertDesk/release/certdesk.dll"
# CERTDESK_LOAD_POSTGRES=1: a fresh database "certdesk_load" on the throwaway PostgreSQL cluster of scripts/test-postgres.sh
# instead of a SQLite file.
if [ "${CERTDESK_LOAD_POSTGRES:-}" = 1 ]; then
  server="$(scripts/test-postgres.sh start)"
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pgport=$(printf '%s' "$server" | sed -E 's/.*Port=([0-9]+).*/\1/')
  PGPASSWORD=certdesk-test "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS certdesk_load WITH (FORCE)" -c "CREATE DATABASE certdesk_load" >&2
  db="$server;Database=certdesk_load"
  store="PostgreSQL"
else
  db="Data Source=$work/load.db"
  rm -f "$work/load.db"*
  store="SQLite"
fi

start=$(date +%s)
dotnet "$dll" seed-demo --size "$size" --database "$db" > "$work/seed.log" 2>&1 || { cat "$work/seed.log" >&2; exit 1; }
echo "seed-demo --size $size: $(( $(date +%s) - start )) s" >&2
token=$(dotnet "$dll" tokens create --email hr@demo.local --json --database "$db" | sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "no API token" >&2; exit 1; }
admin_token=$(dotnet "$dll" tokens create --email admin@demo.local --json --database "$db" | sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
[ -n "$admin_token" ] || { echo "no admin API token" >&2; exit 1; }
routes="${ROUTES:-hello dashboard api write}"
write_connections="${WRITE_CONNECTIONS:-16}"

RateLimits__Api__Enabled=false dotnet "$dll" serve --urls "$base" --database "$db" > "$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS "$base/health/live" > /dev/null 2>&1 && break
  kill -0 "$server" 2> /dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done

# Sign in as a browser does: the login form's antiforgery token and cookie, then the form post.
jar="$work/cookies.txt"
rm -f "$jar"
form=$(curl -fsS -c "$jar" "$base/Accounts/Login")
csrf=$(printf '%s' "$form" | grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | head -n 1 | sed 's/.*value="\([^"]*\)"/\1/')
curl -fsS -o /dev/null -b "$jar" -c "$jar" --data-urlencode "Input.Email=hr@demo.local" --data-urlencode "Input.Password=CertDesk-demo-1" \
  --data-urlencode "__RequestVerificationToken=$csrf" "$base/Accounts/Login"
session=$(awk '$6 == "certdesk" { print $7 }' "$jar")
[ -n "$session" ] || { echo "sign-in failed: no certdesk cookie" >&2; exit 1; }
# Every cookie the browser holds after signing in (session and antiforgery), sent as a browser sends them.
cookies=$(awk '(/^#HttpOnly_/ || !/^#/) && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")
check() { # the route answers 200 before it is measured
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$@")
  [ "$code" = 200 ] || { echo "GET ${*: -1}: $code, expected 200" >&2; exit 1; }
}
check "$base/health/live"
check -H "Cookie: $cookies" "$base/"
check -H "Authorization: Bearer $token" "$base/api/v1/employees?page_size=50"

# to_ms 1.23ms | 850.00us | 1.02s -> milliseconds
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

declare -A rps p50 p99 bad
measure() { # name, then curl-like header arguments, then the URL
  local name="$1"; shift
  local out="$work/wrk-$name.txt"
  wrk -t "$threads" -c "$connections" -d "${duration}s" --latency "$@" > "$out"
  rps[$name]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50[$name]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  local non2xx errors
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  errors=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$out")
  bad[$name]="${non2xx:-0} / ${errors:-0}"
}

# The write mix edits sites made here first (id,name per line).
sites="$work/sites.csv"
: > "$sites"
if [[ " $routes " == *" write "* ]]; then
  for i in $(seq 1 256); do
    name="Load site $i $(date +%s%N)"
    id=$(curl -fsS -H "Authorization: Bearer $admin_token" -H "Content-Type: application/json" \
      -d "{\"name\":\"$name\",\"time_zone\":\"UTC\"}" "$base/api/v1/sites" | sed -n 's/.*"id": *"\([^"]*\)".*/\1/p')
    [ -n "$id" ] || { echo "could not create site $i" >&2; exit 1; }
    echo "$id,$name" >> "$sites"
  done
fi

for name in $routes; do
  case $name in
    hello) measure hello "$base/health/live" ;;
    dashboard) measure dashboard -H "Cookie: $cookies" "$base/" ;;
    api) measure api -H "Authorization: Bearer $token" "$base/api/v1/employees?page_size=50" ;;
    write)
      saved=$connections; connections=$write_connections
      LOAD_TOKEN=$admin_token LOAD_SITES=$sites LOAD_THREADS=$threads LOAD_RUN=$(date +%s) \
        measure write -s "$root/scripts/load-write-mix.lua" "$base/api/v1/sites"
      connections=$saved ;;
  esac
done

echo
echo "wrk -t $threads -c $connections -d ${duration}s --latency, demo $size, $store, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| route | requests/s | p50 ms | p99 ms | non-2xx/3xx / socket errors | requests/s vs hello | p99 vs hello |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for name in $routes; do
  case $name in
    hello) route="GET /health/live" ;;
    dashboard) route="GET / (signed in, hr)" ;;
    api) route="GET /api/v1/employees?page_size=50 (bearer)" ;;
    write) route="write mix: POST /api/v1/sites + PUT /api/v1/sites/{id} (admin, $write_connections connections)" ;;
  esac
  ratio=$(awk -v a="${rps[$name]}" -v b="${rps[hello]}" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
  ratio99=$(awk -v a="${p99[$name]}" -v b="${p99[hello]}" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')
  echo "| $route | ${rps[$name]} | ${p50[$name]} | ${p99[$name]} | ${bad[$name]} | $ratio | $ratio99 |"
done
echo
echo "raw wrk output and the server log: $work" >&2
