#!/usr/bin/env bash
# `npm run bench [-- --quick] [-- --only=<section>]`: from a clean clone, installs what is
# missing and builds (benchmarks run the built code, as users get it), then runs
# scripts/bench.mjs. Not part of `npm test`. See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/ensure-deps.sh
echo "== build"
npm run build --silent >/dev/null
exec node scripts/bench.mjs "$@"
