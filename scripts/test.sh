#!/usr/bin/env bash
# `npm test`: from a clean clone, installs what is missing, builds, runs every workspace's
# unit tests, then the end-to-end suite. Ends with the runners' summary lines, one total and
# the wall time of each phase (so a slow phase shows in CI's log).
set -uo pipefail
cd "$(dirname "$0")/.."

phases=()
# CPU seconds (user + system) used so far by the commands this script ran: on a shared
# machine a phase's wall time alone does not say whether it was slow or starved.
cpu_file=$(mktemp)
trap 'rm -f "$cpu_file"' EXIT
# Sets cpu_now. `times` must run in this shell, not in a $(...) subshell, which would count
# only its own children.
children_cpu() {
  times >"$cpu_file"
  cpu_now=$(awk 'NR == 2 {
    t = 0
    for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] }
    printf "%.0f", t
  }' "$cpu_file")
}
# phase NAME "WHAT" COMMAND...: runs COMMAND, says when it started and what it took.
phase() {
  local name=$1 what=$2 start=$SECONDS cpu rc took
  shift 2
  children_cpu
  cpu=$cpu_now
  echo "== $what ($(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'))"
  "$@"
  rc=$?
  children_cpu
  took="$((SECONDS - start)) s (CPU $((cpu_now - cpu)) s)"
  phases+=("$name $took$([[ $rc -eq 0 ]] || echo ", exit $rc")")
  echo "== $name: $took"
  return $rc
}
report_phases() {
  local line
  line=$(printf '%s; ' "${phases[@]}")
  echo "Phases, wall time (CPU time of every process they ran): ${line%; }; total $SECONDS s"
}

phase setup "setup (system packages)" bash scripts/setup.sh || { report_phases; exit 1; }
phase deps "dependencies (npm ci when the lockfile changed)" bash scripts/ensure-deps.sh || { report_phases; exit 1; }
phase build "build" npm run build --silent || { report_phases; exit 1; }

mkdir -p test-output
# A report left by an earlier run must never stand in for one this run did not write.
rm -f test-output/unit.json test-output/e2e.json
status=0
phase unit "unit tests (vitest: shared, companion, extension)" \
  npx vitest run --config vitest.config.ts --reporter=default --reporter=json \
  --outputFile.json="$PWD/test-output/unit.json" || status=1
phase e2e "end-to-end tests (puppeteer + Debian Chromium, Firefox ESR)" \
  npx vitest run --config test/vitest.config.ts --reporter=default --reporter=json \
  --outputFile.json="$PWD/test-output/e2e.json" || status=1

node scripts/test-summary.mjs test-output/unit.json test-output/e2e.json || status=1
report_phases
exit $status
