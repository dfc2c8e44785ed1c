// A browser-wide CDP trace around a round of loads, for one exact figure per load: the page
// renderer main thread's CPU time (thread time of its top-level tasks) from navigation start
// to the end of the load event. Read from /proc instead, the figure depends on when the
// bench hears of the load (tens of ms late on a busy machine), and whatever runs in that gap
// (our toolbar's work, which waits for load + idle) is counted as before load; the trace
// places every task on the page's own clock. Categories: the top-level task of every thread
// (`toplevel`, with thread time), what the renderer did inside it (`devtools.timeline`: parse,
// script, style, layout, paint) and the navigation-timing marks.

import { loadBreakdown, tracedLoads } from './trace-events.mjs';

const CATEGORIES = ['toplevel', 'devtools.timeline', 'blink.user_timing', '__metadata'];

/**
 * A tracer for one browser (puppeteer Browser): `start()`, then `stop()` → loads seen.
 * `categories` adds trace categories (trace-origins.mjs: v8, extensions, compile), and
 * `breakdown` makes `stop()` answer each load's CPU per event name too (trace-events.mjs
 * `loadBreakdown`) instead of the bench's figures alone.
 */
export async function browserTracer(browser, { categories = [], breakdown = false } = {}) {
  const session = await browser.target().createCDPSession();
  const included = [...new Set([...CATEGORIES, ...categories])];
  return {
    async start() {
      await session.send('Tracing.start', {
        transferMode: 'ReturnAsStream',
        traceConfig: {
          recordMode: 'recordAsMuchAsPossible',
          includedCategories: included,
          excludedCategories: ['*'],
        },
      });
    },
    /** Ends the trace: each main-frame load in it (trace-events.mjs `tracedLoads` or `loadBreakdown`). */
    async stop() {
      const complete = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
      await session.send('Tracing.end');
      const { stream } = await complete;
      const chunks = [];
      for (;;) {
        const { data, eof, base64Encoded } = await session.send('IO.read', { handle: stream, size: 1 << 22 });
        chunks.push(base64Encoded ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8'));
        if (eof) break;
      }
      await session.send('IO.close', { handle: stream });
      const trace = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      return breakdown ? loadBreakdown(trace).loads : tracedLoads(trace);
    },
  };
}
