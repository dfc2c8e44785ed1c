#!/usr/bin/env bash
# Runs `npm ci` only when node_modules does not hold what package-lock.json says
# (scripts/deps-current.mjs compares the two, by content).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! node scripts/deps-current.mjs; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi
