// Reads a Chromium trace (Tracing with devtools.timeline, v8, toplevel, blink.user_timing):
// each main-frame load of a page (navigationStart → loadEventEnd on the renderer's main
// thread) and what that thread spent CPU on before the load event, by event name (self time:
// an event's thread time less its children's), and each other thread's CPU over the trace.
// Used by trace-page-load.mjs (by hand) to say where a difference between browsers goes.

/** Complete events ('X') with thread time, per pid:tid, sorted by start. */
function completeByThread(events) {
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.dur !== 'number') continue;
    const key = `${e.pid}:${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  for (const list of byThread.values()) list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  return byThread;
}

/**
 * Self thread-time of each event on one thread: { event, self (ms CPU), depth, top } where
 * `top` is its outermost ancestor (the task it ran in). Nesting is by wall time.
 */
function selfTimes(list) {
  const out = [];
  const stack = [];
  for (const e of list) {
    while (stack.length && stack[stack.length - 1].event.ts + stack[stack.length - 1].event.dur <= e.ts)
      stack.pop();
    const parent = stack[stack.length - 1];
    const node = {
      event: e,
      self: (e.tdur ?? 0) / 1000,
      depth: stack.length,
      top: parent ? parent.top : null,
    };
    if (!parent) node.top = node;
    if (parent) parent.self -= (e.tdur ?? 0) / 1000;
    out.push(node);
    stack.push(node);
  }
  return out;
}

/**
 * The rendering lifecycle's events (devtools.timeline): style, layout, paint and handing the
 * frame to the compositor. How much of it runs before the load event depends on how many
 * frames Chromium draws while the HTML arrives (0, 1 or 2 here, a race with the network and
 * the machine's load), so it is counted apart from the rest (parse, scripts, events, our
 * isolated world), which is steady from load to load.
 */
const RENDERING = new Set([
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'PaintImage',
  'Layerize',
  'Commit',
  'UpdateLayer',
  'ScheduleStyleRecalculation',
  'InvalidateLayout',
  'HitTest',
  'IntersectionObserverController::computeIntersections',
]);

/** A name that says what ran: our isolated world's scripts apart from the page's. */
function label(e) {
  const url = e.args?.data?.url ?? e.args?.data?.scriptName ?? e.args?.fileName ?? '';
  const ext = typeof url === 'string' && url.startsWith('chrome-extension://');
  return ext ? `${e.name} (extension: ${url.replace(/^chrome-extension:\/\/[^/]+/, '')})` : e.name;
}

/**
 * { loads: [{ url, loadAt, cpuToLoad, processCpuToLoad, renderCpuToLoad, cpuBeforeParse, cpuAfter, toLoad / afterLoad: { name: { cpu, count } } }],
 *   otherThreads: { 'process / thread': ms CPU over the whole trace } }.
 */
export function loadBreakdown(trace) {
  const events = trace.traceEvents ?? trace;
  const procName = new Map();
  const threadName = new Map();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'process_name') procName.set(e.pid, e.args.name);
    if (e.name === 'process_labels') procName.set(e.pid, `${procName.get(e.pid) ?? ''} [${e.args.labels}]`);
    if (e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args.name);
  }
  const starts = events
    .filter(
      (e) =>
        e.name === 'navigationStart' &&
        e.cat?.includes('blink.user_timing') &&
        e.args?.data?.isLoadingMainFrame &&
        /^https?:/.test(e.args.data.documentLoaderURL ?? ''),
    )
    .sort((a, b) => a.ts - b.ts);
  const ends = events.filter((e) => e.name === 'loadEventEnd' && e.cat?.includes('blink.user_timing'));
  const byThread = completeByThread(events);
  const selfByThread = new Map([...byThread].map(([k, list]) => [k, selfTimes(list)]));
  const loads = [];
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i];
    const key = `${s.pid}:${s.tid}`;
    const next = starts[i + 1]?.ts ?? Number.POSITIVE_INFINITY;
    const end = ends.find(
      (e) => e.pid === s.pid && e.args?.frame === s.args.frame && e.ts > s.ts && e.ts < next,
    );
    if (!end) continue;
    const toLoad = {};
    const afterLoad = {};
    let cpuToLoad = 0;
    let renderCpuToLoad = 0;
    let cpuAfter = 0;
    // What ran before the new document's first parse: the previous document's last tasks
    // (a frame of it, its unload), which fall in this window by the race of navigation start.
    const nodes = selfByThread.get(key) ?? [];
    const firstParse =
      nodes.find((n) => n.event.name === 'ParseHTML' && n.event.ts >= s.ts && n.event.ts < end.ts)?.top.event
        .ts ?? end.ts;
    let cpuBeforeParse = 0;
    for (const n of nodes) {
      const at = n.top.event.ts;
      if (at >= s.ts && at < end.ts) {
        const k = label(n.event);
        toLoad[k] ??= { cpu: 0, count: 0 };
        toLoad[k].cpu += n.self;
        toLoad[k].count += 1;
        cpuToLoad += n.self;
        if (at < firstParse) cpuBeforeParse += n.self;
        if (RENDERING.has(n.event.name)) renderCpuToLoad += n.self;
      } else if (at >= end.ts && at < next) {
        const k = label(n.event);
        afterLoad[k] ??= { cpu: 0, count: 0 };
        afterLoad[k].cpu += n.self;
        afterLoad[k].count += 1;
        cpuAfter += n.self;
      }
    }
    // Every thread of the page's renderer in the same window (the compositor, V8's
    // background compile and GC threads): what /proc's reading of the process adds up.
    let processCpuToLoad = 0;
    for (const [k, nodes] of selfByThread) {
      if (!k.startsWith(`${s.pid}:`)) continue;
      for (const n of nodes)
        if (n.top.event.ts >= s.ts && n.top.event.ts < end.ts) processCpuToLoad += n.self;
    }
    loads.push({
      url: s.args.data.documentLoaderURL,
      processCpuToLoad,
      loadAt: (end.ts - s.ts) / 1000,
      cpuToLoad,
      renderCpuToLoad,
      cpuBeforeParse,
      cpuAfter: Number.isFinite(next) ? cpuAfter : Number.NaN,
      toLoad,
      afterLoad,
    });
  }
  const otherThreads = {};
  for (const [key, nodes] of selfByThread) {
    const pid = Number(key.split(':')[0]);
    const name = `${procName.get(pid) ?? 'process'} ${pid} / ${threadName.get(key) ?? key}`;
    otherThreads[name] = (otherThreads[name] ?? 0) + nodes.reduce((sum, n) => sum + n.self, 0);
  }
  return { loads, otherThreads };
}

/**
 * Each main-frame load of a trace: { url, loadAt, cpuToLoad, processCpuToLoad, renderCpuToLoad,
 * cpuBeforeParse } (ms; renderCpuToLoad: the part of cpuToLoad in style, layout and paint;
 * cpuBeforeParse: the part before the task of the new document's first ParseHTML, i.e. the
 * previous document's last tasks).
 */
export function tracedLoads(trace) {
  return loadBreakdown(trace).loads.map(
    ({ url, loadAt, cpuToLoad, processCpuToLoad, renderCpuToLoad, cpuBeforeParse }) => ({
      url,
      loadAt,
      cpuToLoad,
      processCpuToLoad,
      renderCpuToLoad,
      cpuBeforeParse,
    }),
  );
}
