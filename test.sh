#!/usr/bin/env bash
# Runs every test: unit, integration (SQLite and a throwaway PostgreSQL), CLI, and browser (Debian's Chromium).
# Installs what is missing (postgresql, chromium) when run as root. Artifacts (screenshots, logs) go to test-results/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing chromium and fonts (Debian packages)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core fonts-droid-fallback fonts-nanum poppler-utils qpdf >&2
  else
    echo "warning: /usr/bin/chromium is missing; browser tests will fail" >&2
  fi
fi

# qpdf (Debian) checks every PDF kind in the host tests (Features/Shared/OutputFormatsTests).
if ! command -v qpdf >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing qpdf (Debian package)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qpdf >&2
  else
    echo "warning: qpdf is missing; the PDF checks will fail" >&2
  fi
fi

# fonts-droid-fallback and fonts-nanum (Debian) print Chinese, Japanese and Korean names in PDFs; PdfNamesTests checks it.
if [ ! -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || [ ! -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing fonts-droid-fallback and fonts-nanum (Debian packages)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-droid-fallback fonts-nanum >&2
  else
    echo "warning: fonts-droid-fallback or fonts-nanum is missing; the CJK PDF check will fail" >&2
  fi
fi

# axe-core (npm) for the browser tests' accessibility checks; package-lock.json pins the version.
if [ ! -d tests/CertDesk.BrowserTests/node_modules ]; then
  npm ci --prefix tests/CertDesk.BrowserTests --no-audit --no-fund >&2
fi
# Redocly CLI (npm), the outside linter the host tests run on the served OpenAPI document; package-lock.json pins it.
if [ ! -d tests/OpenApiLint/node_modules ]; then
  npm ci --prefix tests/OpenApiLint --no-audit --no-fund >&2
fi

CERTDESK_TEST_POSTGRES="$(scripts/test-postgres.sh start)"
export CERTDESK_TEST_POSTGRES
trap 'scripts/test-postgres.sh stop' EXIT

mkdir -p test-results
dotnet tool restore >/dev/null
dotnet restore CertDesk.slnx --locked-mode --nologo >/dev/null
dotnet build CertDesk.slnx -c Release --nologo --no-restore -clp:ErrorsOnly

status=0
dotnet test CertDesk.slnx -c Release --no-build --nologo \
  --results-directory "$root/test-results" --logger "trx" 2>&1 | tee test-results/dotnet-test.log || status=$?

# A browser journey that failed while every other test passed is run once more, alone, and said so: on a loaded
# two-core machine a click now and then gets no answer within 30 s (seen 1 in 34 journeys per run, a different one
# each time). A journey that fails twice still fails the run; any other failure is never retried.
if [ "$status" -ne 0 ] && ! grep -E "Failed! .*CertDesk\.(Tests|Domain\.Tests)\.dll" test-results/dotnet-test.log >/dev/null; then
  classes=$(grep -oE "^  Failed CertDesk\.BrowserTests\.[A-Za-z.]+\.[A-Za-z_]+" test-results/dotnet-test.log \
    | sed -E 's/^  Failed //; s/\.[A-Za-z_]+$//' | sort -u || true)
  if [ -n "$classes" ]; then
    filter=$(printf '%s\n' $classes | sed 's/^/FullyQualifiedName~/' | paste -sd'|')
    echo "retrying the failed browser journeys once: $classes" | tee -a test-results/dotnet-test.log
    if dotnet test tests/CertDesk.BrowserTests -c Release --no-build --nologo --filter "$filter" \
        --results-directory "$root/test-results" --logger "trx" 2>&1 | tee test-results/browser-retry.log; then
      echo "the retried journeys passed (flaky on this machine: see test-results/browser-retry.log)"
      status=0
    fi
  fi
fi

# One plain closing line over all test projects.
awk '/(Passed|Failed)! *- *Failed: *[0-9]+, *Passed: *[0-9]+, *Skipped: *[0-9]+/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { gsub(",", "", f); printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' test-results/dotnet-test.log
exit $status
