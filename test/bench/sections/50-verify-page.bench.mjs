// The extension's verify page in headless Chromium: a class of 35 signed records (one, two
// and three signatures) given to its file input; time until every verdict is shown.
import { join } from 'node:path';
import { row, summarize, workDir } from '../harness.mjs';
import { EXTENSION_ORIGIN, extensionWorker, launch } from '../helpers/browser.mjs';
import { distinctRecords } from '../helpers/corpus.mjs';
import { signedRecords, verifySet } from '../helpers/signed-corpus.mjs';
import { benchIdentities } from '../helpers/token.mjs';

export const name = 'verify-page';
export const title = 'Trang xác minh trong Chromium / the verify page in Chromium';

export async function run({ quick }) {
  const n = 35;
  const runs = quick ? 2 : 5;
  const ids = benchIdentities();
  const work = workDir('verify-page');
  const corpus = await signedRecords(work, distinctRecords(quick));
  const files = verifySet(corpus, join(work, 'class'), n).map((f) => f.path);
  const { browser, close } = await launch({ extension: true });
  try {
    const worker = await extensionWorker(browser);
    await worker.evaluate((pem) => chrome.storage.local.set({ trustAnchors: [pem] }), ids.rootPem);
    const page = await browser.newPage();
    const times = [];
    for (let r = 0; r < runs + 1; r++) {
      await page.goto(`${EXTENSION_ORIGIN}/src/pages/verify/index.html`);
      await page.waitForSelector('[data-hocba="dropzone"]');
      const input = await page.$('input[type=file]');
      const start = performance.now();
      await input.uploadFile(...files);
      await page.waitForFunction(
        (count) =>
          document.querySelectorAll('article.file[data-verdict]:not([data-state="verifying"])').length ===
          count,
        { timeout: 120_000, polling: 10 },
        n,
      );
      const elapsed = performance.now() - start;
      const verdicts = await page.$$eval('article.file', (els) =>
        els.map((el) => el.getAttribute('data-verdict')),
      );
      const valid = verdicts.filter((v) => v === 'valid').length;
      if (valid !== n) throw new Error(`verify page: ${valid} of ${n} valid (${verdicts.join(',')})`);
      if (r > 0) times.push(elapsed); // the first run warms the page's code
    }
    const stat = summarize(times);
    return [
      row('verify-page', `verify page, class of ${n} files, files given → all verdicts shown`, stat, 'ms', {
        note: `${((n / stat.median) * 1000).toFixed(1)} files/s; 1, 2, 3 signatures`,
      }),
    ];
  } finally {
    await close();
  }
}
