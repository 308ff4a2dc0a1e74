#!/usr/bin/env bash
# Mutation testing of the files that hold rules (scripts/mutation-targets.tsv), with Stryker.NET: only the chosen
# files are mutated and only their tests run, so that one file takes minutes, not hours. Not part of the test
# command: run it before resolving a feature that adds or changes a rule file.
#
#   bash scripts/mutation.sh                 every file in the list
#   bash scripts/mutation.sh Scope Transfer  the files whose path contains one of the words
#
# Writes Stryker's reports to artifacts/mutation/run-<time>/, and the scores to artifacts/mutation/summary.md
# (one row per file mutated so far; a file's row is replaced each time it is mutated again),
# score = (killed + timed out) ÷ (killed + timed out + survived + not covered). docs/testing.md names the survivors
# that no test can tell apart from the original.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/artifacts/mutation"
mkdir -p "$out"
dotnet tool restore >/dev/null

targets=()
while IFS=$'\t' read -r file filter; do
  [[ -z "$file" || "$file" == \#* ]] && continue
  if (( $# == 0 )); then targets+=("$file"$'\t'"$filter"); continue; fi
  for word in "$@"; do
    if [[ "$file" == *"$word"* ]]; then targets+=("$file"$'\t'"$filter"); break; fi
  done
done < scripts/mutation-targets.tsv
(( ${#targets[@]} > 0 )) || { echo "No file in scripts/mutation-targets.tsv matches: $*" >&2; exit 2; }

# The suite's HTTP tests run on SQLite here: a mutant that only PostgreSQL would catch is not a rule file's concern.
export DANGJIAN_TEST_DATABASE=sqlite

# One Stryker run for all the files chosen: one build and one first test run instead of one per file. Each mutant
# still runs only the tests that reach it.
mutate=()
filters=()
names=()
for target in "${targets[@]}"; do
  file=${target%%$'\t'*}
  mutate+=(--mutate "**/src/Dangjian/$file")
  filters+=("${target#*$'\t'}")
  names+=("$file")
done
filter=$(IFS='|'; echo "${filters[*]}")
run="$out/run-$(date +%Y%m%d-%H%M%S)"
echo "Mutating ${#names[@]} file(s); log: $run.log"
started=$(date +%s)
if ! (cd tests/Dangjian.Tests && dotnet dotnet-stryker --test-runner mtp --project Dangjian.csproj "${mutate[@]}" \
      --test-case-filter "$filter" --concurrency "${MUTATION_CONCURRENCY:-2}" \
      --reporter Json --reporter Html --reporter Progress --output "$run" --skip-version-check) > "$run.log" 2>&1; then
  echo "Stryker failed; see $run.log" >&2
  exit 1
fi
elapsed="$(( $(date +%s) - started )) s"

report="$run/reports/mutation-report.json"
for file in "${names[@]}"; do
  node scripts/mutation-summary.mjs "$report" "$file" "$elapsed" > "$out/$(basename "$file" .cs).md"
done
{
  echo "| file | killed | survived | not covered | score | run time |"
  echo "|---|---|---|---|---|---|"
  for md in "$out"/*.md; do
    [[ "$(basename "$md")" == summary.md ]] && continue
    head -1 "$md"
  done
  echo
  for md in "$out"/*.md; do
    [[ "$(basename "$md")" == summary.md ]] && continue
    tail -n +2 "$md" | sed "s|^|$(basename "$md" .md): |"
  done
} > "$out/summary.md"
cat "$out/summary.md"
