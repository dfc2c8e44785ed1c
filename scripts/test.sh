#!/usr/bin/env bash
# `npm test`: from a clean clone, installs what is missing, builds, runs every workspace's
# unit tests, then the end-to-end suite. Ends with the runners' summary lines and one total.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || exit 1
bash scripts/ensure-deps.sh || exit 1

echo "== build"
npm run build --silent || exit 1

mkdir -p test-output
status=0
echo "== unit tests (vitest: shared, companion, extension)"
npx vitest run --config vitest.config.ts --reporter=default --reporter=json --outputFile.json="$PWD/test-output/unit.json" || status=1
echo "== end-to-end tests (puppeteer + Debian Chromium)"
npx vitest run --config test/vitest.config.ts --reporter=default --reporter=json --outputFile.json="$PWD/test-output/e2e.json" || status=1

node scripts/test-summary.mjs test-output/unit.json test-output/e2e.json || status=1
exit $status
