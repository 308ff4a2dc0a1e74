#!/usr/bin/env bash
# The test command: installs what the tests need (Debian packages), starts a throwaway PostgreSQL on 127.0.0.1,
# runs every suite (rules and HTTP use cases on SQLite, the same on PostgreSQL, browser journeys in Chromium),
# stops what it started, and ends with "N passed, N failed". Exit status is non-zero on any failure.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/lib/postgresql/15/bin/pg_ctl ] || missing+=(postgresql)
command -v chromium >/dev/null || missing+=(chromium)
# The browser's own zh-CN resources: without them Chromium falls back to en-US (dates as mm/dd/yyyy).
[ -f /usr/lib/chromium/locales/zh-CN.pak ] || missing+=(chromium-l10n)
# Not grep -q: its early exit would fail the pipe under pipefail and reinstall the fonts every run.
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}"
  sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A throwaway PostgreSQL: its own data folder and a free port, stopped on exit whatever happens.
pgdata=$(mktemp -d /tmp/dangjian-pg.XXXXXX)
chown postgres: "$pgdata" 2>/dev/null || true
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_pg() { as_postgres /usr/lib/postgresql/15/bin/pg_ctl -D "$pgdata" -m fast stop >/dev/null 2>&1; rm -rf "$pgdata"; }
trap stop_pg EXIT
as_postgres /usr/lib/postgresql/15/bin/initdb -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# 300 connections: two test classes may each fill their pool (100) at once, as the 200 parallel claims do.
as_postgres /usr/lib/postgresql/15/bin/pg_ctl -D "$pgdata" -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdata -c fsync=off -c jit=off -c max_connections=300" \
  -l "$pgdata/server.log" -w start >/dev/null
export DANGJIAN_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres"

dotnet build Dangjian.slnx -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0; status=0
logs=$(mktemp -d /tmp/dangjian-test-logs.XXXXXX)
run_suite() { # log label project env... : runs one suite, its whole output into the log
  local log=$1 label=$2 project=$3; shift 3
  echo "== $label" > "$log"
  env "$@" dotnet test "$project" --no-build -nologo >> "$log" 2>&1
}
count_suite() { # log : prints the suite's failures and adds its summary to the totals
  local log=$1
  head -1 "$log"
  grep -E "^\s*(Failed |Passed!|Failed!)|\[FAIL\]" "$log" || true
  # Why each test failed, so that a run seen only through this summary can still be diagnosed (at most 200 lines).
  if grep -qE "^\s+Failed " "$log"; then
    echo "   -- the failures' messages:"
    grep -A 24 -E "^\s+Failed " "$log" | cut -c1-400 | head -200 | sed 's/^/   /'
  fi
  local summary; summary=$(grep -E "(Passed|Failed)!\s+- Failed:" "$log" | tail -1)
  if [ -z "$summary" ]; then
    echo "   (no test summary: the run did not complete)"; tail -20 "$log"; failed=$((failed+1)); status=1
  else
    local f p
    f=$(echo "$summary" | sed -E 's/.*Failed:\s*([0-9]+).*/\1/')
    p=$(echo "$summary" | sed -E 's/.*Passed:\s*([0-9]+).*/\1/')
    passed=$((passed+p)); failed=$((failed+f))
    [ "$f" -eq 0 ] || status=1
  fi
}

# The API contract: the app writes its OpenAPI document without serving or touching a database, and Redocly lints it
# (0 errors). The version is pinned so that a new rule cannot fail a run that changed nothing.
lint_openapi() {
  echo "== OpenAPI document lint"
  local doc data out="" ok=1
  doc=$(mktemp --suffix=.json); data=$(mktemp -d)
  if ! DataDirectory="$data" dotnet src/Dangjian/bin/Debug/net10.0/Dangjian.dll openapi "$doc" >/dev/null; then
    ok=0
  elif ! out=$(npx --yes @redocly/cli@2.77.0 lint "$doc" --config redocly.yaml --format=stylish 2>&1); then
    ok=0
  fi
  # Redocly's framed notices (e.g. about the Node.js version) are left out.
  echo "$out" | grep -v -E '^\s*[║╔╚]|^\s*$' | sed 's/^/   /'
  if [ $ok -eq 1 ]; then passed=$((passed+1)); else echo "   OpenAPI lint failed"; failed=$((failed+1)); status=1; fi
  rm -rf "$doc" "$data"
}
lint_openapi

# The two database suites are independent (each fixture has its own database) and mostly wait on their database, so
# they run side by side; the browser journeys follow, on a machine no longer busy with them.
run_suite "$logs/sqlite" "Rules and HTTP use cases on SQLite" tests/Dangjian.Tests DANGJIAN_TEST_DATABASE=sqlite &
sqlite_pid=$!
run_suite "$logs/postgres" "Rules and HTTP use cases on PostgreSQL" tests/Dangjian.Tests DANGJIAN_TEST_DATABASE=postgres &
postgres_pid=$!
wait "$sqlite_pid"; wait "$postgres_pid"
count_suite "$logs/sqlite"
count_suite "$logs/postgres"
if [ -d tests/Dangjian.BrowserTests ] && ls tests/Dangjian.BrowserTests/*.csproj >/dev/null 2>&1; then
  run_suite "$logs/browser" "Browser journeys in Chromium" tests/Dangjian.BrowserTests DANGJIAN_TEST_DATABASE=sqlite
  count_suite "$logs/browser"
fi
rm -rf "$logs"

echo "$passed passed, $failed failed"
exit $status
