#!/usr/bin/env bash
# `npm run demo`: sets up what is missing, builds, then runs the whole product on this
# machine: a SoftHSM2 demo token, the companion (paired with the demo extension), the two
# demo portals, and Chromium with the extension when a display is present.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/ensure-deps.sh
echo "== build"
npm run build --silent
exec node scripts/demo.mjs "$@"
