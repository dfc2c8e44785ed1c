/**
 * Hostile files on the verify page (Chromium, the built extension): the PDF bomb fixtures
 * (a 138-byte xref /Index bomb, a 3 KB flate bomb that holds 1 GiB, a 128 MiB object-stream
 * bomb) are checked in the page's worker within the reader's budgets: each card gets a
 * verdict that is not "valid", the page's own thread keeps running meanwhile, and a genuine
 * record dropped after them still verifies.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basePdf, signField } from '../../shared/test/verify/pdf-fixtures.js';
import { makeTestPki } from '../pki/index.mjs';
import {
  EXTENSION_ORIGIN,
  extensionWorker,
  launchWithExtension,
  OUTPUT_DIR,
  outputPath,
} from '../support/browser.js';

const bombs = fileURLToPath(new URL('../../shared/test/fixtures/bombs/', import.meta.url));
const BOMBS = ['xref-index-bomb.pdf', 'flate-bomb-xref.pdf', 'flate-bomb-objstm.pdf'];

describe('verify page: PDF bombs', () => {
  let browser: Browser;
  let page: Page;
  const dir = join(OUTPUT_DIR, 'verify-bombs-files');

  beforeAll(async () => {
    const pki = await makeTestPki(join(OUTPUT_DIR, 'pki'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'hop-le.pdf'), signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki));
    browser = await launchWithExtension();
    const worker = await extensionWorker(browser);
    await worker.evaluate((pem) => chrome.storage.local.set({ trustAnchors: [pem] }), pki.root.certPem);
    page = await browser.newPage();
    await page.goto(`${EXTENSION_ORIGIN}/src/pages/verify/index.html`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('each bomb gets a verdict in bounded time, the page stays responsive, a real record still verifies', async () => {
    await page.waitForSelector('[data-hocba="dropzone"]');
    // A heartbeat on the page's thread: the longest gap between ticks while the bombs are read.
    await page.evaluate(() => {
      const w = window as unknown as { maxGap: number; last: number };
      w.maxGap = 0;
      w.last = performance.now();
      setInterval(() => {
        const now = performance.now();
        w.maxGap = Math.max(w.maxGap, now - w.last);
        w.last = now;
      }, 20);
    });
    const started = Date.now();
    const input = await page.$('input[type=file]');
    await input?.uploadFile(...BOMBS.map((f) => join(bombs, f)), join(dir, 'hop-le.pdf'));
    await page.waitForFunction(
      (n) => document.querySelectorAll('article.file:not([data-state="verifying"])').length === n,
      { timeout: 60_000 },
      BOMBS.length + 1,
    );
    const elapsed = Date.now() - started;
    const cards = await page.$$eval('article.file', (els) =>
      els.map((el) => ({
        name: el.querySelector('h2')?.textContent,
        verdict: el.getAttribute('data-verdict'),
        text: (el as HTMLElement).innerText,
      })),
    );
    await page.screenshot({ path: outputPath('verify-bombs.png'), fullPage: true });
    const maxGap = await page.evaluate(() => (window as unknown as { maxGap: number }).maxGap);
    console.log(
      `verify-bombs: ${elapsed} ms for all files, longest main-thread gap ${Math.round(maxGap)} ms`,
    );

    expect(cards.map((c) => c.name)).toEqual([...BOMBS, 'hop-le.pdf']);
    for (const card of cards.slice(0, BOMBS.length)) {
      expect(card.verdict).not.toBe('valid');
      expect(card.text).not.toContain('[verify_');
    }
    expect(cards.at(-1)?.verdict).toBe('valid');
    expect(elapsed).toBeLessThan(45_000);
    // Parsing ran in the worker: the page's thread never stalled for long.
    expect(maxGap).toBeLessThan(1_000);
  }, 120_000);
});
