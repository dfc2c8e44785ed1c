/**
 * The benchmark harness behind `npm run bench`: runs each measurement several times,
 * reports the median and the spread (min..max), and records the machine and versions with
 * the figures. Benchmarks run the built code (`npm run build`), as users get it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Median and spread of a list of numbers. */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** Runs `fn` `runs` times (after `warmup` unmeasured runs); `fn` returns a number or nothing (then: ms). */
export async function measure(fn, { runs = 5, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const values = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = await fn();
    values.push(typeof result === 'number' ? result : performance.now() - start);
  }
  return summarize(values);
}

function toolVersion(cmd, args) {
  // Some tools print their version on stderr (pdfsig -v), some exit non-zero after it.
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) return 'missing';
  const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean);
  return text || 'missing';
}

export function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    chromium: toolVersion(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version']),
    pdfsig: toolVersion('pdfsig', ['-v']),
    softhsm: toolVersion('softhsm2-util', ['--version']),
    openssl: toolVersion('openssl', ['version']),
  };
}

/** One row of the printed table. */
export function row(section, name, stat, unit, extra = {}) {
  return { section, name, unit, ...stat, ...extra };
}

function fmt(value) {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'number') return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function printTable(rows) {
  const header = ['section', 'measure', 'median', 'spread (min..max)', 'unit', 'runs', 'note'];
  const lines = rows.map((r) => [
    r.section,
    r.name,
    fmt(r.median),
    r.min === undefined ? '' : `${fmt(r.min)}..${fmt(r.max)}`,
    r.unit,
    r.runs === undefined ? '' : String(r.runs),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const print = (cells) => console.log(cells.map((c, i) => c.padEnd(widths[i])).join('  '));
  print(header);
  print(widths.map((w) => '-'.repeat(w)));
  for (const line of lines) print(line);
}

/** Throughput (items per second) from a time summary in ms: the median, and the spread inverted. */
export function perSecond(stat, items) {
  return {
    median: (items / stat.median) * 1000,
    min: (items / stat.max) * 1000,
    max: (items / stat.min) * 1000,
    runs: stat.runs,
  };
}

/** Ratio of paired runs a[i] / b[i]: median and spread of the per-run ratios. */
export function ratio(a, b) {
  return summarize(a.map((x, i) => x / b[i]));
}

const workDirs = [];

/** Where a benchmark keeps its temporary files (one folder per call, removed at the end). */
export function workDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `hocba-bench-${name}-`));
  workDirs.push(dir);
  return dir;
}

/** Removes every folder `workDir` made (the runs write a few hundred MB of PDFs). */
export function removeWorkDirs() {
  for (const dir of workDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A progress line under the section's heading (long runs should show they are alive). */
export function progress(message) {
  console.log(`   ${message}`);
}

/** The same table as Markdown (for docs/performance.md). */
export function markdownTable(rows) {
  const lines = [
    '| section | measure | median | spread (min..max) | unit | runs | note |',
    '| --- | --- | ---: | --- | --- | ---: | --- |',
  ];
  for (const r of rows) {
    const spread = r.min === undefined ? '' : `${fmt(r.min)}..${fmt(r.max)}`;
    const cells = [
      r.section,
      r.name.replace(/^ +/, '↳ '),
      fmt(r.median),
      spread,
      r.unit,
      r.runs ?? '',
      r.note ?? '',
    ];
    lines.push(`| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  return lines.join('\n');
}
