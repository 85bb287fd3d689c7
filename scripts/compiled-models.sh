#!/usr/bin/env bash
# Regenerates the EF compiled models (src/CertDesk/Data/CompiledModels/<Provider>) from the model's code. Run it after
# any change to an entity or its configuration (scripts/add-migration.sh runs it); CompiledModelTests fails until then.
# Why compiled: building the model from OnModelCreating cost about half a second of every command's start.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build src/CertDesk -c Release --nologo -v quiet -clp:ErrorsOnly
for provider in Sqlite Postgres; do
  rm -rf "src/CertDesk/Data/CompiledModels/$provider"
  dotnet ef dbcontext optimize --no-build --configuration Release --project src/CertDesk \
    --context "${provider}CertDeskDbContext" --output-dir "Data/CompiledModels/$provider" \
    --namespace "CertDesk.Data.CompiledModels.$provider" >/dev/null
done
echo "compiled models written to src/CertDesk/Data/CompiledModels/" >&2
