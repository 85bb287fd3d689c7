#!/usr/bin/env bash
# Adds one migration to both providers' folders, so that their ids stay the same (docs/adr/0003).
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh Name}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project src/CertDesk --context "${provider}CertDeskDbContext" \
    --output-dir "Data/Migrations/$provider" --namespace "CertDesk.Data.Migrations.$provider"
  # dotnet-ef writes the model snapshot under a folder named after the root namespace: move it beside its migrations.
  if [ -d src/CertDesk/CertDesk ]; then
    mv src/CertDesk/CertDesk/Data/Migrations/$provider/*.cs "src/CertDesk/Data/Migrations/$provider/"
    rm -rf src/CertDesk/CertDesk
  fi
done
# The start takes a database with the newest migration applied as current (CertDeskServices.Latest*Migration).
for provider in Sqlite Postgres; do
  latest=$(cd "src/CertDesk/Data/Migrations/$provider" && ls | grep -E '^[0-9]{14}_[A-Za-z0-9]+\.cs$' | sort | tail -n 1)
  sed -i -E "s/(Latest${provider}Migration = \")[^\"]+\"/\1${latest%.cs}\"/" src/CertDesk/Hosting/CertDeskServices.cs
done
count=$(cd src/CertDesk/Data/Migrations/Sqlite && ls | grep -cE '^[0-9]{14}_[A-Za-z0-9]+\.cs$')
sed -i -E "s/(MigrationCount = )[0-9]+;/\1${count};/" src/CertDesk/Hosting/CertDeskServices.cs
# A model change is also a change of the compiled models the program runs with.
scripts/compiled-models.sh
