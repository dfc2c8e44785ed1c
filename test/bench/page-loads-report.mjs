// By hand: the extension section's same-browser rows again, from the loads a run kept
// (`.bench/page-loads-<page>.json`), e.g. to read a long run's figures without re-running it.
//
//   node test/bench/page-loads-report.mjs .bench/page-loads-table.json [...]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { printTable } from './harness.mjs';
import { sameBrowserRows } from './sections/60-extension.bench.mjs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node test/bench/page-loads-report.mjs .bench/page-loads-<page>.json ...');
  process.exit(2);
}
const rows = [];
for (const file of files) {
  const loads = JSON.parse(readFileSync(file, 'utf8'));
  rows.push(...sameBrowserRows(basename(file, '.json'), loads, 0));
}
printTable(rows);
