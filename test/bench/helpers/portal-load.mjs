// What the extension costs a portal page: the same class page loaded in a Chromium without
// the extension and in one with it, both launched once and kept, loads interleaved A/B
// (order alternating each pair, so a burst of load or a slow drift hits both sides), and
// per load: the navigation timing's load event, the renderer main thread's busy time
// (CDP Performance.getMetrics TaskDuration: CPU-like, barely moved by other processes),
// and, with the extension, when its toolbar appears and the content script's own timings.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** utime + stime + cutime + cstime of a process, and its parent, from /proc/<pid>/stat. */
function procStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state ppid … utime(11) stime(12) cutime(13) cstime(14), 0-based from state.
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return null; // gone
  }
}

/**
 * CPU time (ms) of a browser: every process under its main process (renderers, the
 * extension's process, GPU, network, zygotes), with the CPU of children that exited and
 * were reaped (cutime, cstime), so a renderer replaced between two readings still counts.
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
  for (const [pid, st] of stats) if (inTree(pid)) ticks += st.ticks;
  return ticks * TICK_MS;
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
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  // The extension's content script runs in an isolated world: its execution context is
  // announced here (origin chrome-extension://…); the bench reads its timings there.
  const isolated = new Map();
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (context.auxData?.type === 'isolated' && context.origin.startsWith('chrome-extension://'))
      isolated.set(context.auxData.frameId, context.id);
  });
  cdp.on('Runtime.executionContextsCleared', () => isolated.clear());
  await cdp.send('Runtime.enable');
  const taskSeconds = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
  };
  const contentTimings = async () => {
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const id = isolated.get(frameTree.frame.id);
    if (id === undefined) return null;
    const { result } = await cdp
      .send('Runtime.evaluate', { expression: 'globalThis.hocbaTimings', contextId: id, returnByValue: true })
      .catch(() => ({ result: {} }));
    return result?.value ?? null;
  };
  const cpuMs = () => (pid ? browserCpuMs(pid) : Number.NaN);
  return { page, taskSeconds, contentTimings, cpuMs };
}

/**
 * One load of `url` in `tab`: { load, mainThread, browserCpu, toolbar?, injectToToolbar?,
 * ownWork? } in ms. `mainThread` is the renderer main thread's busy time (thread ticks) and
 * `browserCpu` the whole browser's CPU time (/proc), from before the navigation until the load
 * event (without) or the toolbar (with): what the page view costs, our work included.
 */
export async function measureLoad(tab, url, { toolbar }) {
  const before = await tab.taskSeconds();
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
    const t = await tab.contentTimings();
    if (t?.shown !== undefined) {
      out.injectToToolbar = t.shown - t.start;
      out.ownWork = t.shown - t.work;
      out.injectedAt = t.start;
    }
  }
  out.browserCpu = tab.cpuMs() - cpuBefore;
  const after = await tab.taskSeconds();
  // A new renderer process starts its counters again.
  out.mainThread = (after >= before ? after - before : after) * 1000;
  return out;
}

/**
 * `pairs` interleaved loads in each tab (after `warmup` unmeasured ones each):
 * { without: Load[], with: Load[] }, pair i of one beside pair i of the other.
 */
export async function measurePairs(tabs, url, { pairs, warmup = 2 }) {
  for (let i = 0; i < warmup; i++) {
    await measureLoad(tabs.without, url, { toolbar: false });
    await measureLoad(tabs.with, url, { toolbar: true });
  }
  const results = { without: [], with: [] };
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
    for (const variant of order)
      results[variant].push(await measureLoad(tabs[variant], url, { toolbar: variant === 'with' }));
  }
  return results;
}
