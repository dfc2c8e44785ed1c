// By hand, not part of `npm run bench`: a CDP trace of a demo portal page loading in a
// browser without the extension and in one with it (or an empty one), to say where the
// difference between them goes. Per load: the page renderer's main-thread CPU between
// navigation start and the load event, split by what ran (parse, script, style, layout,
// paint, our isolated world…), and what the extension's service worker and the browser did.
//
//   node test/bench/trace-page-load.mjs [--page=A|B] [--loads=6] [--variants=none,ours,empty]
//     [--out=test-output/trace] [--from=DIR: only read the traces an earlier run wrote there]
//
// Writes each browser's trace (chrome://tracing / Perfetto JSON) to --out and prints the
// per-variant medians. Needs the built extension (npm run build).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { workDir } from './harness.mjs';
import { emptyExtension, launch } from './helpers/browser.mjs';
import { login } from './helpers/portal-load.mjs';
import { loadBreakdown } from './helpers/trace-events.mjs';

const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const which = arg('page', 'A');
const loads = Number(arg('loads', '6'));
const out = arg('out', 'test-output/trace');
mkdirSync(out, { recursive: true });

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'loading',
  'navigation',
  'extensions',
  'toplevel',
  'disabled-by-default-v8.compile',
  'ServiceWorker',
  '__metadata',
];

const from = arg('from', null);
const variants = (arg('variants', 'none,ours') ?? '').split(',');
const results = {};
if (from) {
  // Only read traces written by an earlier run.
  for (const variant of variants)
    results[variant] = loadBreakdown(
      JSON.parse(readFileSync(join(from, `${which}-${variant}.json`), 'utf8')),
    );
} else await traceRun();

async function traceRun() {
  const portals = await startDemoPortals({ dataDir: workDir('trace'), portA: 0, portB: 0 });
  const base = which === 'B' ? portals.urlB : portals.urlA;
  const path = which === 'B' ? '/lop/3a?hk=cn' : '/lop/4a';
  const empty = emptyExtension();
  // All browsers launched and kept, loads interleaved (the order alternating each round), as
  // the bench's separate-browser design does: a cost one browser puts on another shows too.
  const launched = [];
  try {
    const runs = [];
    for (const variant of variants) {
      const extension = variant === 'ours' ? true : variant === 'empty' ? empty.dir : false;
      const b = await launch({ extension });
      launched.push(b);
      const page = await b.browser.newPage();
      await login(page, base);
      runs.push({ variant, page });
    }
    const once = async ({ page }) => {
      await page.bringToFront();
      await page.goto(`${base}${path}`, { waitUntil: 'load' });
      // What follows the load (our toolbar, the worker) is in the trace too, before the next load.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 600)));
    };
    // Warm: the page's resources and the browser's code caches, as in the bench.
    for (let i = 0; i < 3; i++) for (const run of runs) await once(run);
    for (const run of runs) await run.page.tracing.start({ categories: CATEGORIES });
    for (let i = 0; i < loads; i++) {
      const order = i % 2 ? [...runs].reverse() : runs;
      for (const run of order) await once(run);
    }
    for (const { variant, page } of runs) {
      const trace = Buffer.from(await page.tracing.stop());
      const file = join(out, `${which}-${variant}.json`);
      writeFileSync(file, trace);
      results[variant] = loadBreakdown(JSON.parse(trace.toString('utf8')));
      console.log(`${variant}: ${results[variant].loads.length} loads traced → ${file}`);
    }
  } finally {
    for (const b of launched) await b.close();
    empty.remove();
    await portals.close();
  }
}

const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
};
for (const [variant, r] of Object.entries(results)) {
  console.log(`\n== ${variant} (page ${which}), medians of ${r.loads.length} loads, ms`);
  console.log(
    `navigation → load event: ${med(r.loads.map((l) => l.loadAt)).toFixed(1)} wall; main thread CPU before load ${med(r.loads.map((l) => l.cpuToLoad)).toFixed(1)} (all the renderer's threads ${med(r.loads.map((l) => l.processCpuToLoad)).toFixed(1)}); after (to next nav) ${med(r.loads.filter((l) => Number.isFinite(l.cpuAfter)).map((l) => l.cpuAfter)).toFixed(1)}`,
  );
  for (const [when, key] of [
    ['before load', 'toLoad'],
    ['after load ', 'afterLoad'],
  ]) {
    const keys = new Set(r.loads.flatMap((l) => Object.keys(l[key])));
    const rows = [...keys]
      .map((k) => [
        k,
        med(r.loads.map((l) => l[key][k]?.cpu ?? 0)),
        med(r.loads.map((l) => l[key][k]?.count ?? 0)),
      ])
      .filter(([, cpu]) => cpu >= 0.3)
      .sort((a, b) => b[1] - a[1]);
    for (const [k, cpu, n] of rows) console.log(`  ${when}  ${cpu.toFixed(1).padStart(6)} CPU  ×${n}  ${k}`);
  }
  for (const [thread, cpu] of Object.entries(r.otherThreads))
    if (cpu / r.loads.length >= 0.5)
      console.log(`  per load, other thread ${(cpu / r.loads.length).toFixed(1).padStart(6)} CPU  ${thread}`);
}
