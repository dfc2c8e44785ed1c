/**
 * The content script the manifest declares on the vendors' portals, run at document_start:
 * it only waits for the page's load event and an idle moment, then loads the toolbar's
 * module (index.tsx). Why not declare index.tsx at document_idle: Chromium runs idle
 * scripts in an idle period before the load event, which first makes it render a frame
 * (style, layout, paint of the whole table) and so holds the load event back by that frame
 * (a trace showed 130 ms on portal A, docs/performance.md). At document_start the script is
 * injected as the document begins, costs the page the creation of our isolated world and
 * this small module, and everything else happens after load.
 */
import { afterLoadAndIdle } from './after-load.js';

const flags = globalThis as {
  hocbaContentStarted?: boolean;
  hocbaBootedAt?: number;
  hocbaBootResumedAt?: number;
};
/**
 * When the script was injected and when its wait ended (ms from navigation start): the
 * bench reads them in our world (test/bench/helpers/portal-load.mjs), the page cannot.
 */
flags.hocbaBootedAt = performance.now();

void afterLoadAndIdle().then(() => {
  flags.hocbaBootResumedAt = performance.now();
  // The toolbar icon may have injected the whole script already (run-on-tab.ts).
  if (flags.hocbaContentStarted) return;
  return import('./index.js');
});
