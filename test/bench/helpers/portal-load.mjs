// What the extension costs a portal page: the same class page loaded in a Chromium without
// the extension and in one with it, both launched once and kept, loads interleaved A/B
// (order alternating each pair, so a burst of load or a slow drift hits both sides), and
// per load: the navigation timing's load event, CPU time from /proc (barely moved by other
// processes, unlike wall time), and, with the extension, when its toolbar appears and the
// content script's own timings.
import { readdirSync, readFileSync } from 'node:fs';

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

/**
 * CPU time (ms) of a browser: every process under its main process (renderers, the
 * extension's process, GPU, network, zygotes), with the CPU of children that exited and
 * were reaped (cutime, cstime), so a renderer replaced between two readings still counts;
 * and apart, the page renderers' own (utime + stime) and the extension process's.
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
  const ticks = { total: 0, renderer: 0, extension: 0 };
  for (const [pid, st] of stats) {
    if (!inTree(pid)) continue;
    ticks.total += st.ticks;
    const kind = kindOf(pid);
    if (kind !== 'other') ticks[kind] += st.own;
  }
  return {
    total: ticks.total * TICK_MS,
    renderer: ticks.renderer * TICK_MS,
    extension: ticks.extension * TICK_MS,
  };
}

/** Logs into a demo portal (gvcn / demo). */
export async function login(page, baseUrl) {
  await page.goto(`${baseUrl}/login`);
  await page.type('#user', 'gvcn');
  await page.type('#password', 'demo');
  await Promise.all([page.waitForNavigation(), page.click('#dang-nhap')]);
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
      .send('Runtime.evaluate', { expression: 'globalThis.hocbaTimings', contextId: id, returnByValue: true })
      .catch(() => ({ result: {} }));
    return result?.value ?? null;
  };
  const cpuMs = () =>
    pid ? browserCpuMs(pid) : { total: Number.NaN, renderer: Number.NaN, extension: Number.NaN };
  return { page, contentTimings, cpuMs };
}

/**
 * One load of `url` in `tab`: { load, browserCpu, rendererCpu, extensionCpu, toolbar?,
 * injectToToolbar?, ownWork? } in ms. The CPU figures (/proc: the whole browser, the page's
 * renderer processes, the extension's process) run from before the navigation until the
 * toolbar is drawn (with) or the first idle moment after load (without), and one frame more:
 * what the page view costs, our work included.
 */
export async function measureLoad(tab, url, { toolbar }) {
  const cpuBefore = tab.cpuMs();
  await tab.page.goto(url, { waitUntil: 'load' });
  const load = await tab.page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
  const out = { load };
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
  } else {
    // The same window as with the extension, whose work waits for load + idle: until idle.
    await tab.page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 500 })));
  }
  // One frame more on both sides: the toolbar's (or nothing's) layout and paint.
  await tab.page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))),
  );
  const cpuAfter = tab.cpuMs();
  out.browserCpu = cpuAfter.total - cpuBefore.total;
  out.rendererCpu = cpuAfter.renderer - cpuBefore.renderer;
  out.extensionCpu = cpuAfter.extension - cpuBefore.extension;
  return out;
}

/**
 * `pairs` rounds of interleaved loads, one in each tab (after `warmup` unmeasured rounds):
 * { [variant]: Load[] }, round i of one beside round i of the others. The order turns each
 * round (forward, then backward), so a burst of load or a slow drift hits every side. Only
 * the `with` tab (our extension) waits for the toolbar.
 */
export async function measurePairs(tabs, url, { pairs, warmup = 2 }) {
  const variants = Object.keys(tabs);
  const once = (variant) => measureLoad(tabs[variant], url, { toolbar: variant === 'with' });
  for (let i = 0; i < warmup; i++) for (const variant of variants) await once(variant);
  const results = Object.fromEntries(variants.map((v) => [v, []]));
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) results[variant].push(await once(variant));
  }
  return results;
}
