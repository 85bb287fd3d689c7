#!/usr/bin/env bash
# Batch staffing, 20 queues x 35,040 intervals: C# StaffingSolver, a naive C# search, and the same algorithm in pure
# Python (bench/python/staffing.py) on the same forecast file. Prints each run's time and answer checksums.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build bench/CertDesk.Benchmarks -c Release --nologo -clp:ErrorsOnly >/dev/null
echo "== C# (Release) =="
dotnet artifacts/bin/CertDesk.Benchmarks/release/CertDesk.Benchmarks.dll compare "$work/forecast.csv"
echo "== Python $(python3 -c 'import sys; print(sys.version.split()[0])') =="
python3 bench/python/staffing.py "$work/forecast.csv" --interval 900 --sl 0.8 --target 20 --max-occupancy 0.85 --shrinkage 0.3
