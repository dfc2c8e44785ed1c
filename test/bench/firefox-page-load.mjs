// By hand, not part of `npm run bench`: what the declared content script costs a portal page
// in Firefox ESR, in the bench's same-browser design (one Firefox with the Firefox build, the
// same page on 127.0.0.1, where our script runs, and on 127.0.0.2, where it does not; rounds
// in alternating order), for comparing two Firefox builds (crxjs's import() loader against
// the one-file script). Per load: the navigation timing's load event, and the CPU of every
// Firefox process (utime + stime from /proc, 10 ms ticks, summed over the rounds) from before
// the navigation to when the bench hears of the load event.
//
//   node test/bench/firefox-page-load.mjs [--dist=extension/dist/firefox] [--page=A|B] [--rounds=30]
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { workDir } from './harness.mjs';
import { hodgesLehmann, pairedRatio } from './helpers/paired-stats.mjs';
import { login, loopbackRelays, roundOrder } from './helpers/portal-load.mjs';

const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const dist = resolve(arg('dist', 'extension/dist/firefox'));
const which = arg('page', 'A');
const rounds = Number(arg('rounds', '30'));
const HOSTS = ['127.0.0.1', '127.0.0.2'];

/** CPU ticks (10 ms) of every process under `root` (utime + stime + reaped children). */
function treeTicks(root) {
  const stats = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(name), {
        ppid: Number(f[1]),
        ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]),
      });
    } catch {
      // gone
    }
  }
  let ticks = 0;
  for (const [pid, st] of stats) {
    for (let p = pid, d = 0; p > 1 && d < 16; p = stats.get(p)?.ppid ?? 0, d++)
      if (p === root) {
        ticks += st.ticks;
        break;
      }
  }
  return ticks;
}

const portals = await startDemoPortals({ dataDir: workDir('firefox-load'), portA: 0, portB: 0 });
const port = Number(new URL(which === 'B' ? portals.urlB : portals.urlA).port);
const path = which === 'B' ? '/lop/3a?hk=cn' : '/lop/4a';
const relays = await loopbackRelays(port, HOSTS);
const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
  headless: true,
});
const results = Object.fromEntries(HOSTS.map((h) => [h, []]));
let toolbars = 0;
try {
  await browser.installExtension(dist);
  const root = browser.process()?.pid;
  const tabs = {};
  for (const host of HOSTS) {
    const page = await browser.newPage();
    await login(page, relays.base(host));
    tabs[host] = { page, url: `${relays.base(host)}${path}` };
  }
  const once = async (host) => {
    const { page, url } = tabs[host];
    await page.bringToFront();
    const before = treeTicks(root);
    await page.goto(url, { waitUntil: 'load' });
    const ticks = treeTicks(root) - before;
    const load = await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
    // Our toolbar on our origin (the script works), the same idle wait elsewhere.
    const shown = await page
      .waitForFunction(() => (document.querySelector('[data-hocba-host]') ? performance.now() : false), {
        timeout: host === HOSTS[0] ? 10_000 : 700,
        polling: 'mutation',
      })
      .then((h) => h.jsonValue())
      .catch(() => null);
    if (shown !== null && host === HOSTS[0]) toolbars++;
    return { load, cpu: ticks * 10, toolbar: shown };
  };
  for (let i = 0; i < 2; i++) for (const h of HOSTS) await once(h);
  for (let i = 0; i < rounds; i++) {
    const round = {};
    for (const j of roundOrder(i, HOSTS.length)) round[HOSTS[j]] = await once(HOSTS[j]);
    for (const h of HOSTS) results[h].push(round[h]);
  }
} finally {
  await browser.close();
  await relays.close();
  await portals.close();
}
const [a, b] = HOSTS.map((h) => results[h]);
const r = pairedRatio(
  a.map((l) => l.load),
  b.map((l) => l.load),
);
const d = hodgesLehmann(a.map((l, i) => l.cpu - b[i].cpu));
const sum = (xs) => xs.reduce((s, x) => s + x, 0);
const median = (xs) => {
  const v = [...xs].sort((x, y) => x - y);
  return v.length
    ? v.length % 2
      ? v[(v.length - 1) / 2]
      : (v[v.length / 2 - 1] + v[v.length / 2]) / 2
    : Number.NaN;
};
console.log(
  `${dist}, page ${which}, ${rounds} rounds; toolbar shown on our origin in ${toolbars} of ${rounds + 2} loads, at ${median(a.map((l) => l.toolbar).filter((t) => t !== null)).toFixed(0)} ms from navigation start (median; load event ${median(a.map((l) => l.load)).toFixed(0)} ms)`,
);
console.log(
  `load event ours / without us: HL ${r.hl.estimate.toFixed(3)} (${r.hl.low.toFixed(3)}..${r.hl.high.toFixed(3)})`,
);
console.log(
  `Firefox CPU to the load (all processes, 10 ms ticks): ours ${(sum(a.map((l) => l.cpu)) / rounds).toFixed(1)}, without ${(sum(b.map((l) => l.cpu)) / rounds).toFixed(1)} ms a load (means); diff HL ${d.estimate.toFixed(1)} (${d.low.toFixed(1)}..${d.high.toFixed(1)})`,
);
