/**
 * Story 1b (teacher, the whole schooling): the class table shows this year only, yet the
 * check reports the problems of the pupil's earlier years and across years (a signature
 * before the year's end, a year missing from the study history, an earlier year's missing
 * score), on the pupil's row, naming the school year they are in.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HocBaRecord } from '@hocba/shared/record';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { launchWithExtension, outputPath } from '../support/browser.js';
import { hocba, loginPortal } from '../support/portals.js';

type Portals = Awaited<ReturnType<typeof startDemoPortals>>;

/** The name cell's marks and tooltip for the row of `recordId`, once the earlier years are in. */
async function rowMarks(page: Page, selector: string, rule: string) {
  await page.waitForFunction(
    (sel, r) =>
      (document.querySelector(sel)?.getAttribute('data-hocba-finding') ?? '').split(' ').includes(r),
    { timeout: 30_000 },
    selector,
    rule,
  );
  return page.$eval(selector, (el) => ({
    rules: (el.getAttribute('data-hocba-finding') ?? '').split(' '),
    title: (el as HTMLElement).title,
  }));
}

async function panelText(page: Page): Promise<string> {
  return page.evaluate(
    () => document.querySelector('[data-hocba-host]')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '',
  );
}

describe('teacher: the check reads the earlier years too', () => {
  let browser: Browser;
  let portals: Portals;
  let early: HocBaRecord;
  let noHistory: HocBaRecord;
  let earlierScore: HocBaRecord;

  beforeAll(async () => {
    portals = await startDemoPortals({
      dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')),
      size: 8,
      defectRate: 0,
    });
    // Portal A, class 4A: two pupils with problems in earlier years only.
    const a = portals.storeA.classById('4a').records as HocBaRecord[];
    early = a[2] as HocBaRecord;
    const y1 = early.years[1];
    if (!y1) throw new Error('no second year');
    y1.signatures.gvcn.signedAt = `${y1.schoolYear.slice(0, 4)}-12-15T08:00:00+07:00`;
    noHistory = a[5] as HocBaRecord;
    noHistory.history = noHistory.history.filter((h) => h.schoolYear !== noHistory.years[0]?.schoolYear);
    // Portal B (records as JSON), class 3A: an earlier year's own cell.
    const b = portals.storeB.classById('3a').records as HocBaRecord[];
    earlierScore = b[1] as HocBaRecord;
    const toan = earlierScore.years[0]?.subjects.find((s) => s.code === 'toan');
    if (!toan) throw new Error('no maths in grade 1');
    toan.score = null;
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    await portals?.close();
  });

  it('portal A (record PDFs): cross-year findings on the pupil’s row, naming the earlier year', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await loginPortal(page, portals.urlA, 'gvcn');
    await page.goto(`${portals.urlA}/lop/4a`);
    await page.waitForSelector(hocba('[data-hocba-action="check"]'));
    await page.click(hocba('[data-hocba-action="check"]'));
    const year1 = early.years[1]?.schoolYear as string;
    const a = await rowMarks(page, `tr[data-ma-hs="${early.recordId}"] td.ten`, 'TT27-SIGNATURE-TOO-EARLY');
    expect(a.rules).toEqual(['TT27-SIGNATURE-TOO-EARLY']);
    expect(a.title).toContain(`Năm học ${year1}: Giáo viên chủ nhiệm ký ngày ${year1.slice(0, 4)}-12-15`);
    const year0 = noHistory.years[0]?.schoolYear as string;
    const b = await rowMarks(page, `tr[data-ma-hs="${noHistory.recordId}"] td.ten`, 'TT27-HISTORY-MISSING');
    expect(b.rules).toEqual(['TT27-HISTORY-MISSING']);
    expect(b.title).toContain(`Quá trình học tập thiếu năm học ${year0}`);
    // Nobody else is marked: the other pupils' earlier years are clean.
    const marked = await page.$$eval('[data-hocba-finding]', (els) => els.length);
    expect(marked).toBe(2);
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-hocba-host]')?.shadowRoot?.textContent ?? '').includes('TT27') ||
        (document.querySelector('[data-hocba-host]')?.shadowRoot?.querySelectorAll('li.error').length ?? 0) >=
          2,
      { timeout: 30_000 },
    );
    const text = await panelText(page);
    expect(text).toContain(`Năm học ${year1}: Giáo viên chủ nhiệm ký ngày`);
    expect(text).toContain('8 học sinh: 6 đầy đủ, 2 có lỗi');
    await page.screenshot({ path: outputPath('teacher-check-earlier-years-a.png') });
    await page.close();
  });

  it('signing straight away waits for the earlier years and leaves out the records they block', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await loginPortal(page, portals.urlA, 'hieutruong');
    await page.goto(`${portals.urlA}/lop/4a`);
    await page.waitForSelector(hocba('[data-hocba-action="check"]'));
    // No check first: the toolbar's own check sees this year only, all 8 look complete.
    await page.click(hocba('[data-hocba-action="sign"]'));
    const status = () =>
      page.evaluate(
        () =>
          document.querySelector('[data-hocba-host]')?.shadowRoot?.querySelector('[data-hocba="status"]')
            ?.textContent ?? '',
      );
    const deadline = Date.now() + 60_000;
    while (!(await status()).includes('có lỗi ở các năm học trước') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await status()).toContain(
      '2 học bạ có lỗi ở các năm học trước (vừa đọc xong) nên chưa được đưa vào lượt ký',
    );
    await page.screenshot({ path: outputPath('teacher-check-earlier-years-held.png') });
    await page.close();
  });

  it('portal B (record JSON): an earlier year’s missing score marks the row, not this year’s cell', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    await loginPortal(page, portals.urlB, 'gvcn');
    await page.goto(`${portals.urlB}/lop/3a?hk=cn`);
    await page.waitForSelector(hocba('[data-hocba-action="check"]'));
    await page.click(hocba('[data-hocba-action="check"]'));
    const year0 = earlierScore.years[0]?.schoolYear as string;
    await page.waitForFunction(
      () => document.querySelectorAll('[data-hocba-finding~="TT27-SCORE-MISSING"]').length > 0,
      { timeout: 30_000 },
    );
    const marks = await page.$$eval('[data-hocba-finding]', (els) =>
      els.map((el) => ({
        block: el.closest('section[data-ma]')?.getAttribute('data-ma') ?? '',
        inSubjectRow: Boolean(el.closest('tr[data-mon]')),
        rules: el.getAttribute('data-hocba-finding'),
        title: (el as HTMLElement).title,
      })),
    );
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({
      block: earlierScore.recordId,
      inSubjectRow: false,
      rules: 'TT27-SCORE-MISSING',
    });
    expect(marks[0]?.title).toContain(`Năm học ${year0}: Thiếu điểm KTĐK cuối năm môn Toán`);
    await page.$eval(`section[data-ma="${earlierScore.recordId}"]`, (el) => el.scrollIntoView());
    await page.screenshot({ path: outputPath('teacher-check-earlier-years-b.png') });
    await page.close();
  });
});
