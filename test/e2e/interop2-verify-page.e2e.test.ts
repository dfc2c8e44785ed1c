/**
 * Round two of other signers' files (shared/test/verify/fixtures/interop2) on the verify page,
 * as a receiving school reads them: an encrypted file opened as any reader opens it (empty user
 * password: checked like any other), one that needs a password (not checked, not called
 * forged, what to ask for), an old SHA-1 signature (cannot be decided, why), a name in T61String holding UTF-8
 * and a VNPT-style signature with its revocation data inside the CMS (valid, names in
 * Vietnamese). Offline: no companion.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, outputPath } from '../support/browser.js';
import { addTrustAnchors, dropFiles, openAllDetails, VERIFY_PAGE } from '../support/verify-page.js';

const corpus = join(import.meta.dirname, '../../shared/test/verify/fixtures/interop2');
const FILES = [
  'enc-aes-256.pdf',
  '../encrypted/record-user-password.pdf',
  'sha1-old.pdf',
  'name-t61string.pdf',
  'vn-revinfo-ocsp.pdf',
];

describe('verify page: encrypted, SHA-1 and vendor-shaped files from other signers', () => {
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
    await page.setViewport({ width: 1100, height: 900 });
    await page.goto(VERIFY_PAGE);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('each gets a clear answer in Vietnamese, none a crash', async () => {
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
        text: (el as HTMLElement).innerText,
      })),
    );
    expect(cards.map((c) => [c.name, c.verdict])).toEqual([
      ['enc-aes-256.pdf', 'valid'],
      ['record-user-password.pdf', 'indeterminate'],
      ['sha1-old.pdf', 'indeterminate'],
      ['name-t61string.pdf', 'valid'],
      ['vn-revinfo-ocsp.pdf', 'valid'],
    ]);
    const [encrypted, password, sha1, t61, vnpt] = cards;
    expect(encrypted?.signers).toEqual(['Nguyễn Thị Ngọc Ánh']);
    expect(password?.text).toContain('cần mật khẩu mới mở được');
    expect(password?.text).toContain('đề nghị nơi gửi gửi lại bản đã ký không đặt mật khẩu mở tệp');
    expect(sha1?.text).toContain('dùng thuật toán băm SHA-1, nay không còn an toàn');
    // Its card must not call the content intact: a matching SHA-1 digest proves nothing now.
    expect(sha1?.text).toContain('Khớp với chữ ký, nhưng chữ ký dùng SHA-1');
    expect(sha1?.text).not.toContain('Nguyên vẹn kể từ khi ký');
    expect(t61?.signers).toEqual(['Huỳnh Thị Mỹ Duyên']);
    expect(vnpt?.signers).toEqual(['Lê Thị Hồng Nhung']);
    expect(vnpt?.text).toContain('CMND:341234567');
    expect(cards.map((c) => c.text).join('\n')).not.toMatch(/\[verify_|undefined|Huá»/);
    await page.screenshot({ path: outputPath('interop2-verify-page.png'), fullPage: true });
  });

  it('a 30-page 20 MB file with images and a file with ten signatures', async () => {
    const big = await browser.newPage();
    await big.setViewport({ width: 1100, height: 900 });
    await big.goto(VERIFY_PAGE);
    await dropFiles(big, [join(corpus, 'big-30-pages.pdf'), join(corpus, 'ten-signatures.pdf')], 45_000);
    const cards = await big.$$eval('article.file', (els) =>
      els.map((el) => [
        el.querySelector('h2')?.textContent,
        el.getAttribute('data-verdict'),
        el.querySelectorAll('.signature').length,
      ]),
    );
    expect(cards).toEqual([
      ['big-30-pages.pdf', 'valid', 2],
      ['ten-signatures.pdf', 'valid', 10],
    ]);
    await big.screenshot({ path: outputPath('interop2-verify-page-big.png') });
    await big.close();
  }, 60_000);
});
