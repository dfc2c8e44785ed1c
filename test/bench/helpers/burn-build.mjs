// The page-load bench's positive control: a copy of the built extension (bench-build.mjs)
// whose declared content script first burns a fixed amount of CPU at document_start, before the page's load
// event, on our origin only. A bench that reads `met` for this build cannot tell our cost
// from nothing; the goal line is decidable only if it reads MISSED here
// (`HOCBA_BENCH_POSITIVE_CONTROL_MS=7 node scripts/bench.mjs --only=extension`).
//
// The burn is a fixed number of loop iterations, not a wait on the clock: on a loaded
// machine a clock-bound spin spends less CPU when the thread is descheduled, a fixed loop
// spends the same. The iterations are calibrated in a tab of the browser that will be
// measured (V8 optimises the loop there as it will in the content script; Node's vm contexts
// do not), cold each time (a new source each trial, so no compiled copy is reused), the
// fastest of several trials (the one least interrupted by other work); the bench's traced
// split ("outside style/layout/paint") then says what it cost in the page.

/** The burn as a classic-script statement: `iterations` steps of an LCG the engine cannot drop. */
export const burnSource = (iterations) =>
  `(() => { let x = 1; for (let i = 0; i < ${iterations}; i++) x = (Math.imul(x, 1103515245) + 12345) | 0; globalThis.hocbaBurned = x; })();`;

/**
 * Iterations that cost about `ms` of main-thread time in `page` (a puppeteer Page): three
 * refinements, each the fastest of 7 cold trials.
 */
export async function calibrateBurn(page, ms) {
  let iterations = 1_000_000;
  for (let step = 0; step < 3; step++) {
    const fastest = await page.evaluate(
      (source, trials) => {
        let best = Number.POSITIVE_INFINITY;
        for (let t = 0; t < trials; t++) {
          // A new source each time: compiled and optimised afresh, as once a page.
          const run = new Function(`${source} // ${t} ${Math.random()}`);
          const start = performance.now();
          run();
          best = Math.min(best, performance.now() - start);
        }
        return best;
      },
      burnSource(iterations),
      7,
    );
    iterations = Math.max(1_000, Math.round((iterations * ms) / Math.max(fastest, 0.1)));
  }
  return iterations;
}
