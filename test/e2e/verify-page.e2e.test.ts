/**
 * Story 4 (receiving school): drop transferred record files on the verify page and read,
 * in Vietnamese, whether each is intact, who signed, in what role, and whether it chains to
 * a trusted root. Offline: no companion runs in this test.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendUpdate, basePdf, signField } from '../../shared/test/verify/pdf-fixtures.js';
import { makeTestPki, type TestPki } from '../pki/index.mjs';
import { launchWithExtension, OUTPUT_DIR, outputPath } from '../support/browser.js';
import { addTrustAnchors, dropFiles, openAllDetails, VERIFY_PAGE } from '../support/verify-page.js';

const EN_TITLE = 'Verify digital school records';
/** What the summary of a signed PDF with no record inside adds (shared/src/verify/report/summary.ts). */
const NO_RECORD_VI = ' Tệp không chứa dữ liệu học bạ, nên chỉ chữ ký được xác minh.';

describe('verify page: a receiving school checks transferred records offline', () => {
  let browser: Browser;
  let page: Page;
  let pki: TestPki;
  const dir = join(OUTPUT_DIR, 'verify-page-files');

  beforeAll(async () => {
    pki = await makeTestPki(join(OUTPUT_DIR, 'pki'));
    mkdirSync(dir, { recursive: true });
    const gvcn = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki);
    const twice = signField(gvcn, 8, 'hocba.principal', pki.signers.principal, pki, { pss: true });
    writeFileSync(join(dir, '1-hop-le.pdf'), twice);
    const text = 'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan 10 diem) Tj ET';
    writeFileSync(
      join(dir, '2-bi-sua.pdf'),
      appendUpdate(twice, [{ num: 4, body: `<< /Length ${text.length} >>\nstream\n${text}\nendstream` }]),
    );
    writeFileSync(join(dir, '3-khong-phai-pdf.pdf'), 'Đây không phải tệp PDF');
    // The homeroom teacher's certificate in the principal's field.
    writeFileSync(
      join(dir, '4-sai-vai-tro.pdf'),
      signField(basePdf(), 8, 'HocBa_HieuTruong', pki.signers.gvcn, pki),
    );
    // A transferred record set: two signed PDFs in nested folders and a note that is not a record.
    writeFileSync(
      join(dir, 'bo-hoc-ba.zip'),
      zipSync({
        'lop5A/nam-2025-2026/an.pdf': twice,
        'lop5A/binh.pdf': gvcn,
        'ghi-chu.txt': new TextEncoder().encode('Bộ học bạ chuyển trường của lớp 5A'),
      }),
    );
    browser = await launchWithExtension();
    // What an IT admin does for a school whose CA is not bundled: add the root as an anchor.
    await addTrustAnchors(browser, [pki.root.certPem]);
    page = await browser.newPage();
    await page.goto(VERIFY_PAGE);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows each file’s verdict, signers and roles in Vietnamese', async () => {
    await page.waitForSelector('[data-hocba="dropzone"]');
    expect(await page.title()).toBe('Xác minh học bạ số');
    await dropFiles(page, [
      join(dir, '1-hop-le.pdf'),
      join(dir, '2-bi-sua.pdf'),
      join(dir, '3-khong-phai-pdf.pdf'),
    ]);
    // The summary comes first; the details open on demand.
    const closedText = await page.$eval('article.file', (el) => (el as HTMLElement).innerText);
    expect(closedText).not.toContain('Tin cậy: thuộc hệ thống chứng thực được công nhận');
    await page.screenshot({ path: outputPath('verify-page-summary.png'), fullPage: true });
    await openAllDetails(page);
    const cards = await page.$$eval('article.file', (els) =>
      els.map((el) => ({
        name: el.querySelector('h2')?.textContent,
        verdict: el.getAttribute('data-verdict'),
        level: el.querySelector('[data-hocba="level"]')?.textContent,
        warnings: [...el.querySelectorAll('[data-hocba="warnings"] li')].map((w) =>
          w.getAttribute('data-code'),
        ),
        lines: [...el.querySelectorAll('.signature-line')].map((l) => l.textContent),
        reason: el.querySelector('.reason')?.textContent ?? el.querySelector('.error-text')?.textContent,
        signers: [...el.querySelectorAll('.signer-name')].map((s) => s.textContent),
        roles: [...el.querySelectorAll('.signature')].map((s) => s.getAttribute('data-role')),
        statuses: [...el.querySelectorAll('.signature')].map((s) => s.getAttribute('data-status')),
        text: (el as HTMLElement).innerText,
      })),
    );
    expect(cards.map((c) => [c.name, c.verdict])).toEqual([
      ['1-hop-le.pdf', 'valid'],
      ['2-bi-sua.pdf', 'invalid'],
      ['3-khong-phai-pdf.pdf', 'invalid'],
    ]);
    // Four levels: signed with a root IT added, times only claimed: valid, with warnings (yellow).
    expect(cards.map((c) => c.level)).toEqual(['Hợp lệ, có cảnh báo', 'Không hợp lệ', 'Không hợp lệ']);
    expect(cards[0]?.warnings).toEqual(['LOCAL_ROOT', 'TIME_CLAIMED']);
    // One time format: Vietnam time, dd/mm/yyyy HH:mm.
    expect(cards[0]?.lines[0]).toMatch(
      /^Giáo viên chủ nhiệm: Nguyễn Thị Lan, .*\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\b/,
    );
    expect(cards[0]?.text.match(/.{0,60}(GMT|UTC|\d{2}:\d{2}:\d{2}).{0,30}/)?.[0] ?? null).toBeNull();
    expect(cards[0]?.signers).toEqual(['Nguyễn Thị Lan', 'Trần Văn Minh']);
    expect(cards[0]?.roles).toEqual(['gvcn', 'principal']);
    expect(cards[0]?.statuses).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
    expect(cards[0]?.text).toContain('Giáo viên chủ nhiệm');
    expect(cards[0]?.text).toContain('Tin cậy: thuộc hệ thống chứng thực được công nhận');
    expect(cards[0]?.text).toContain('CCCD:001190012345');
    expect(cards[1]?.reason).toContain('bị sửa sau khi');
    expect(cards[1]?.text).toContain('Có thay đổi không được phép');
    expect(cards[2]?.text).not.toContain('[verify_');
    const summary = await page.$eval('[data-hocba="summary"]', (el) => el.textContent);
    // The files that are not valid are counted too: "1 valid" alone hides what the other two are.
    expect(summary).toBe('Đã kiểm tra 3 / 3 tệp: 1 tệp hợp lệ, 2 tệp không hợp lệ.');
    await page.screenshot({ path: outputPath('verify-page.png'), fullPage: true });
  });

  it('verifies every PDF inside a dropped ZIP and lists what it skipped', async () => {
    await page.goto(VERIFY_PAGE);
    const input = await page.waitForSelector('input[data-hocba="file-input"]');
    await input?.uploadFile(join(dir, 'bo-hoc-ba.zip'));
    await page.waitForFunction(
      () =>
        document.querySelectorAll('article.file').length === 2 &&
        document.querySelectorAll('article.file[data-state="verifying"]').length === 0,
      { timeout: 30_000 },
    );
    const cards = await page.$$eval('article.file', (els) =>
      els.map((el) => [el.querySelector('h2')?.textContent, el.getAttribute('data-verdict')]),
    );
    expect(cards).toEqual([
      ['bo-hoc-ba.zip › lop5A/binh.pdf', 'valid'],
      ['bo-hoc-ba.zip › lop5A/nam-2025-2026/an.pdf', 'valid'],
    ]);
    // One signature reads as one, two as both (what is printed too).
    await openAllDetails(page);
    const summaries = await page.$$eval('article.file', (els) =>
      els.map((el) => [
        el.querySelector('.reason')?.textContent,
        el.querySelector('[data-hocba="signature-count"]')?.textContent,
      ]),
    );
    expect(summaries).toEqual([
      // These PDFs carry no record inside: called PDFs, not học bạ.
      [`Tệp PDF còn nguyên vẹn từ khi ký; chữ ký của Nguyễn Thị Lan hợp lệ.${NO_RECORD_VI}`, 'Có 1 chữ ký:'],
      [
        `Tệp PDF còn nguyên vẹn từ khi ký; cả hai chữ ký đều hợp lệ (Nguyễn Thị Lan, Trần Văn Minh).${NO_RECORD_VI}`,
        'Có 2 chữ ký:',
      ],
    ]);
    await page.$$eval('details[data-hocba="details"]', (els) => {
      for (const el of els) (el as HTMLDetailsElement).open = false;
    });
    const skipped = await page.$$eval('[data-hocba="zip-skipped"]', (els) => els.map((el) => el.textContent));
    expect(skipped).toEqual(['Bỏ qua (không phải tệp PDF): ghi-chu.txt']);
    const archive = await page.$eval('[data-hocba="archive"]', (el) => (el as HTMLElement).innerText);
    expect(archive).toContain('kiểm tra 2 tệp PDF bên trong, bỏ qua 1 mục');
    expect(await page.$eval('[data-hocba="summary"]', (el) => el.textContent)).toBe(
      'Đã kiểm tra 2 / 2 tệp: 2 tệp hợp lệ.',
    );
  });

  it('prints a verification report: the print button calls window.print, the print layout is a clean report', async () => {
    // The cards of the previous test are still on the page.
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    const button = await page.$('[data-hocba="print"]');
    expect(await button?.evaluate((el) => el.textContent)).toBe('In báo cáo xác minh');
    await button?.click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    const visible = (selector: string) =>
      page.$eval(
        selector,
        (el) => getComputedStyle(el).display !== 'none' && (el as HTMLElement).offsetHeight > 0,
      );
    expect(await visible('[data-hocba="report-header"]')).toBe(false);
    await page.emulateMediaType('print');
    // A4 at 96 dpi, less the page margins: what the report is laid out in.
    await page.setViewport({ width: 794 - 106, height: 1123 });
    expect(await visible('[data-hocba="report-header"]')).toBe(true);
    expect(await visible('[data-hocba="dropzone"]')).toBe(false);
    expect(await visible('[data-hocba="print"]')).toBe(false);
    const header = await page.$eval('[data-hocba="report-header"]', (el) => (el as HTMLElement).innerText);
    expect(header).toContain('Báo cáo xác minh học bạ số');
    expect(header).toMatch(/Thời điểm xác minh: .*\d{2}\/\d{2}\/\d{4}/);
    expect(header).toContain('chứng thư gốc của Việt Nam có sẵn và 1 chứng thư gốc do quản trị viên thêm');
    expect(header).toContain('Đã kiểm tra 2 / 2 tệp: 2 tệp hợp lệ.');
    await page.screenshot({ path: outputPath('verify-report-print.png'), fullPage: true });
    await page.pdf({ path: outputPath('verify-report.pdf'), format: 'A4', printBackground: true });
    // At most one printed page per file: the summary is printed, the details stay on screen.
    const pages = Number(
      /Pages:\s+(\d+)/.exec(
        execFileSync('pdfinfo', [outputPath('verify-report.pdf')], { encoding: 'utf8' }),
      )?.[1],
    );
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThanOrEqual(2);
    await page.emulateMediaType('screen');
  });

  it('stays Vietnamese whatever the browser says, and switches to English only when asked', async () => {
    const sw = await page.waitForSelector('[data-hocba="language-switch"]');
    expect(await sw?.evaluate((el) => el.textContent)).toBe('English');
    await sw?.click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.title()).toBe(EN_TITLE);
    const level = await page.$eval('[data-hocba="level"]', (el) => el.textContent);
    expect(level).toBe('Valid, with warnings');
    expect(await page.$eval('.reason', (el) => el.textContent)).toBe(
      'The PDF is intact since signing; the signature of Nguyễn Thị Lan is valid. It carries no record data, so only its signatures were verified.',
    );
    await page.screenshot({ path: outputPath('verify-page-english.png'), fullPage: true });
    await (await page.$('[data-hocba="language-switch"]'))?.click();
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
    expect(await page.title()).toBe('Xác minh học bạ số');
  });

  it("a teacher's certificate in the principal's field reads as the teacher's, with a warning, on screen, in print and in English", async () => {
    await page.goto(VERIFY_PAGE);
    const input = await page.waitForSelector('input[data-hocba="file-input"]');
    await input?.uploadFile(join(dir, '4-sai-vai-tro.pdf'));
    await page.waitForSelector('article.file[data-state="done"]', { timeout: 30_000 });
    const card = () =>
      page.$eval('article.file', (el) => ({
        level: el.getAttribute('data-level'),
        warnings: [...el.querySelectorAll('[data-hocba="warnings"] li')].map((w) => [
          w.getAttribute('data-code'),
          w.textContent,
        ]),
        line: el.querySelector('.signature-line')?.textContent,
        agreement: el.querySelector('.signature-line')?.getAttribute('data-role-agreement'),
      }));
    const vi = await card();
    expect(vi.level).toBe('valid_with_warnings');
    expect(vi.agreement).toBe('MISMATCH');
    expect(vi.warnings[0]).toEqual([
      'ROLE_MISMATCH',
      'Vai trò không khớp: Nguyễn Thị Lan ký vào ô dành cho Hiệu trưởng, nhưng chứng thư số ghi chức vụ "Giáo viên chủ nhiệm"; không coi là chữ ký của Hiệu trưởng.',
    ]);
    expect(vi.line).toMatch(
      /^Giáo viên chủ nhiệm \(theo chứng thư số; ô chữ ký lại ghi Hiệu trưởng\): Nguyễn Thị Lan, /,
    );
    expect(await page.$eval('[data-hocba="summary"]', (el) => el.textContent)).toBe(
      'Đã kiểm tra 1 / 1 tệp: 1 tệp hợp lệ.',
    );
    await page.$eval('details[data-hocba="details"]', (el) => {
      (el as HTMLDetailsElement).open = true;
    });
    const details = await page.$eval('article.file', (el) => (el as HTMLElement).innerText);
    expect(details).toContain('Ô chữ ký dành cho giáo viên chủ nhiệm chưa được ký');
    expect(details).not.toMatch(/hocba\.|HocBa_/);
    await page.screenshot({ path: outputPath('verify-role-mismatch.png'), fullPage: true });
    // The printed report carries the warning and the honest role.
    await page.emulateMediaType('print');
    const printed = await page.$eval('article.file', (el) => (el as HTMLElement).innerText);
    expect(printed).toContain('Vai trò không khớp');
    expect(printed).toContain('Giáo viên chủ nhiệm (theo chứng thư số; ô chữ ký lại ghi Hiệu trưởng)');
    await page.pdf({ path: outputPath('verify-role-mismatch.pdf'), format: 'A4', printBackground: true });
    await page.emulateMediaType('screen');
    await (await page.$('[data-hocba="language-switch"]'))?.click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const en = await card();
    expect(en.warnings[0]?.[1]).toBe(
      'Role mismatch: Nguyễn Thị Lan signed in the Principal\'s field, but the certificate gives the title "Giáo viên chủ nhiệm"; it does not count as the Principal\'s signature.',
    );
    expect(en.line).toMatch(
      /^Homeroom teacher \(from the certificate; the signature field claims Principal\): /,
    );
    // English counts: one file, one signature.
    expect(await page.$eval('[data-hocba="summary"]', (el) => el.textContent)).toBe(
      'Checked 1 of 1 file: 1 valid.',
    );
    expect(await page.$eval('[data-hocba="signature-count"]', (el) => el.textContent)).toBe('1 signature:');
    await page.screenshot({ path: outputPath('verify-role-mismatch-en.png'), fullPage: true });
    await (await page.$('[data-hocba="language-switch"]'))?.click();
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
  });
});
