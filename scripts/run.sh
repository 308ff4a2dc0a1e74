#!/usr/bin/env bash
# The run command: restores, builds, applies the migrations to the SQLite file under data/, loads the demo data on
# first start, and serves on http://127.0.0.1:5080. The demo sign-ins are printed at start.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
dotnet build src/Dangjian -nologo -v q
exec dotnet run --no-build --project src/Dangjian --no-launch-profile --urls http://127.0.0.1:5080
