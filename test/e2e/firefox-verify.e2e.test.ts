/**
 * The verify page in Firefox ESR (the Firefox build): a receiving school drops a signed
 * record and hostile files. Each is read in the page's Web Worker (a module worker beside a
 * moz-extension page) under its time limit: the signed record reads valid, a record edited
 * after signing reads invalid, and the PDF bombs get a verdict that is not "valid" within
 * bounded time while the page's own thread keeps running. The root is the one IT puts in
 * policies.json (managed `trustAnchors`). The standalone file, opened from disk in the
 * same Firefox, verifies in the worker it starts from a Blob URL.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendUpdate, basePdf, signField } from '../../shared/test/verify/pdf-fixtures.js';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { makeTestPki } from '../pki/index.mjs';
import { OUTPUT_DIR, outputPath, STANDALONE_HTML } from '../support/browser.js';
import { extensionPage, extensionPolicies, launchFirefoxWithExtension } from '../support/firefox.js';
import { openPage } from '../support/navigation.js';
import { loginPortal } from '../support/portals.js';
import { clickToolbar, inToolbar } from '../support/toolbar.js';

const bombs = fileURLToPath(new URL('../../shared/test/fixtures/bombs/', import.meta.url));
const BOMBS = ['xref-index-bomb.pdf', 'flate-bomb-xref.pdf', 'flate-bomb-objstm.pdf'];

describe('Firefox ESR: the verify page verifies in its worker', () => {
  let browser: Browser;
  let page: Page;
  let portals: Awaited<ReturnType<typeof startDemoPortals>>;
  const dir = join(OUTPUT_DIR, 'firefox-verify-files');
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const pki = await makeTestPki(join(OUTPUT_DIR, 'pki'));
    mkdirSync(dir, { recursive: true });
    const gvcn = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki);
    const twice = signField(gvcn, 8, 'hocba.principal', pki.signers.principal, pki);
    writeFileSync(join(dir, 'hop-le.pdf'), twice);
    const text = 'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan 10 diem) Tj ET';
    writeFileSync(
      join(dir, 'bi-sua.pdf'),
      appendUpdate(twice, [{ num: 4, body: `<< /Length ${text.length} >>\nstream\n${text}\nendstream` }]),
    );
    portals = await startDemoPortals({ dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')) });
    ({ browser } = await launchFirefoxWithExtension(extensionPolicies({ trustAnchors: [pki.root.certPem] })));
    // Firefox lets no one but the extension open its pages: the way a user does, from the
    // toolbar's note on a portal page the extension does not read (VnEdu's mid-term view).
    const portal = await browser.newPage();
    await loginPortal(portal, portals.urlVnedu, 'gvcn');
    await openPage(portal, `${portals.urlVnedu}/hoc-sinh/tong-ket?lop=4b&hk=gk1`, 'open the mid-term view');
    await inToolbar(portal, '[data-hocba-action="open-verify"]');
    await clickToolbar(portal, '[data-hocba-action="open-verify"]');
    page = await extensionPage(browser, 'src/pages/verify/index.html');
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.setViewport({ width: 1000, height: 1000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await portals?.close();
  });

  const settled = (n: number, timeout: number) =>
    page.waitForFunction(
      (count) => document.querySelectorAll('article.file:not([data-state="verifying"])').length === count,
      { timeout },
      n,
    );
  const cards = () =>
    page.$$eval('article.file', (els) =>
      els.map((el) => ({
        name: el.querySelector('h2')?.textContent ?? null,
        verdict: el.getAttribute('data-verdict'),
        state: el.getAttribute('data-state'),
        where: el.getAttribute('data-verified-in'),
        text: (el as HTMLElement).innerText,
      })),
    );

  it('a signed record reads valid and an edited one invalid, both verified in the worker', async () => {
    await page.waitForSelector('[data-hocba="dropzone"]', { timeout: 30_000 });
    expect(await page.title()).toBe('Xác minh học bạ số');
    const input = await page.$('input[type=file]');
    await input?.uploadFile(join(dir, 'hop-le.pdf'), join(dir, 'bi-sua.pdf'));
    await settled(2, 60_000);
    const found = await cards();
    await page.screenshot({ path: outputPath('firefox-verify-1-signed-and-edited.png'), fullPage: true });
    expect(found.map((c) => [c.name, c.state, c.verdict, c.where])).toEqual([
      ['hop-le.pdf', 'done', 'valid', 'worker'],
      ['bi-sua.pdf', 'done', 'invalid', 'worker'],
    ]);
    expect(found[0]?.text).toContain('Nguyễn Thị Lan');
    expect(found[1]?.text).toContain('bị sửa sau khi');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('PDF bombs: a verdict that is not "valid" in bounded time, the page stays responsive, verified off its thread', async () => {
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
    const before = (await cards()).length;
    const started = Date.now();
    const input = await page.$('input[type=file]');
    await input?.uploadFile(...BOMBS.map((f) => join(bombs, f)), join(dir, 'hop-le.pdf'));
    await settled(before + BOMBS.length + 1, 90_000);
    const elapsed = Date.now() - started;
    const maxGap = await page.evaluate(() => (window as unknown as { maxGap: number }).maxGap);
    console.log(
      `firefox-verify: ${elapsed} ms for the bombs, longest main-thread gap ${Math.round(maxGap)} ms`,
    );
    await page.screenshot({ path: outputPath('firefox-verify-2-bombs.png'), fullPage: true });
    const found = (await cards()).slice(before);
    expect(found.map((c) => c.name)).toEqual([...BOMBS, 'hop-le.pdf']);
    for (const card of found.slice(0, BOMBS.length)) {
      expect(card.verdict).not.toBe('valid');
      expect(card.text).not.toContain('[verify_');
      // Read in the worker, or stopped there by the time limit: never on the page.
      expect(card.where === 'worker' || card.state === 'refused').toBe(true);
    }
    expect(found.at(-1)).toMatchObject({ verdict: 'valid', where: 'worker' });
    expect(elapsed).toBeLessThan(60_000);
    expect(maxGap).toBeLessThan(1_000);
    expect(pageErrors).toEqual([]);
  }, 150_000);

  it('the standalone file opened from disk in Firefox verifies in its Blob-URL worker too', async () => {
    const file = await browser.newPage();
    const errors: string[] = [];
    file.on('pageerror', (error) => errors.push(String(error)));
    await openPage(file, pathToFileURL(STANDALONE_HTML).href, 'open the standalone verify file');
    await file.waitForSelector('[data-hocba="dropzone"]', { timeout: 30_000 });
    const input = await file.$('input[data-hocba="file-input"]');
    await input?.uploadFile(join(dir, 'bi-sua.pdf'), join(bombs, 'flate-bomb-objstm.pdf'));
    await file.waitForFunction(
      () => document.querySelectorAll('article.file:not([data-state="verifying"])').length === 2,
      { timeout: 60_000 },
    );
    const found = await file.$$eval('article.file', (els) =>
      els.map((el) => [
        el.querySelector('h2')?.textContent,
        el.getAttribute('data-verdict'),
        el.getAttribute('data-verified-in'),
      ]),
    );
    await file.screenshot({ path: outputPath('firefox-verify-3-standalone.png'), fullPage: true });
    expect(found).toEqual([
      ['bi-sua.pdf', 'invalid', 'worker'],
      ['flate-bomb-objstm.pdf', 'invalid', 'worker'],
    ]);
    expect(errors).toEqual([]);
    await file.close();
  }, 120_000);
});
