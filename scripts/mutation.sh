#!/usr/bin/env bash
# Mutation testing of the files that hold rules (scripts/mutation-targets.tsv), with Stryker.NET: each file is
# mutated on its own and only its tests run, so that one file takes minutes, not hours. Not part of the test
# command: run it before resolving a feature that adds or changes a rule file.
#
#   bash scripts/mutation.sh                 every file in the list
#   bash scripts/mutation.sh Scope Transfer  the files whose path contains one of the words
#
# Writes each file's Stryker reports to artifacts/mutation/<file>/ and the scores to artifacts/mutation/summary.md,
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
status=0
for target in "${targets[@]}"; do
  file=${target%%$'\t'*}
  filter=${target#*$'\t'}
  name=$(basename "$file" .cs)
  rm -rf "${out:?}/$name"
  echo "== $file"
  started=$(date +%s)
  if ! (cd tests/Dangjian.Tests && dotnet dotnet-stryker --test-runner mtp --project Dangjian.csproj \
        --mutate "**/src/Dangjian/$file" --test-case-filter "$filter" --concurrency "${MUTATION_CONCURRENCY:-2}" \
        --reporter Json --reporter Html --reporter Progress --output "$out/$name" --skip-version-check) > "$out/$name.log" 2>&1; then
    echo "   Stryker failed; see $out/$name.log" >&2
    status=1
    continue
  fi
  echo "   $(( $(date +%s) - started )) s" > "$out/$name.time"
  node scripts/mutation-summary.mjs "$out/$name/reports/mutation-report.json" "$file" "$(cat "$out/$name.time")" | tee "$out/$name.md"
done

{
  echo "| file | killed | survived | not covered | score | time |"
  echo "|---|---|---|---|---|---|"
  for md in "$out"/*.md; do
    [[ "$(basename "$md")" == summary.md ]] && continue
    head -1 "$md"
  done
} > "$out/summary.md"
echo
cat "$out/summary.md"
exit $status
