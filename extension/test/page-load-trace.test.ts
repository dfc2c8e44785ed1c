/**
 * The page-load bench's traced CPU figure (test/bench/helpers/trace-events.mjs): the page
 * renderer main thread's CPU from navigation start to the load event, from a Chromium trace.
 * Built on a small synthetic trace with the events Chromium writes (navigationStart and
 * loadEventEnd marks, top-level tasks with thread time).
 */
import { describe, expect, it } from 'vitest';
import { tracedLoads } from '../../test/bench/helpers/trace-events.mjs';

const RENDERER = 10;
const MAIN = 11;
const us = (ms: number) => ms * 1000;

function nav(at: number, url: string) {
  return {
    name: 'navigationStart',
    cat: 'blink.user_timing',
    ph: 'R',
    pid: RENDERER,
    tid: MAIN,
    ts: us(at),
    args: { frame: 'F', data: { documentLoaderURL: url, isLoadingMainFrame: true } },
  };
}
const loadEnd = (at: number) => ({
  name: 'loadEventEnd',
  cat: 'blink.user_timing',
  ph: 'R',
  pid: RENDERER,
  tid: MAIN,
  ts: us(at),
  args: { frame: 'F' },
});
/** A task on a thread: wall `dur` ms from `at`, `cpu` ms of thread time. */
const task = (at: number, dur: number, cpu: number, tid = MAIN, name = 'ThreadControllerImpl::RunTask') => ({
  name,
  cat: 'toplevel',
  ph: 'X',
  pid: RENDERER,
  tid,
  ts: us(at),
  dur: us(dur),
  tdur: us(cpu),
});

describe('traced page loads', () => {
  it('counts the main thread tasks from navigation start to the load event, nested ones once, rendering apart', () => {
    const trace = {
      traceEvents: [
        task(90, 5, 4), // before the navigation: not counted
        nav(100, 'http://127.0.0.1:1/lop/4a'),
        task(110, 30, 20),
        { ...task(112, 10, 8), name: 'ParseHTML', cat: 'devtools.timeline' }, // inside the task above
        task(150, 40, 25),
        { ...task(155, 10, 9), name: 'Layout', cat: 'devtools.timeline' }, // rendering, inside it
        task(150, 40, 7, 12), // another thread of the renderer: in processCpuToLoad only
        loadEnd(200),
        task(210, 50, 30), // after the load event (our toolbar's work): not counted
        nav(300, 'http://127.0.0.2:1/lop/4a'),
        task(310, 10, 9),
        loadEnd(330),
      ],
    };
    const loads = tracedLoads(trace);
    expect(loads).toHaveLength(2);
    expect(loads[0]).toMatchObject({ url: 'http://127.0.0.1:1/lop/4a', loadAt: 100 });
    expect(loads[0]?.cpuToLoad).toBeCloseTo(45);
    expect(loads[0]?.processCpuToLoad).toBeCloseTo(52);
    // Style, layout and paint apart: their share of the main thread's CPU.
    expect(loads[0]?.renderCpuToLoad).toBeCloseTo(9);
    expect(loads[1]?.cpuToLoad).toBeCloseTo(9);
  });

  it('tells apart what ran before the new document was first parsed (the previous document)', () => {
    const trace = {
      traceEvents: [
        nav(100, 'http://127.0.0.1:1/lop/4a'),
        task(101, 6, 5), // the previous document's frame, after navigation start
        { ...task(102, 4, 4), name: 'Paint', cat: 'devtools.timeline' },
        task(110, 30, 20),
        { ...task(112, 10, 8), name: 'ParseHTML', cat: 'devtools.timeline' },
        task(150, 10, 6),
        loadEnd(200),
      ],
    };
    const [load] = tracedLoads(trace);
    expect(load?.cpuToLoad).toBeCloseTo(31);
    expect(load?.cpuBeforeParse).toBeCloseTo(5);
    expect(load?.renderCpuToLoad).toBeCloseTo(4);
    // No parse seen before load: everything counts as before it.
    const noParse = tracedLoads({ traceEvents: [nav(0, 'http://x/'), task(5, 2, 2), loadEnd(10)] });
    expect(noParse[0]?.cpuBeforeParse).toBeCloseTo(2);
  });

  it('leaves out a navigation whose load event never came, and about:blank', () => {
    const trace = {
      traceEvents: [
        nav(0, ''),
        nav(100, 'http://127.0.0.1:1/x'),
        task(110, 5, 5),
        nav(200, 'http://127.0.0.1:1/y'),
        loadEnd(250),
      ],
    };
    expect(tracedLoads(trace).map((l) => l.url)).toEqual(['http://127.0.0.1:1/y']);
  });
});
