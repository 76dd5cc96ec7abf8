#!/usr/bin/env bash
# The whole suite: unit, API and realtime tests on the embedded database, the same tests on a
# real PostgreSQL started here for the run, and the wall in headless Chromium.
# Outside CI a missing part (PostgreSQL binaries, Chromium) is skipped with a loud warning;
# under CI=true it fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."

warn() { printf '\n\033[1;33m!!! %s\033[0m\n\n' "$*" >&2; }
missing() {
  if [ "${CI:-}" = "true" ]; then printf '\033[1;31mFAIL: %s\033[0m\n' "$*" >&2; exit 1; fi
  warn "SKIPPED: $*"
}

results=$(mktemp -d)
status=0

# --- Chromium for the browser tests ---
chromium_bin=${CHROMIUM_PATH:-/usr/bin/chromium}
exclude=()
if [ ! -x "$chromium_bin" ]; then
  missing "Chromium not found at $chromium_bin: browser tests need Debian's package (apt-get install chromium)"
  exclude=(--exclude 'test/**/*.browser.test.ts')
fi

# --- A throwaway PostgreSQL, bound to 127.0.0.1 only ---
pg_bin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && pg_bin=$d; done
[ -z "$pg_bin" ] && command -v initdb >/dev/null && pg_bin=$(dirname "$(command -v initdb)")
pg_dir=""
cleanup() {
  if [ -n "$pg_dir" ]; then as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pg_dir"; fi
  rm -rf "$results"
}
as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
trap cleanup EXIT

if [ -z "$pg_bin" ]; then
  missing "PostgreSQL binaries (initdb, pg_ctl) not found: the PostgreSQL run needs Debian's package (apt-get install postgresql)"
else
  pg_dir=$(mktemp -d /tmp/govscreen-pg.XXXXXX)
  [ "$(id -u)" = "0" ] && chown postgres "$pg_dir"
  pg_port=$((20000 + RANDOM % 20000))
  if as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 &&
     as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
       -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_parallel_workers_per_gather=0 -c timezone=UTC" start >/dev/null; then
    export TEST_PG_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
    echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') for tests on 127.0.0.1:$pg_port"
  else
    cat "$pg_dir/initdb.log" "$pg_dir/server.log" 2>/dev/null >&2
    missing "could not start PostgreSQL from $pg_bin"
    pg_dir=""
  fi
fi

# --- The client the browser tests open ---
npx vite build --logLevel warn || exit 1

echo "== suite on the embedded database (PGlite)${exclude:+, browser tests skipped}"
npx vitest run "${exclude[@]}" --reporter=default --reporter=json --outputFile="$results/pglite.json" || status=1

if [ -n "${TEST_PG_URL:-}" ]; then
  echo "== database tests on PostgreSQL"
  TEST_DB=postgres npx vitest run test/server test/db --reporter=default --reporter=json --outputFile="$results/postgres.json" || status=1
fi

node -e '
  const fs = require("fs"); let p = 0, f = 0, s = 0
  for (const file of fs.readdirSync(process.argv[1])) {
    const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + file, "utf8"))
    p += r.numPassedTests; f += r.numFailedTests; s += r.numPendingTests + (r.numTodoTests || 0)
  }
  console.log(`\n${p} passed, ${f} failed, ${s} skipped`)
' "$results"
exit $status
