#!/usr/bin/env bash
# Sign-in timing (whole process, measured, never asserted in tests): serves CertDesk (Release) on a fresh SQLite
# demo database and posts N wrong sign-ins for a real account and N for an unknown address, alternating, and prints
# the median and 95th percentile of each (curl's time_total on loopback). The throttle and lockout are raised out of
# the way so the raw work is compared: the two should be within the tolerance (default 25 % of the median).
#
#   bench/signin-timing.sh [N] [TOLERANCE_PERCENT]     # default N=40, 25
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-40}"
tolerance="${2:-25}"
port="${CERTDESK_BENCH_PORT:-5393}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
db="Data Source=$work/bench.db"
jar="$work/cookies"
"$root/certdesk" seed-demo --database "$db" >/dev/null
Accounts__FreeFailures=1000000 Accounts__AddressFreeFailures=1000000 Accounts__LockoutFailures=1000000 \
RateLimits__SignIn__AttemptsPerMinute=1000000 \
  "$root/certdesk" serve --database "$db" --urls "$base" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -fs "$base/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done

token="$(curl -fs -c "$jar" -b "$jar" "$base/Accounts/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')"
attempt() {
  curl -s -o /dev/null -w '%{time_total}\n' -c "$jar" -b "$jar" -X POST "$base/Accounts/Login" \
    --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "Input.Email=$1" --data-urlencode "Input.Password=Wrong-Password-123"
}
for _ in 1 2 3; do attempt manager@demo.local >/dev/null; attempt nobody@demo.local >/dev/null; done
: >"$work/known"; : >"$work/unknown"
for i in $(seq 1 "$n"); do
  attempt manager@demo.local >>"$work/known"
  attempt "nobody$i@demo.local" >>"$work/unknown"
done
stats() { sort -n "$1" | awk '{ v[NR] = $1 * 1000 } END { printf "%.1f %.1f", v[int((NR + 1) / 2)], v[int(NR * 0.95 + 0.5)] }'; }
read -r km kp <<<"$(stats "$work/known")"
read -r um up <<<"$(stats "$work/unknown")"
echo "| account | median ms | p95 ms |"
echo "| --- | ---: | ---: |"
echo "| known, wrong password | $km | $kp |"
echo "| unknown | $um | $up |"
awk -v k="$km" -v u="$um" -v t="$tolerance" 'BEGIN { d = (k > u ? k - u : u - k) / (k > u ? k : u) * 100;
  printf "difference of the medians: %.1f %% (tolerance %s %%): %s\n", d, t, (d <= t ? "within" : "OUTSIDE") }'
