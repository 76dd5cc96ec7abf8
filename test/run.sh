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

# --- A Chinese font: the wall's text and the review's PDF export embed Debian's Noto CJK ---
if [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] && [ -z "${PDF_FONT:-}" ]; then
  missing "Noto Sans CJK not found: the PDF export tests need Debian's package (apt-get install fonts-noto-cjk) or PDF_FONT; they will fail"
fi

# --- A throwaway PostgreSQL, bound to 127.0.0.1 only ---
source test/helpers/pg.sh
trap 'pg_stop; rm -rf "$results"' EXIT
pg_start; rc=$?
if [ $rc = 1 ]; then
  missing "PostgreSQL binaries (initdb, pg_ctl) not found: the PostgreSQL run needs Debian's package (apt-get install postgresql)"
elif [ $rc != 0 ]; then
  missing "could not start PostgreSQL from $pg_bin"
fi

echo "== typecheck (vue-tsc)"
npx vue-tsc --noEmit -p tsconfig.json || exit 1

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
