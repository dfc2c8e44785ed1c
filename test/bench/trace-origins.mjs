// By hand, not part of `npm run bench`: where our content script's cost before `load` goes,
// in the bench's same-browser design (one Chromium with the extension, the same portal page
// on 127.0.0.1, where our content script runs, and on 127.0.0.2, where it does not), from a
// detailed trace (v8, extensions, devtools.timeline) of each load. Per origin: the page
// renderer main thread's CPU from navigation start to the load event, outside style, layout
// and paint; and per trace event, the median of the paired differences (ours − without us).
//
//   node test/bench/trace-origins.mjs [--page=A|B] [--rounds=30] [--runtime=on|off]
//
// --runtime=off: after logging in, the tabs' DevTools Runtime domain is disabled (puppeteer
// enables it on every page, and with it every new execution context, our isolated world
// included, is reported to DevTools: a cost a user's browser does not have).
// HOCBA_BENCH_EXTENSION_DIST names another build (helpers/browser.mjs).
// Two origins in two tabs: the per-event rows say what is ours (events only our world has),
// but the totals carry the lasting bias two tabs have (session 9: 0.92–0.94× A/A); the
// bench's goal figure loads both variants in one tab (helpers/bench-build.mjs).
import { startDemoPortals } from '../demo-portals/server.mjs';
import { workDir } from './harness.mjs';
import { launch } from './helpers/browser.mjs';
import { hodgesLehmann } from './helpers/paired-stats.mjs';
import { login, loopbackRelays, roundOrder } from './helpers/portal-load.mjs';
import { browserTracer } from './helpers/tracing.mjs';

const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const which = arg('page', 'A');
const rounds = Number(arg('rounds', '30'));
const runtime = arg('runtime', 'on');
const CHUNK = 5; // rounds a trace holds: detailed traces are large

// Beside the bench's own (helpers/tracing.mjs): what V8 and the extension system did.
const CATEGORIES = ['v8', 'v8.execute', 'loading', 'extensions', 'disabled-by-default-v8.compile'];
const HOSTS = ['127.0.0.1', '127.0.0.2'];

const portals = await startDemoPortals({ dataDir: workDir('trace-origins'), portA: 0, portB: 0 });
const port = Number(new URL(which === 'B' ? portals.urlB : portals.urlA).port);
const path = which === 'B' ? '/lop/3a?hk=cn' : '/lop/4a';
const relays = await loopbackRelays(port, HOSTS);
const ours = await launch({ extension: true });
const loads = Object.fromEntries(HOSTS.map((h) => [h, []]));
try {
  const tracer = await browserTracer(ours.browser, { categories: CATEGORIES, breakdown: true });
  const tabs = {};
  for (const host of HOSTS) {
    const page = await ours.browser.newPage();
    await login(page, relays.base(host));
    if (runtime === 'off') await page._client().send('Runtime.disable');
    tabs[host] = { page, url: `${relays.base(host)}${path}` };
  }
  const once = async (host) => {
    const { page, url } = tabs[host];
    await page.bringToFront();
    await page.goto(url, { waitUntil: 'load' });
    // Our toolbar's work (after load + idle) before the next load, on both origins alike.
    await new Promise((resolve) => setTimeout(resolve, 700));
  };
  for (let i = 0; i < 2; i++) for (const h of HOSTS) await once(h);
  for (let done = 0; done < rounds; done += CHUNK) {
    await tracer.start();
    const n = Math.min(CHUNK, rounds - done);
    for (let i = 0; i < n; i++) for (const j of roundOrder(done + i, HOSTS.length)) await once(HOSTS[j]);
    const seen = await tracer.stop();
    const perHost = Object.fromEntries(HOSTS.map((h) => [h, seen.filter((l) => l.url === tabs[h].url)]));
    // Keep whole rounds only (both origins seen), in order.
    const m = Math.min(...HOSTS.map((h) => perHost[h].length));
    for (const h of HOSTS) loads[h].push(...perHost[h].slice(0, m));
    process.stderr.write(`traced ${done + n} of ${rounds} rounds\n`);
  }
} finally {
  await ours.close();
  await relays.close();
  await portals.close();
}

const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
};
const [a, b] = HOSTS.map((h) => loads[h]);
const n = Math.min(a.length, b.length);
const diff = (f) => Array.from({ length: n }, (_, i) => f(a[i]) - f(b[i]));
const fmt = (hl) => `${hl.estimate.toFixed(2)} (${hl.low.toFixed(2)}..${hl.high.toFixed(2)})`;
const rest = (l) => l.cpuToLoad - l.renderCpuToLoad;
console.log(`page ${which}, ${n} paired loads, DevTools Runtime ${runtime}`);
console.log(
  `CPU to load: ours ${med(a.map((l) => l.cpuToLoad)).toFixed(1)}, without ${med(b.map((l) => l.cpuToLoad)).toFixed(1)}; diff HL ${fmt(hodgesLehmann(diff((l) => l.cpuToLoad)))}`,
);
console.log(
  `outside style/layout/paint: ours ${med(a.map(rest)).toFixed(1)}, without ${med(b.map(rest)).toFixed(1)}; diff HL ${fmt(hodgesLehmann(diff(rest)))}`,
);
console.log(`style/layout/paint: diff HL ${fmt(hodgesLehmann(diff((l) => l.renderCpuToLoad)))}`);
console.log(
  `before the first ParseHTML (the previous document's tasks): ours ${med(a.map((l) => l.cpuBeforeParse)).toFixed(2)}, without ${med(b.map((l) => l.cpuBeforeParse)).toFixed(2)} (max ${Math.max(...a.map((l) => l.cpuBeforeParse)).toFixed(1)} / ${Math.max(...b.map((l) => l.cpuBeforeParse)).toFixed(1)}); diff HL ${fmt(hodgesLehmann(diff((l) => l.cpuBeforeParse)))}`,
);
const sd = (xs) => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};
console.log(
  `spread (sd of the paired differences, ms): CPU to load ${sd(diff((l) => l.cpuToLoad)).toFixed(1)}, style/layout/paint ${sd(diff((l) => l.renderCpuToLoad)).toFixed(1)}, the rest ${sd(diff(rest)).toFixed(1)}, before parse ${sd(diff((l) => l.cpuBeforeParse)).toFixed(1)}`,
);
const keys = new Set([...a, ...b].flatMap((l) => Object.keys(l.toLoad)));
const rows = [...keys]
  .map((k) => {
    const d = diff((l) => l.toLoad[k]?.cpu ?? 0);
    return {
      k,
      hl: hodgesLehmann(d),
      mean: d.reduce((s, x) => s + x, 0) / n,
      ours: med(a.map((l) => l.toLoad[k]?.cpu ?? 0)),
      count: med(a.map((l) => l.toLoad[k]?.count ?? 0)),
      countWithout: med(b.map((l) => l.toLoad[k]?.count ?? 0)),
    };
  })
  .filter((r) => Math.abs(r.mean) >= 0.05 || Math.abs(r.hl.estimate) >= 0.05)
  .sort((x, y) => Math.abs(y.mean) - Math.abs(x.mean));
console.log(
  'per event before load (self CPU, ms): ours − without us, HL (95 % CI); mean; ours median; count ours/without',
);
for (const r of rows.slice(0, 30))
  console.log(
    `  ${fmt(r.hl).padEnd(22)} mean ${r.mean.toFixed(2).padStart(6)}  ours ${r.ours.toFixed(2).padStart(6)}  ×${r.count}/${r.countWithout}  ${r.k}`,
  );
