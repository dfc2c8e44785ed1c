#!/usr/bin/env bash
# `npm run demo`: placeholder until the demo portals land (issue: demo portals and e2e suite).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Bản demo chưa sẵn sàng: cổng demo, token SoftHSM và companion sẽ được nối vào đây."
echo "The demo is not wired yet: demo portals, the SoftHSM token and the companion will start here."
exit 1
