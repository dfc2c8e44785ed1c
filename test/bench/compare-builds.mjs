// By hand, not part of `npm run bench`: what several extension builds cost a portal page's
// load event, side by side in ONE Chromium and ONE tab (the bench's design: helpers/
// bench-build.mjs), each build's declared content scripts running only on URLs that carry
// its own `hocba-variant=<name>`. Beside them: an extension whose content script is empty
// (what any declared content script costs) and two variants no build runs on (the baseline,
// `none`, and its A/A control).
//
//   node test/bench/compare-builds.mjs [--page=A|B] [--blocks=8] [--rounds=20] [--settle=300] [--portals=process|here] [name=dir ...]
//
// `ours` is the built extension (extension/dist/chromium); each `name=dir` is another
// unpacked build of ours. Each block opens a fresh tab and runs `rounds` rounds in it;
// `--settle` ms pass after each load. Per variant against `none`: the load event and the
// traced main-thread CPU to it, HL of the paired log ratios with its 95 % CI over pairs and
// over blocks, and the paired differences in ms.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { workDir } from './harness.mjs';
import { withParam } from './helpers/bench-build.mjs';
import { EXTENSION_DIST, launch } from './helpers/browser.mjs';
import { blockedRatio, formatRatio, hodgesLehmann, pairedRatio } from './helpers/paired-stats.mjs';
import { loginOnce, measureBlocks, measuringTab } from './helpers/portal-load.mjs';
import { startPortalsProcess } from './helpers/portals-process.mjs';
import { browserTracer } from './helpers/tracing.mjs';

const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const which = arg('page', 'B');
const rounds = Number(arg('rounds', '20'));
const blocks = Number(arg('blocks', '8'));
const settleMs = Number(arg('settle', '300'));
const others = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--') && a.includes('='))
  .map((a) => a.split('='));

const temps = [];
const param = (name) => `hocba-variant=${name.replace(/[^a-z0-9-]/gi, '-')}`;
/** A copy of an unpacked extension whose content scripts run only where `name`'s parameter is. */
function onlyFor(dir, name) {
  const copy = mkdtempSync(join(tmpdir(), 'hocba-compare-'));
  temps.push(copy);
  cpSync(dir, copy, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
  delete manifest.key; // two copies of ours load side by side only under different ids
  for (const c of manifest.content_scripts ?? []) c.include_globs = [`*${param(name)}*`];
  writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest));
  return copy;
}
/** An MV3 extension with one empty content script at document_start, only where `name`'s parameter is. */
function emptyScript(name) {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-compare-empty-'));
  temps.push(dir);
  writeFileSync(join(dir, 'empty.js'), '0;\n');
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'empty content script',
      version: '1.0',
      content_scripts: [
        {
          matches: ['http://127.0.0.1/*'],
          include_globs: [`*${param(name)}*`],
          js: ['empty.js'],
          run_at: 'document_start',
        },
      ],
    }),
  );
  return dir;
}

// `ours` shows its toolbar and the bench waits for it, as `npm run bench` does; for the other
// builds the wait is for idle (their work after load moves nothing before the load event).
const variants = [
  { name: 'ours', toolbar: true, dir: onlyFor(EXTENSION_DIST, 'ours') },
  { name: 'none' },
  { name: 'none-twin' },
  { name: 'empty', dir: emptyScript('empty') },
  ...others.map(([name, dir]) => ({ name, dir: onlyFor(dir, name) })),
];

// The portals in a process of their own (helpers/portals-process.mjs); `--portals=here` serves
// them from this process, as the bench did before session 9.
const portals =
  arg('portals', 'process') === 'here'
    ? await startDemoPortals({ dataDir: workDir('compare-builds'), portA: 0, portB: 0 })
    : await startPortalsProcess(workDir('compare-builds'));
const path = which === 'A' ? '/lop/4a' : '/lop/3a?hk=cn';
const base = which === 'A' ? portals.urlA : portals.urlB;
const browser = await launch({ extension: variants.filter((v) => v.dir).map((v) => v.dir) });
try {
  const tracer = await browserTracer(browser.browser);
  await loginOnce(browser.browser, base);
  const openTabs = async () => {
    const tab = await measuringTab(browser.browser);
    return {
      variants: Object.fromEntries(
        variants.map((v) => [
          v.name,
          { tab, url: `${base}${withParam(path, param(v.name))}`, toolbar: Boolean(v.toolbar), tracer },
        ]),
      ),
      close: () => tab.page.close(),
    };
  };
  const started = process.cpuUsage();
  const t0 = Date.now();
  console.log(
    `page ${which} (${path}), ${blocks} blocks × ${rounds} rounds, ${variants.length} variants in one tab (fresh each block), ${settleMs} ms after each load`,
  );
  const res = await measureBlocks(openTabs, { blocks, rounds, warmup: 3, settleMs });
  const cpu = (loads) => loads.map((l) => l.tracedCpuToLoad ?? Number.NaN);
  const rest = (loads) =>
    loads.map((l) => (l.tracedCpuToLoad ?? Number.NaN) - (l.tracedRenderCpuToLoad ?? Number.NaN));
  const load = (loads) => loads.map((l) => l.load);
  const diff = (a, b) => {
    const d = a.map((x, i) => x - b[i]).filter(Number.isFinite);
    const hl = hodgesLehmann(d);
    return `${hl.estimate.toFixed(2)} (${hl.low.toFixed(2)}..${hl.high.toFixed(2)})`;
  };
  const block = res.none.map((l) => l.block);
  const sd = (xs) => {
    const v = xs.filter(Number.isFinite);
    const m = v.reduce((a, x) => a + x, 0) / v.length;
    return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / (v.length - 1));
  };
  const logRatio = (a, b) => a.map((x, i) => Math.log(x / b[i]));
  console.log(
    `spread of a pair (sd of the A/A's log ratios): load event ${sd(logRatio(load(res['none-twin']), load(res.none))).toFixed(3)}, CPU to load ${sd(logRatio(cpu(res['none-twin']), cpu(res.none))).toFixed(3)}`,
  );
  for (const v of variants) {
    if (v.name === 'none') continue;
    const loads = res[v.name];
    console.log(
      `${v.name}:\n  load ${formatRatio(pairedRatio(load(loads), load(res.none)).hl)}, by block ${formatRatio(blockedRatio(load(loads), load(res.none), block).hl)}; ms ${diff(load(loads), load(res.none))}\n  CPU to load ${formatRatio(pairedRatio(cpu(loads), cpu(res.none)).hl)}; ms ${diff(cpu(loads), cpu(res.none))}\n  outside style/layout/paint ${formatRatio(pairedRatio(rest(loads), rest(res.none)).hl)}; ms ${diff(rest(loads), rest(res.none))}`,
    );
  }
  const med = (xs) => {
    const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  };
  const cpuUsed = process.cpuUsage(started);
  console.log(
    `none: load median ${med(load(res.none)).toFixed(1)} ms, CPU ${med(cpu(res.none)).toFixed(1)} ms; ${((Date.now() - t0) / 1000).toFixed(0)} s wall, this process ${((cpuUsed.user + cpuUsed.system) / 1e6).toFixed(0)} s CPU`,
  );
  if (process.env.HOCBA_COMPARE_DUMP) writeFileSync(process.env.HOCBA_COMPARE_DUMP, JSON.stringify(res));
} finally {
  await browser.close();
  await portals.close();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
}
