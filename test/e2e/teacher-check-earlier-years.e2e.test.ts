/**
 * Story 1b (teacher, the whole schooling): the class table shows this year only, yet the
 * check reports the problems of the pupil's earlier years and across years (a signature
 * before the year's end, a year missing from the study history, an earlier year's missing
 * score), on the pupil's row, naming the school year they are in.
 */
import type { HocBaRecord } from '@hocba/shared/record';
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { outputPath } from '../support/browser.js';
import { withPortalsAndExtension } from '../support/portals-and-extension.js';
import { clickToolbar, inToolbar, overlayMarks, toolbarRoot, toolbarText } from '../support/toolbar.js';

/**
 * The overlay's marks, each matched to the portal element it covers exactly (`candidates`),
 * once one of them carries `rule`: the marks are our own layer, never the portal's DOM.
 */
async function marksOn(page: Page, candidates: string, rule: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const marks = (await overlayMarks(page)).filter((m) => m.kind === 'error' || m.kind === 'warning');
    const found = await page.evaluate(
      (list, sel) =>
        list.map((m) => {
          const near = (x: number, y: number) => Math.abs(x - y) < 1;
          const el = Array.from(document.querySelectorAll<HTMLElement>(sel)).find((c) => {
            const r = c.getBoundingClientRect();
            return (
              near(r.x, m.rect.x) &&
              near(r.y, m.rect.y) &&
              near(r.width, m.rect.width) &&
              near(r.height, m.rect.height)
            );
          });
          return {
            rules: m.rules,
            row: el?.closest('tr')?.getAttribute('data-ma-hs') ?? '',
            block: el?.closest('section[data-ma]')?.getAttribute('data-ma') ?? '',
            inSubjectRow: Boolean(el?.closest('tr[data-mon]')),
            cell: el ? (el.className ?? '') : 'NO CELL UNDER MARK',
          };
        }),
      marks,
      candidates,
    );
    if (found.some((m) => m.rules.includes(rule)) || Date.now() > deadline) {
      expect(await page.$$('[data-hocba-finding], [data-hocba-title], [data-hocba-outline]')).toHaveLength(0);
      return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function panelText(page: Page): Promise<string> {
  const root = await toolbarRoot(page);
  return ((await root.evaluate((r) => r.textContent)) ?? '').replace(/\s+/g, ' ');
}

describe('teacher: the check reads the earlier years too', () => {
  const env = withPortalsAndExtension({ size: 8, defectRate: 0 });
  let early: HocBaRecord;
  let noHistory: HocBaRecord;
  let earlierScore: HocBaRecord;

  // The portals serve their records as they are at each request: edited after the start-up.
  beforeAll(() => {
    const { portals } = env;
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
  });

  it('portal A (record PDFs): cross-year findings on the pupil’s row, naming the earlier year', async () => {
    const page = await env.openAs(env.portals.urlA, 'gvcn', '/lop/4a');
    await inToolbar(page, '[data-hocba-action="check"]');
    await clickToolbar(page, '[data-hocba-action="check"]');
    const year1 = early.years[1]?.schoolYear as string;
    const year0 = noHistory.years[0]?.schoolYear as string;
    let marks = await marksOn(page, 'td', 'TT27-SIGNATURE-TOO-EARLY');
    if (!marks.some((m) => m.rules.includes('TT27-HISTORY-MISSING')))
      marks = await marksOn(page, 'td', 'TT27-HISTORY-MISSING');
    // On the pupils' name cells, one each; nobody else is marked (the others' years are clean).
    expect(
      marks
        .map((m) => ({ row: m.row, cell: m.cell, rules: m.rules }))
        .sort((x, y) => x.row.localeCompare(y.row)),
    ).toEqual(
      [
        { row: early.recordId, cell: 'ten', rules: ['TT27-SIGNATURE-TOO-EARLY'] },
        { row: noHistory.recordId, cell: 'ten', rules: ['TT27-HISTORY-MISSING'] },
      ].sort((x, y) => x.row.localeCompare(y.row)),
    );
    // The earlier years arrived after the first check: the toolbar ran it again by itself.
    for (let i = 0; i < 150 && !(await panelText(page)).includes('2 có lỗi'); i++)
      await new Promise((resolve) => setTimeout(resolve, 200));
    const text = await panelText(page);
    expect(text).toContain(`Năm học ${year1}: Giáo viên chủ nhiệm ký ngày ${year1.slice(0, 4)}-12-15`);
    expect(text).toContain(`Quá trình học tập thiếu năm học ${year0}`);
    expect(text).toContain('8 học sinh: 6 đầy đủ, 2 có lỗi');
    await page.screenshot({ path: outputPath('teacher-check-earlier-years-a.png') });
    await page.close();
  });

  it('signing straight away waits for the earlier years and leaves out the records they block', async () => {
    const page = await env.openAs(env.portals.urlA, 'hieutruong', '/lop/4a');
    await inToolbar(page, '[data-hocba-action="check"]');
    // No check first: the toolbar's own check sees this year only, all 8 look complete.
    await clickToolbar(page, '[data-hocba-action="sign"]');
    const status = () => toolbarText(page, '[data-hocba="status"]');
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
    const page = await env.openAs(env.portals.urlB, 'gvcn', '/lop/3a?hk=cn', { width: 1200, height: 900 });
    await inToolbar(page, '[data-hocba-action="check"]');
    await clickToolbar(page, '[data-hocba-action="check"]');
    const year0 = earlierScore.years[0]?.schoolYear as string;
    const marks = await marksOn(page, 'td, tr, .danh-gia, .ten-hs', 'TT27-SCORE-MISSING');
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({
      block: earlierScore.recordId,
      inSubjectRow: false,
      rules: ['TT27-SCORE-MISSING'],
    });
    expect(await panelText(page)).toContain(`Năm học ${year0}: Thiếu điểm KTĐK cuối năm môn Toán`);
    await page.$eval(`section[data-ma="${earlierScore.recordId}"]`, (el) => el.scrollIntoView());
    await page.screenshot({ path: outputPath('teacher-check-earlier-years-b.png') });
    await page.close();
  });
});
