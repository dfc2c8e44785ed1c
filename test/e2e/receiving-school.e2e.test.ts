/**
 * Story (receiving school): a pupil moves schools with two học bạ files, grades 1-3 from
 * her first school and grades 4-5 signed by GVCN, principal and school seal with a real
 * token (SoftHSM2, `hocba sign`), plus a copy someone edited after signing. The secretary
 * drops them on the verify page, offline. The demo CA is not a Vietnamese root, so first
 * the page says it cannot confirm who signed; the IT technician adds the school's root in
 * the settings page, and the same files then read as valid, with the pupil, her grades and
 * the signers in their roles. The edited copy is invalid either way.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClass } from '@hocba/shared/generator';
import { renderRecordPdf } from '@hocba/shared/pdf/render';
import type { HocBaRecord } from '@hocba/shared/record';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fonts } from '../demo-portals/server.mjs';
import { EXTENSION_ORIGIN, launchWithExtension, outputPath } from '../support/browser.js';
import { cliSign, demoToken, editedAfterSigning } from '../support/cli-sign.js';

interface Card {
  name: string;
  verdict: string | null;
  student: string | null;
  years: string | null;
  recordSigned: string | null;
  roles: (string | null)[];
  text: string;
}

async function dropAndRead(page: Page, files: string[]): Promise<Card[]> {
  await page.goto(`${EXTENSION_ORIGIN}/src/pages/verify/index.html`);
  const input = await page.waitForSelector('input[type=file]');
  await input?.uploadFile(...files);
  await page.waitForFunction(
    (n) => document.querySelectorAll('article.file:not([data-state="verifying"])').length === n,
    { timeout: 60_000 },
    files.length,
  );
  return page.$$eval('article.file', (els) =>
    els.map((el) => ({
      name: el.querySelector('h2')?.textContent ?? '',
      verdict: el.getAttribute('data-verdict'),
      student: el.querySelector('[data-hocba="record-student"]')?.textContent ?? null,
      years: el.querySelector('[data-hocba="record-years"]')?.textContent ?? null,
      recordSigned: el.querySelector('[data-hocba="record-signed"]')?.textContent ?? null,
      roles: [...el.querySelectorAll('.signature')].map((s) => s.getAttribute('data-role')),
      text: (el as HTMLElement).innerText,
    })),
  );
}

describe('receiving school: verify a transferred pupil’s files offline', () => {
  let browser: Browser;
  let page: Page;
  let rootPem: string;
  let record: HocBaRecord;
  const files: string[] = [];
  let gradeFiveOnly: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hocba-transfer-'));
    const token = demoToken(dir);
    rootPem = token.rootPem;
    const sign = (file: string, role: string, out: string) => cliSign(token, file, role, out);
    record = generateClass({ grade: 5, seed: 2711, size: 1, defectRate: 0 }).records[0] as HocBaRecord;
    const fontBytes = fonts();
    // Grades 1-3 (the first school) and 4-5 (this year's school): one pupil, two files.
    const parts: [string, HocBaRecord][] = [
      ['lop-1-3.pdf', { ...record, years: record.years.filter((y) => y.grade <= 3) }],
      ['lop-4-5.pdf', { ...record, years: record.years.filter((y) => y.grade >= 4) }],
      ['lop-5.pdf', { ...record, years: record.years.filter((y) => y.grade === 5) }],
    ];
    for (const [name, part] of parts) {
      const unsigned = join(dir, name);
      writeFileSync(unsigned, (await renderRecordPdf(part, { fonts: fontBytes })).pdf);
      const gvcn = sign(unsigned, 'gvcn', join(dir, 'gvcn'));
      const principal = sign(gvcn, 'principal', join(dir, 'principal'));
      files.push(sign(principal, 'seal', join(dir, 'seal')));
    }
    // Someone edits the signed grades 4-5 file afterwards: one byte inside what was signed.
    gradeFiveOnly = files.pop() as string;
    const editedPath = join(dir, 'lop-4-5-da-sua.pdf');
    writeFileSync(editedPath, editedAfterSigning(readFileSync(files[1] as string)));
    files.push(editedPath);
    browser = await launchWithExtension();
    page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 1200 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('without the school’s root: intact, but who signed cannot be confirmed', async () => {
    const cards = await dropAndRead(page, files);
    expect(cards.map((c) => c.verdict)).toEqual(['indeterminate', 'indeterminate', 'invalid']);
    expect(cards[0]?.text).toContain('không do tổ chức chứng thực tin cậy nào cấp');
    expect(cards[0]?.recordSigned).toContain('Chưa xác nhận được người ký');
    // Each card says what to do next: IT adds the root in settings, or ask; the edited one, ask again.
    expect(
      await page.$$eval('[data-hocba="next-step"]', (els) => els.map((el) => el.getAttribute('data-next'))),
    ).toEqual([
      'walk_verify_next_untrusted_extension',
      'walk_verify_next_untrusted_extension',
      'walk_verify_next_invalid',
    ]);
    // "0 valid" is not the whole story: two cannot be decided yet, one is not valid.
    expect(await page.$eval('[data-hocba="summary"]', (el) => el.textContent)).toBe(
      'Đã kiểm tra 3 / 3 tệp: 0 tệp hợp lệ, 2 tệp chưa xác định được, 1 tệp không hợp lệ.',
    );
    await page.screenshot({ path: outputPath('receiving-school-1-unknown-root.png'), fullPage: true });
  });

  it('after IT adds the root: valid, the pupil, her grades, three signers in their roles', async () => {
    const options = await browser.newPage();
    await options.goto(`${EXTENSION_ORIGIN}/src/pages/options/index.html`);
    await options.waitForSelector('textarea');
    await options.type('textarea', rootPem);
    const addButton = await options.$$('button');
    for (const b of addButton) {
      if ((await b.evaluate((el) => el.textContent)) === 'Thêm chứng thư gốc') await b.click();
    }
    await options.waitForFunction(() => document.body.innerText.includes('thêm 1 chứng thư'), {
      timeout: 10_000,
    });
    // Said under the form it was typed in.
    expect(await options.$eval('[data-hocba="anchor-message"]', (el) => el.textContent)).toContain(
      'Đã thêm chứng thư gốc.',
    );
    await options.close();

    const cards = await dropAndRead(page, files);
    expect(cards.map((c) => [c.name, c.verdict])).toEqual([
      ['lop-1-3.signed.pdf', 'valid'],
      ['lop-4-5.signed.pdf', 'valid'],
      ['lop-4-5-da-sua.pdf', 'invalid'],
    ]);
    for (const card of cards.slice(0, 2)) {
      expect(card.student).toBe(record.student.fullName);
      expect(card.roles).toEqual(['gvcn', 'principal', 'seal']);
      expect(card.recordSigned).toContain('đúng là dữ liệu đã ký');
      expect(card.text).toContain('Hiệu trưởng');
    }
    expect(cards[0]?.years).toContain('lớp 1');
    expect(cards[0]?.years).not.toContain('lớp 4');
    expect(cards[1]?.years).toContain('lớp 5');
    expect(cards[2]?.text).toContain('Nội dung đã bị thay đổi sau khi');
    // Whose record each card is, first, before any detail; the edited file's data is not proof.
    const whose = await page.$$eval('[data-hocba="whose"]', (els) =>
      els.map((el) => ({ text: (el as HTMLElement).innerText, signed: el.getAttribute('data-signed') })),
    );
    const born = record.student.dateOfBirth.split('-').reverse().join('/');
    expect(whose[0]?.text).toMatch(
      new RegExp(
        `^Học bạ của ${record.student.fullName}, sinh ${born} · .+ · lớp 1\\S*, 2\\S*, 3\\S* · năm học \\d{4}-\\d{4} – \\d{4}-\\d{4}$`,
      ),
    );
    expect(whose.map((w) => w.signed)).toEqual(['true', 'true', 'false']);
    expect(whose[2]?.text).toContain('(dữ liệu này chưa được chữ ký hợp lệ xác nhận: xem bên dưới)');
    const transfer = await page.$eval('[data-hocba="transfer"]', (el) => (el as HTMLElement).innerText);
    expect(transfer).toContain(
      `${record.student.fullName}: 3 tệp, thông tin học sinh khớp nhau, có lớp 1, 2, 3, 4, 5.`,
    );
    expect(transfer).toContain('lop-4-5-da-sua.pdf');
    await page.screenshot({ path: outputPath('receiving-school-2-valid.png'), fullPage: true });
  });

  it('a set with a year missing says which grade is missing', async () => {
    await dropAndRead(page, [files[0] as string, gradeFiveOnly]);
    const transfer = await page.$eval('[data-hocba="transfer"]', (el) => (el as HTMLElement).innerText);
    expect(transfer).toContain(
      `${record.student.fullName}: 2 tệp, thông tin học sinh khớp nhau, có lớp 1, 2, 3, 5; thiếu lớp 4.`,
    );
    await page.screenshot({ path: outputPath('receiving-school-3-missing-year.png') });
  });
});
