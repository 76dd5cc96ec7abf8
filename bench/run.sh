#!/usr/bin/env bash
# npm run bench: every benchmark, on the embedded PostgreSQL (the default deployment, fsync on),
# or on a fresh database of the server TEST_PG_URL names.
set -uo pipefail
cd "$(dirname "$0")/.."
npx tsx bench/ingest.ts
npx tsx bench/restart.ts
npx tsx bench/realtime.ts "$@"
npx tsx bench/fanout.ts
npx tsx bench/indicators.ts "$@"
npx tsx bench/indicators.ts --scope city "$@"
NODE_OPTIONS=--expose-gc npx tsx bench/warnings.ts "$@"
npx vite build --logLevel warn && npx tsx bench/wallLoad.ts
npx tsx bench/ledgerImport.ts --wall 0
npx tsx bench/ledgerImport.ts
npx tsx bench/trendPower.ts
npx tsx bench/briefing.ts
