#!/usr/bin/env bash
# Generates a migration for both databases: scripts/add-migration.sh <Name>
#
# The EF design package depends on Mono.TextTemplating and Microsoft.VisualStudio.SolutionPersistence, which the
# package mirror does not serve. Migration generation never uses them, so empty stand-ins are packed into a
# throwaway feed outside the repository, and the design package is referenced only for this build (EfDesign=true).
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
root=$(cd "$(dirname "$0")/.." && pwd)
feed=$(mktemp -d)
trap 'rm -rf "$feed"' EXIT

make_stub() { # id version
  local dir="$feed/src/$1"
  mkdir -p "$dir"
  cat > "$dir/$1.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework><PackageId>$1</PackageId><Version>$2</Version>
  <NoWarn>NU5128</NoWarn><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
</Project>
XML
  (cd "$dir" && dotnet pack -o "$feed/packages" -p:ImportDirectoryBuildProps=false -p:ImportDirectoryPackagesProps=false >/dev/null)
}
(cd "$feed" && make_stub Mono.TextTemplating 3.0.0 && make_stub Microsoft.VisualStudio.SolutionPersistence 1.0.52)

cd "$root"
dotnet tool restore >/dev/null
# The design build keeps its own lock file in the throwaway feed, so the committed packages.lock.json stays as it is.
design=(-p:EfDesign=true "-p:NuGetLockFilePath=$feed/design.lock.json")
dotnet restore src/Dangjian "${design[@]}" --source "$feed/packages" --source https://api.nuget.org/v3/index.json >/dev/null
for provider in Sqlite Postgres; do
  # Build with the design package, then let dotnet-ef use that build as it is.
  dotnet build src/Dangjian "${design[@]}" --no-restore -v q -nologo >/dev/null
  dotnet ef migrations add "$name" --no-build --project src/Dangjian --context "${provider}AppDb" \
    --output-dir "Migrations/$provider" --namespace "Dangjian.Migrations.$provider"
done
# With --namespace, a first snapshot lands in a folder named after the namespace: keep it beside its migrations.
for provider in Sqlite Postgres; do
  stray="src/Dangjian/Dangjian/Migrations/$provider/${provider}AppDbModelSnapshot.cs"
  if [ -f "$stray" ]; then mv "$stray" "src/Dangjian/Migrations/$provider/"; fi
done
rm -rf src/Dangjian/Dangjian
# Leave the project restored without the design package.
dotnet restore src/Dangjian >/dev/null
