// Worker thread: renders the records it is given (renderRecordPdf) and posts each PDF back
// with the time it took. Used by corpus.mjs to render on every core.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { renderRecordPdf } from '@hocba/shared/pdf/render';
import { loadFonts } from './fonts.mjs';

const fonts = loadFonts();
for (const { index, record } of workerData.jobs) {
  const start = performance.now();
  const { pdf, pageCount } = await renderRecordPdf(record, { fonts });
  parentPort.postMessage({ index, pdf, pageCount, ms: performance.now() - start });
}
