/**
 * Story (receiving school with nothing installed): the secretary opens the standalone file
 * hocba-xac-minh.html from disk in a browser without the extension and drops a signed
 * record. The signer's CA is a test root, not a bundled Vietnamese root, so the page says
 * it cannot confirm the signer; she loads the school's root certificate for the session
 * and the same file reads as valid. The page asks the network for nothing, ever, and
 * verifies in a worker it starts from a Blob URL (the time limit of the extension's page).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basePdf, signField } from '../../shared/test/verify/pdf-fixtures.js';
import { makeTestPki, type TestPki } from '../pki/index.mjs';
import { launchPlain, OUTPUT_DIR, outputPath, STANDALONE_HTML } from '../support/browser.js';

describe('standalone verify file: opened from disk, no extension, no network', () => {
  let browser: Browser;
  let page: Page;
  let pki: TestPki;
  const pageUrl = pathToFileURL(STANDALONE_HTML).href;
  const dir = join(OUTPUT_DIR, 'standalone-verify-files');
  /** Every request the page makes besides loading itself. */
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    pki = await makeTestPki(join(OUTPUT_DIR, 'pki'));
    mkdirSync(dir, { recursive: true });
    const gvcn = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki);
    writeFileSync(
      join(dir, 'hoc-ba-an.pdf'),
      signField(gvcn, 8, 'hocba.principal', pki.signers.principal, pki),
    );
    writeFileSync(join(dir, 'goc-truong.pem'), pki.root.certPem);
    // The homeroom teacher's certificate in the principal's field.
    writeFileSync(
      join(dir, 'sai-vai-tro.pdf'),
      signField(basePdf(), 8, 'HocBa_HieuTruong', pki.signers.gvcn, pki),
    );
    writeFileSync(join(dir, 'khong-phai-chung-thu.pem'), 'Đây không phải chứng thư');
    // A download that never finished, and a letter saved under a .pdf name.
    writeFileSync(join(dir, 'tai-do-dang.pdf'), new Uint8Array());
    writeFileSync(join(dir, 'thu-xin-hoc.pdf'), 'Kính gửi Ban giám hiệu');
    // Over the entry bound (2,000): refused whole, before anything inside is read.
    const crowd: Record<string, Uint8Array> = {};
    for (let i = 0; i <= 2_000; i++) crowd[`thu-muc/${i}.txt`] = new Uint8Array();
    writeFileSync(join(dir, 'qua-nhieu-muc.zip'), zipSync(crowd, { level: 0 }));
    browser = await launchPlain();
    page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url() === pageUrl) return void request.continue();
      requests.push(request.url());
      void request.abort();
    });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    // A CSP violation would also mean the page tried to load something.
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { violations: string[] }).violations ??= [];
        (window as unknown as { violations: string[] }).violations.push(
          `${e.violatedDirective} ${e.blockedURI}`,
        );
      });
    });
    await page.goto(pageUrl);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function cardVerdicts(): Promise<(string | null)[][]> {
    await page.waitForFunction(
      () =>
        document.querySelectorAll('article.file').length > 0 &&
        document.querySelectorAll('article.file[data-state="verifying"]').length === 0,
      { timeout: 30_000 },
    );
    return page.$$eval('article.file', (els) =>
      els.map((el) => [el.querySelector('h2')?.textContent ?? null, el.getAttribute('data-verdict')]),
    );
  }

  it('is one self-contained file in Vietnamese, without browser.* APIs', async () => {
    await page.waitForSelector('[data-hocba="dropzone"]');
    expect(await page.title()).toBe('Xác minh học bạ số');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await page.evaluate(() => 'chrome' in window && 'runtime' in (window.chrome as object))).toBe(
      false,
    );
    const text = await page.$eval('main', (el) => (el as HTMLElement).innerText);
    expect(text).toContain('Thả tệp PDF học bạ hoặc tệp ZIP vào đây');
    expect(text).toContain('Chứng thư gốc của trường (nếu cần)');
    expect(text).not.toMatch(/\[verify_/);
    expect(pageErrors).toEqual([]);
  });

  it('cannot confirm a test-root signer with only the bundled roots, then reads valid once the root is loaded', async () => {
    const input = await page.$('input[data-hocba="file-input"]');
    await input?.uploadFile(join(dir, 'hoc-ba-an.pdf'));
    expect(await cardVerdicts()).toEqual([['hoc-ba-an.pdf', 'indeterminate']]);
    expect(await page.$eval('article.file', (el) => el.getAttribute('data-verified-in'))).toBe('worker');
    // What to do next: load the sending system's root here, or ask the sending school.
    expect(
      await page.$eval('[data-hocba="next-step"]', (el) => [el.getAttribute('data-next'), el.textContent]),
    ).toEqual([
      'walk_verify_next_untrusted_standalone',
      expect.stringContaining(
        'hãy nạp chứng thư gốc của hệ thống đó ở mục “Chứng thư gốc của trường” phía trên',
      ),
    ]);

    const rootInput = await page.$('input[data-hocba="root-input"]');
    await rootInput?.uploadFile(join(dir, 'khong-phai-chung-thu.pem'));
    await page.waitForFunction(
      () => document.querySelector('[data-hocba="session-roots"] .error-text') !== null,
    );
    expect(await page.$('[data-hocba="root-count"]')).toBeNull();

    await rootInput?.uploadFile(join(dir, 'goc-truong.pem'));
    await page.waitForSelector('[data-hocba="root-count"]');
    await page.waitForFunction(
      () => document.querySelector('article.file')?.getAttribute('data-verdict') === 'valid',
      { timeout: 30_000 },
    );
    expect(await cardVerdicts()).toEqual([['hoc-ba-an.pdf', 'valid']]);
    expect(await page.$('[data-hocba="next-step"]')).toBeNull();
    // Verified off the page's thread, in the worker the file builds from a Blob URL (with
    // the extension page's time limit), not on the page.
    expect(
      await page.$$eval('article.file', (els) => els.map((el) => el.getAttribute('data-verified-in'))),
    ).toEqual(['worker']);
    const card = await page.$eval('article.file', (el) => (el as HTMLElement).innerText);
    expect(card).toContain('Nguyễn Thị Lan');
    expect(card).toContain('Giáo viên chủ nhiệm');
    expect(await page.$eval('[data-hocba="root-count"]', (el) => el.textContent)).toBe(
      'Đang dùng thêm 1 chứng thư gốc được nạp cho lần mở trang này.',
    );
  });

  it('prints a report that says it was verified offline with the session root', async () => {
    await page.emulateMediaType('print');
    await page.setViewport({ width: 794 - 106, height: 1123 });
    const header = await page.$eval('[data-hocba="report-header"]', (el) => (el as HTMLElement).innerText);
    expect(header).toContain('Xác minh ngoại tuyến trên máy này bằng tệp xác minh Học bạ số');
    expect(header).toContain('1 chứng thư gốc được nạp cho lần mở trang này');
    expect(await page.$eval('[data-hocba="session-roots"]', (el) => getComputedStyle(el).display)).toBe(
      'none',
    );
    await page.screenshot({ path: outputPath('standalone-report-print.png'), fullPage: true });
    await page.emulateMediaType('screen');
    await page.screenshot({ path: outputPath('standalone-page.png'), fullPage: true });
  });

  it('refuses a ZIP over the entry bound, in Vietnamese, and verifies nothing from it', async () => {
    const before = await page.$$eval('article.file', (els) => els.length);
    const input = await page.$('input[data-hocba="file-input"]');
    await input?.uploadFile(join(dir, 'qua-nhieu-muc.zip'));
    const error = await page.waitForSelector(
      '[data-hocba="archive"][data-state="refused"] [data-hocba="zip-error"]',
    );
    expect(await error?.evaluate((el) => [el.getAttribute('data-code'), el.textContent])).toEqual([
      'ZIP_TOO_MANY_ENTRIES',
      'Tệp ZIP có quá nhiều mục (tối đa 2.000). Bộ học bạ chuyển trường không lớn như vậy: hãy kiểm tra lại tệp, hoặc chia thành nhiều tệp ZIP.',
    ]);
    expect(await page.$$eval('article.file', (els) => els.length)).toBe(before);
  });

  it("a teacher's certificate in the principal's field: the teacher's role and the mismatch warning here too", async () => {
    const input = await page.$('input[data-hocba="file-input"]');
    await input?.uploadFile(join(dir, 'sai-vai-tro.pdf'));
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('article.file[data-state="done"]')].some(
          (el) => el.querySelector('h2')?.textContent === 'sai-vai-tro.pdf',
        ),
      { timeout: 30_000 },
    );
    const text = await page.$$eval('article.file', (els) =>
      els.map((el) => (el as HTMLElement).innerText).find((t) => t.includes('sai-vai-tro.pdf')),
    );
    expect(text).toContain('Hợp lệ, có cảnh báo');
    expect(text).toContain('Vai trò không khớp: Nguyễn Thị Lan ký vào ô dành cho Hiệu trưởng');
    expect(text).toContain('Giáo viên chủ nhiệm (theo chứng thư số; ô chữ ký lại ghi Hiệu trưởng)');
    await page.screenshot({ path: outputPath('standalone-role-mismatch.png'), fullPage: true });
  });

  it('an empty file and a letter named .pdf, dropped together: each says what it is and what to do', async () => {
    const input = await page.$('input[data-hocba="file-input"]');
    await input?.uploadFile(join(dir, 'tai-do-dang.pdf'), join(dir, 'thu-xin-hoc.pdf'));
    await page.waitForFunction(
      (names) =>
        names.every((n) =>
          [...document.querySelectorAll('article.file:not([data-state="verifying"])')].some(
            (el) => el.querySelector('h2')?.textContent === n,
          ),
        ),
      { timeout: 30_000 },
      ['tai-do-dang.pdf', 'thu-xin-hoc.pdf'],
    );
    const cards = await page.$$eval('article.file', (els) =>
      els.map((el) => ({
        name: el.querySelector('h2')?.textContent,
        state: el.getAttribute('data-state'),
        verdict: el.getAttribute('data-verdict'),
        reason: el.querySelector('[data-reason]')?.getAttribute('data-reason'),
        next: el.querySelector('[data-hocba="next-step"]')?.getAttribute('data-next'),
        text: (el as HTMLElement).innerText,
      })),
    );
    const empty = cards.find((c) => c.name === 'tai-do-dang.pdf');
    expect([empty?.state, empty?.reason]).toEqual(['refused', 'empty']);
    expect(empty?.text).toContain('Tệp rỗng (0 byte)');
    const letter = cards.find((c) => c.name === 'thu-xin-hoc.pdf');
    expect([letter?.verdict, letter?.next]).toEqual(['invalid', 'walk_verify_next_not_pdf']);
    await page.screenshot({ path: outputPath('standalone-empty-and-letter.png'), fullPage: true });
  });

  it('made no network request and no CSP violation', async () => {
    expect(requests).toEqual([]);
    expect(
      await page.evaluate(() => (window as unknown as { violations?: string[] }).violations ?? []),
    ).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
