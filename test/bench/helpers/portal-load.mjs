// What the extension costs a portal page. Two designs, both sequential (one load at a time,
// never two browsers loading at once), loads interleaved in rounds whose order rotates so
// every variant takes every position equally, and a burst of load or a slow drift hits all:
// - one browser with the extension and one tab, renewed from block to block (`measureBlocks`):
//   the same page with our content script and without it (a URL parameter our bench build's
//   content script skips: bench-build.mjs), and a second URL without it as the A/A control
//   (`measureRounds`); the portal is served through a loopback relay (`loopbackRelays`);
// - separate browsers (without, with, an empty extension), one tab each: what a user with and
//   without the extension sees, but separate instances differ systematically (process
//   placement, caches), which is why a second browser without the extension runs beside and
//   the section launches them afresh for each block of rounds.
// Per load: the navigation timing's load event, the page renderers' CPU time from /proc
// (schedstat: nanoseconds, barely moved by other processes, unlike wall time) up to the load
// event and up to the toolbar (or idle), with the extension its content script's timings, and
// with a tracer (helpers/tracing.mjs) the main thread's CPU to the load event, exact.
import { readdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** utime + stime + cutime + cstime of a process, and its parent, from /proc/<pid>/stat. */
function procStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state ppid … utime(11) stime(12) cutime(13) cstime(14), 0-based from state.
    const own = Number(f[11]) + Number(f[12]);
    return { ppid: Number(f[1]), own, ticks: own + Number(f[13]) + Number(f[14]) };
  } catch {
    return null; // gone
  }
}

function kindOf(pid) {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmd.includes('--type=renderer')) return 'other';
    return cmd.includes('--extension-process') ? 'extension' : 'renderer';
  } catch {
    return 'other';
  }
}

/** CPU time (ns) of each thread of a process (/proc/<pid>/task/<tid>/schedstat), into `into`. */
function threadCpuNs(pid, into) {
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        into.set(
          Number(tid),
          Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]),
        );
      } catch {
        // the thread ended between the listing and the read
      }
    }
  } catch {
    // the process ended
  }
}

/**
 * ms of CPU between two readings of per-thread nanoseconds: threads seen in both count their
 * growth, threads born since count whole; a thread that ended in between loses its share
 * (the figure is a lower bound, never negative).
 */
export function threadCpuDiffMs(before, after) {
  let ns = 0;
  for (const [tid, t] of after) ns += t - (before.get(tid) ?? 0);
  return ns / 1e6;
}

/**
 * CPU time of a browser: `total` (ms), every process under its main process (renderers, the
 * extension's process, GPU, network, zygotes), with the CPU of children that exited and
 * were reaped (cutime, cstime), so a renderer replaced between two readings still counts
 * (10 ms ticks); and apart, per thread in nanoseconds, the page renderers' (`renderer`: every
 * renderer but the extension's) and the extension process's (`extension`), to be compared
 * with `browserCpuDiff` (a thread that ends between two readings loses its share).
 */
export function browserCpuMs(rootPid) {
  const stats = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(name);
    if (st) stats.set(Number(name), st);
  }
  const inTree = (pid) => {
    for (let p = pid, depth = 0; p > 1 && depth < 16; p = stats.get(p)?.ppid ?? 0, depth++)
      if (p === rootPid) return true;
    return false;
  };
  let ticks = 0;
  const threads = { renderer: new Map(), extension: new Map() };
  for (const [pid, st] of stats) {
    if (!inTree(pid)) continue;
    ticks += st.ticks;
    const kind = kindOf(pid);
    // Renderers and the extension's process: every thread's nanoseconds (schedstat), not 10 ms ticks.
    if (kind !== 'other') threadCpuNs(pid, threads[kind]);
  }
  return { total: ticks * TICK_MS, ...threads };
}

/** What a browser spent between two `browserCpuMs` readings, in ms: { total, renderer, extension }. */
export function browserCpuDiff(before, after) {
  return {
    total: after.total - before.total,
    renderer: threadCpuDiffMs(before.renderer, after.renderer),
    extension: threadCpuDiffMs(before.extension, after.extension),
  };
}

/**
 * TCP relays to `port` on 127.0.0.1, one listening on each of `hosts` (any 127.x.y.z is this
 * computer on Linux): the same portal on several origins, every origin through the same kind
 * of relay so none has a shorter path. `base(host)` is the http:// origin on that host.
 */
export async function loopbackRelays(port, hosts) {
  const servers = new Map();
  for (const host of hosts) {
    const server = createServer((client) => {
      const upstream = connect(port, '127.0.0.1');
      client.pipe(upstream).on('error', () => client.destroy());
      upstream.pipe(client).on('error', () => upstream.destroy());
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, resolve);
    });
    servers.set(host, server);
  }
  return {
    base: (host) => `http://${host}:${servers.get(host).address().port}`,
    close: () => Promise.all([...servers.values()].map((s) => new Promise((r) => s.close(r)))),
  };
}

/** Logs into a demo portal (gvcn / demo). */
export async function login(page, baseUrl) {
  // A background tab gets no frames: a click there would never land.
  await page.bringToFront();
  await page.goto(`${baseUrl}/login`);
  await page.type('#user', 'gvcn');
  await page.type('#password', 'demo');
  await Promise.all([page.waitForNavigation(), page.click('#dang-nhap')]);
}

/** Logs in once in a tab of its own, closed after: the session cookie stays in the profile. */
export async function loginOnce(browser, baseUrl) {
  const page = await browser.newPage();
  await login(page, baseUrl);
  await page.close();
}

/** A tab that measures its loads: CDP Performance metrics and the content script's world. */
export async function measuringTab(browser) {
  const pid = browser.process()?.pid;
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  // The extension's content script runs in an isolated world: its execution context is
  // announced here (origin chrome-extension://…); the bench reads its timings there.
  const isolated = new Map();
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (context.auxData?.type === 'isolated' && context.origin.startsWith('chrome-extension://'))
      isolated.set(context.auxData.frameId, context.id);
  });
  cdp.on('Runtime.executionContextsCleared', () => isolated.clear());
  await cdp.send('Runtime.enable');
  const contentTimings = async () => {
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const id = isolated.get(frameTree.frame.id);
    if (id === undefined) return null;
    const { result } = await cdp
      .send('Runtime.evaluate', {
        expression:
          '({ ...globalThis.hocbaTimings, boot: globalThis.hocbaBootedAt, resumed: globalThis.hocbaBootResumedAt })',
        contextId: id,
        returnByValue: true,
      })
      .catch(() => ({ result: {} }));
    return result?.value ?? null;
  };
  const cpuMs = () =>
    pid ? browserCpuMs(pid) : { total: Number.NaN, renderer: new Map(), extension: new Map() };
  return { page, contentTimings, cpuMs };
}

/**
 * One load of `url` in `tab`: { load, rendererCpuToLoad, rendererCpu, browserCpu,
 * extensionCpu, toolbar?, injectToToolbar?, ownWork?, injectedAt? } in ms. The tab is
 * brought to the front first (one visible tab per browser, as a user has). CPU figures run
 * from before the navigation: `rendererCpuToLoad` until puppeteer hears of the load event
 * (a few ms after it; our content script's work waits for load and an idle moment, so it
 * can land in this window only late, and only against us); the others until the toolbar is
 * drawn (`toolbar`: our work included) or the first idle moment after load (no toolbar
 * expected), and one frame more: what the page view costs. `cpuReadAt` is the page's clock
 * just after the reading at load.
 */
export async function measureLoad(tab, url, { toolbar }) {
  await tab.page.bringToFront();
  const cpuBefore = tab.cpuMs();
  await tab.page.goto(url, { waitUntil: 'load' });
  const cpuAtLoad = tab.cpuMs();
  // The page's clock just after that reading: if our script started later, none of its
  // work is in `rendererCpuToLoad`.
  const [load, cpuReadAt] = await tab.page.evaluate(() => [
    performance.getEntriesByType('navigation')[0].loadEventEnd,
    performance.now(),
  ]);
  const out = { load, cpuReadAt, rendererCpuToLoad: browserCpuDiff(cpuBefore, cpuAtLoad).renderer };
  if (toolbar) {
    const handle = await tab.page.waitForFunction(
      () => (document.querySelector('[data-hocba-host]') ? performance.now() : false),
      { polling: 'mutation', timeout: 20_000 },
    );
    out.toolbar = await handle.jsonValue();
    // Our work is done when the toolbar is drawn; what follows is the browser's painting.
    const t = await tab.contentTimings();
    if (t?.shown !== undefined) {
      out.injectToToolbar = t.shown - t.start;
      out.ownWork = t.shown - t.work;
      out.injectedAt = t.start;
    }
    // The declared script's loader, run as the document starts (vite.config.ts).
    if (typeof t?.boot === 'number') out.bootAt = t.boot;
    // Our first work after load: the loader's wait ending (then the import), else the script's start.
    out.firstWorkAt = typeof t?.resumed === 'number' ? t.resumed : t?.start;
  } else {
    // The same window as with the extension, whose work waits for load + idle: until idle.
    await tab.page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 500 })));
  }
  // One frame more on both sides: the toolbar's (or nothing's) layout and paint.
  await tab.page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))),
  );
  const spent = browserCpuDiff(cpuBefore, tab.cpuMs());
  out.browserCpu = spent.total;
  out.rendererCpu = spent.renderer;
  out.extensionCpu = spent.extension;
  return out;
}

/** The order of round `i` over `k` variants: rotated by i, reversed every other k rounds. */
export function roundOrder(i, k) {
  const rotated = Array.from({ length: k }, (_, j) => (i + j) % k);
  return Math.floor(i / k) % 2 === 0 ? rotated : rotated.reverse();
}

/**
 * `rounds` rounds of loads, one of each variant per round (after `warmup` unmeasured
 * rounds): `variants` maps a name to { tab, url, toolbar, tracer? }; the answer maps it to
 * Load[], round i of one beside round i of the others. The order rotates each round
 * (`roundOrder`), so every variant loads first, in the middle and last equally often. With
 * tracers (helpers/tracing.mjs, one per browser), the measured rounds are traced, `traceRounds`
 * rounds to a trace (collecting a trace takes 0.2–0.6 s, outside the loads), and each load gets
 * the page renderer's main-thread CPU from navigation start to the load event
 * (`tracedCpuToLoad`, exact; `tracedRenderCpuToLoad`, its style, layout and paint;
 * `tracedBeforeParse`, the part before the new document's first parse) and the load event as
 * the trace saw it (`tracedLoad`).
 */
let loadCount = 0;

export async function measureRounds(variants, { rounds, warmup = 2, traceRounds = 4, settleMs = 0 }) {
  const names = Object.keys(variants);
  // Every load gets a URL of its own (`hocba-load=<n>`, which the portals ignore): a load of
  // the URL the tab already shows is a reload to Chromium, and with variants in one tab the
  // rotation would give some variants such reloads and not others (an A/A bias of 2.6–5 %
  // in main-thread CPU, session 9).
  // Which variant the tab showed before each load (`after`): the previous document's last
  // tasks fall in the next load's window, so analyses can compare like with like.
  let previous = null;
  const once = async (name) => {
    const url = `${variants[name].url}${variants[name].url.includes('?') ? '&' : '?'}hocba-load=${++loadCount}`;
    const load = { ...(await measureLoad(variants[name].tab, url, variants[name])), url, after: previous };
    previous = name;
    if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
    return load;
  };
  for (let i = 0; i < warmup; i++) for (const name of names) await once(name);
  const results = Object.fromEntries(names.map((n) => [n, []]));
  const tracers = [...new Set(names.map((n) => variants[n].tracer).filter(Boolean))];
  for (let first = 0; first < rounds; first += traceRounds) {
    const count = Math.min(traceRounds, rounds - first);
    await Promise.all(tracers.map((t) => t.start()));
    // One load not measured after each (re)start of the trace: the first load after it (and
    // after the last trace's collection) ran 5 ms CPU / 20 ms slower in session 10's 1,000
    // rounds, and the rotation gave that place to some variants more than others (ours 18 %
    // of its loads, the baseline none). Its variant rotates, as what comes before a load can
    // weigh on it too.
    if (tracers.length > 0) await once(names[Math.floor(first / traceRounds) % names.length]);
    const chunk = [];
    for (let i = first; i < first + count; i++) {
      const round = {};
      for (const j of roundOrder(i, names.length)) round[names[j]] = await once(names[j]);
      chunk.push(round);
    }
    const traced = new Map(await Promise.all(tracers.map(async (t) => [t, await t.stop()])));
    for (const name of names) {
      const { tracer } = variants[name];
      for (const round of chunk) {
        const load = round[name];
        // The trace's load of this load's own URL; a trace that saw it not once leaves it untraced.
        const seen = tracer ? traced.get(tracer).filter((l) => l.url === load.url) : [];
        if (seen.length === 1) {
          load.tracedCpuToLoad = seen[0].cpuToLoad;
          load.tracedRenderCpuToLoad = seen[0].renderCpuToLoad;
          load.tracedBeforeParse = seen[0].cpuBeforeParse;
          load.tracedLoad = seen[0].loadAt;
        }
        results[name].push(load);
      }
    }
  }
  return results;
}

/**
 * `measureRounds` in `blocks` blocks of `rounds` rounds, each block in fresh tabs: a tab and
 * its renderer process carry a lasting bias of their own (session 9: the same page on two
 * origins, each in its own tab, read 0.92–0.94× over 120–200 rounds), so the bench loads
 * every variant in one tab, and renews the tab from block to block so that no one tab's
 * state weighs on every round. `openTabs(block)` opens the block's tab(s) and answers
 * { variants, close() }, `variants` as for `measureRounds`; every load answered carries its
 * `block`.
 */
export async function measureBlocks(openTabs, { blocks, rounds, warmup = 2, traceRounds = 4, settleMs = 0 }) {
  const results = {};
  for (let block = 0; block < blocks; block++) {
    const { variants, close } = await openTabs(block);
    try {
      const res = await measureRounds(variants, { rounds, warmup, traceRounds, settleMs });
      for (const [name, loads] of Object.entries(res)) {
        results[name] ??= [];
        for (const l of loads) results[name].push({ ...l, block });
      }
    } finally {
      await close();
    }
  }
  return results;
}
