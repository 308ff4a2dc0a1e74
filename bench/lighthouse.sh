#!/usr/bin/env bash
# Lighthouse 12 on the five pages of the page-weight targets (docs/performance.md, "Page weight and Lighthouse"):
# publishes the app (Release, as it is deployed), starts it in Production on a throwaway data folder with the demo
# data, signs the demo accounts in, runs Lighthouse's default mobile profile on each page and prints the four
# category scores with FCP, LCP, TBT, the kilobytes transferred and the number of console errors (and whether
# /favicon.ico answers). Not part of the test command.
#
#   bash bench/lighthouse.sh [--no-publish] [--runs N] [--only WORD] [--keep]
#
#   --no-publish  reuse the last publish output (artifacts/lighthouse/publish)
#   --runs N      run Lighthouse N times per page and print each run (default 1)
#   --only WORD   only the pages whose name contains WORD (e.g. dashboard)
#   --keep        keep the data folder and the JSON reports (printed at the end)
#
# Lighthouse's mobile default is simulated throttling: 150 ms round trip, 1.6 Mbps down, 750 Kbps up, 4x CPU slowdown,
# a Moto G Power sized screen. The page is loaded unthrottled and the timings are computed from that trace (Lantern).
# Needs Debian's chromium (installed when missing) and the npm registry for `npx lighthouse@12`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

publish=true runs=1 keep=false only=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-publish) publish=false ;;
    --runs) runs=$2; shift ;;
    --only) only=$2; shift ;;
    --keep) keep=true ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

if [[ ! -x /usr/bin/chromium ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-cjk >/dev/null
fi

out="$root/artifacts/lighthouse"
app_dir="$out/publish"
if $publish || [[ ! -f "$app_dir/Dangjian.dll" ]]; then
  rm -rf "$app_dir"
  dotnet publish src/Dangjian -c Release -o "$app_dir" -nologo -v q >/dev/null
fi

work=$(mktemp -d /tmp/dangjian-lighthouse.XXXXXX)
port=${LIGHTHOUSE_PORT:-5187}
base="http://127.0.0.1:$port"
app_pid=""
cleanup() {
  if [[ -n "$app_pid" ]]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  if ! $keep; then rm -rf "$work"; fi
}
trap cleanup EXIT

# Production, as deployed, with the demo switched on so that the demo accounts exist (their first-sign-in password
# change is waived while Demo:Enabled is true, CurrentUser.GetAsync).
(
  cd "$app_dir"
  ASPNETCORE_ENVIRONMENT=Production \
  DataDirectory="$work/data" \
  Database__MigrateOnStart=true \
  Demo__Enabled=true \
  PersonalData__Key="$(head -c 32 /dev/urandom | base64)" \
  exec dotnet Dangjian.dll --urls "$base"
) >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "$base/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$app_pid" 2>/dev/null; then cat "$work/app.log" >&2; exit 1; fi
  sleep 1
done
curl -fsS "$base/healthz" >/dev/null

# The session cookie of a demo account, signed in through the page as a browser would.
session_cookie() {
  local jar="$work/$1.cookies" token
  token=$(curl -fsS -c "$jar" "$base/Account/SignIn" | grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  curl -fsS -b "$jar" -c "$jar" -o /dev/null \
    --data-urlencode "Input.UserName=$1" --data-urlencode "Input.Password=dangjian2026" \
    --data-urlencode "__RequestVerificationToken=$token" "$base/Account/SignIn"
  awk '$6 == "dangjian" { print "dangjian=" $7 }' "$jar"
}

chrome_flags="--headless=new --no-sandbox --disable-gpu --disable-quic --disable-background-networking --disable-component-update --disable-sync --no-first-run"
export CHROME_PATH=/usr/bin/chromium

# name | path | account (empty: signed out)
pages=(
  "sign-in|/Account/SignIn|"
  "dashboard (weidu)|/|weidu"
  "member list (weidu)|/Members|weidu"
  "member home (dangyuan)|/|dangyuan"
  "resident home (jumin)|/|jumin"
)

echo "load average before: $(uptime | sed 's/.*load average: //')"
echo "/favicon.ico: $(curl -s -o /dev/null -w '%{http_code}' "$base/favicon.ico")"
printf '%-24s %4s %5s %4s %4s %7s %7s %6s %8s %6s\n' page perf a11y bp seo FCP LCP TBT KB errors
for entry in "${pages[@]}"; do
  IFS='|' read -r name path account <<<"$entry"
  [[ "$name" == *"$only"* ]] || continue
  headers='{}'
  if [[ -n "$account" ]]; then
    cookie=$(session_cookie "$account")
    [[ -n "$cookie" ]] || { echo "could not sign in as $account" >&2; exit 1; }
    headers=$(jq -cn --arg c "$cookie" '{Cookie: $c}')
  fi
  for run in $(seq 1 "$runs"); do
    report="$work/$(echo "$name" | tr -c 'a-z0-9\n' '-')-$run.json"
    # A run now and then ends without a trace (NO_NAVSTART, NO_FCP) on this loaded machine: such a run is repeated,
    # up to three times.
    for attempt in 1 2 3; do
      if npx --yes lighthouse@12 "$base$path" --quiet --output=json --output-path="$report" \
        --chrome-flags="$chrome_flags" --extra-headers="$headers" --only-categories=performance,accessibility,best-practices,seo \
        >/dev/null 2>"$work/lighthouse.err" && [[ $(jq -r '.runtimeError.code // ""' "$report") == "" ]]; then
        break
      fi
      if [[ $attempt == 3 ]]; then cat "$work/lighthouse.err" >&2; jq -r '.runtimeError // empty' "$report" >&2 2>/dev/null; exit 1; fi
      echo "    (run failed: $(jq -r '.runtimeError.code // "no report"' "$report" 2>/dev/null || echo "no report"); again)"
    done
    final=$(jq -r '.finalDisplayedUrl' "$report")
    if [[ "$final" != "$base$path" ]]; then echo "$name ended on $final, not $base$path" >&2; exit 1; fi
    jq -r --arg name "$name" '
      def score(c): (.categories[c].score * 100 | round);
      def ms(a): (.audits[a].numericValue | round);
      [$name, score("performance"), score("accessibility"), score("best-practices"), score("seo"),
       ms("first-contentful-paint"), ms("largest-contentful-paint"), ms("total-blocking-time"),
       (.audits["total-byte-weight"].numericValue / 1024 | round),
       (.audits["errors-in-console"].details.items | length)] | @tsv' "$report" |
      awk -F'\t' '{ printf "%-24s %4s %5s %4s %4s %5sms %5sms %4sms %8s %6s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }'
    # What keeps a score below 100: failing audits of the category, by title.
    jq -r '.categories as $c | .audits as $a
      | ["accessibility", "best-practices"][] as $cat
      | $c[$cat].auditRefs[] | select(.weight > 0) | $a[.id] | select(.score != null and .score < 1)
      | "    \($cat): \(.id) (\(.title))"' "$report"
  done
done
echo "load average after: $(uptime | sed 's/.*load average: //')"
if $keep; then echo "reports and data: $work"; fi
