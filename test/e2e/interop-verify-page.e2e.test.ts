/**
 * Files signed by other software (pyHanko, openssl; the interop corpus in
 * shared/test/verify/fixtures/interop) on the verify page: Vietnamese signer names with
 * diacritics, titles and CCCD/MST from the certificates, times, and what changed after signing,
 * readable by a receiving school. Offline: no companion.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, outputPath } from '../support/browser.js';
import { addTrustAnchors, dropFiles, openAllDetails, VERIFY_PAGE } from '../support/verify-page.js';

const corpus = join(import.meta.dirname, '../../shared/test/verify/fixtures/interop');
const FILES = ['three-signers-form-filled.pdf', 'certify-p2-approval-ltvfix.pdf', 'blta.pdf'];

describe('verify page: files from other signers read clearly', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchWithExtension();
    // The test roots stand where an IT admin adds a root the extension does not bundle.
    await addTrustAnchors(
      browser,
      ['root-gov.pem', 'root-neac.pem'].map((f) => readFileSync(join(corpus, f), 'utf8')),
    );
    page = await browser.newPage();
    await page.goto(VERIFY_PAGE);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('names, titles, identity numbers and changes after signing, in Vietnamese', async () => {
    await dropFiles(
      page,
      FILES.map((f) => join(corpus, f)),
    );
    await openAllDetails(page);
    const cards = await page.$$eval('article.file', (els) =>
      els.map((el) => ({
        name: el.querySelector('h2')?.textContent,
        verdict: el.getAttribute('data-verdict'),
        signers: [...el.querySelectorAll('.signer-name')].map((s) => s.textContent),
        statuses: [...el.querySelectorAll('.signature')].map((s) => s.getAttribute('data-status')),
        warnings: [...el.querySelectorAll('[data-hocba="warnings"] li')].map((w) =>
          w.getAttribute('data-code'),
        ),
        text: (el as HTMLElement).innerText,
      })),
    );
    expect(cards.map((c) => [c.name, c.verdict])).toEqual(FILES.map((f) => [f, 'valid']));
    const [three, certified, lta] = cards;
    expect(three?.signers).toEqual([
      'Nguyễn Thị Ngọc Ánh',
      'Trần Văn Đức',
      'Trường Tiểu học Nguyễn Văn Trỗi',
    ]);
    expect(three?.statuses).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED', 'TOTAL_PASSED']);
    for (const words of [
      'CCCD:087190001234',
      'MST:1400123456',
      'Hiệu trưởng',
      'Ô nhập liệu "GhiChu" được điền',
    ])
      expect(three?.text).toContain(words);
    // The fill is allowed, and said before anyone relies on the file.
    expect(three?.warnings).toContain('FORM_FILLED');
    expect(three?.text).toContain('Có ô nhập liệu được điền hoặc sửa sau khi ký ("GhiChu")');
    expect(certified?.signers).toEqual(['Trần Văn Đức', 'Nguyễn Thị Ngọc Ánh']);
    expect(lta?.statuses).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
    // One time format: Vietnam time, dd/mm/yyyy HH:mm.
    expect(three?.text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(cards.map((c) => c.text).join('\n')).not.toContain('[verify_');
    await page.screenshot({ path: outputPath('interop-verify-page.png'), fullPage: true });
  });
});
