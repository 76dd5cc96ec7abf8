#!/usr/bin/env bash
# npm run bench: every benchmark, on the embedded database and on a throwaway PostgreSQL.
set -uo pipefail
cd "$(dirname "$0")/.."
source test/helpers/pg.sh
trap pg_stop EXIT
pg_start || echo "!!! PostgreSQL not available (apt-get install postgresql): PostgreSQL figures skipped" >&2
npx tsx bench/realtime.ts "$@"
npx tsx bench/indicators.ts "$@"
NODE_OPTIONS=--expose-gc npx tsx bench/warnings.ts "$@"
npx vite build --logLevel warn && npx tsx bench/wallLoad.ts
