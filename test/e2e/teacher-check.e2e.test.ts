/**
 * Story 1 (teacher): open the class table in each demo portal, click "Kiểm tra Thông tư 27",
 * and see exactly the defects the generator planted marked at their cells, with a summary.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { outputPath } from '../support/browser.js';
import { withPortalsAndExtension } from '../support/portals-and-extension.js';
import { clickToolbar, inToolbar, overlayMarks, toolbarText } from '../support/toolbar.js';

interface Defect {
  recordId: string;
  rule: string;
  code: string | null;
  field: 'level' | 'score' | 'comment' | 'rating';
}

/**
 * The cells our overlay marks. The marks are drawn in our own layer, never written into the
 * portal's DOM: each box is matched to the portal cell it covers exactly.
 */
async function markedCells(page: Page, portal: 'a' | 'b') {
  const marks = (await overlayMarks(page)).filter((m) => m.kind === 'error' || m.kind === 'warning');
  // Nothing of ours in the portal's own DOM: no attributes, no changed titles or styles.
  expect(await page.$$('[data-hocba-finding], [data-hocba-title], [data-hocba-outline]')).toHaveLength(0);
  return page.evaluate(
    (list, which) =>
      list.map((m) => {
        const candidates = Array.from(
          document.querySelectorAll<HTMLElement>(which === 'a' ? 'td' : 'td, tr, .danh-gia, .ten-hs'),
        );
        const near = (a: number, b: number) => Math.abs(a - b) < 1;
        const el = candidates.find((c) => {
          const r = c.getBoundingClientRect();
          return (
            near(r.x, m.rect.x) &&
            near(r.y, m.rect.y) &&
            near(r.width, m.rect.width) &&
            near(r.height, m.rect.height)
          );
        });
        const rules = m.rules;
        if (!el) return { recordId: 'NO CELL UNDER MARK', code: null, field: '', rules };
        if (which === 'a') {
          const input = el.querySelector('input');
          const [recordId, code, field] = (input?.getAttribute('name') ?? '').split('|');
          return { recordId, code, field, rules };
        }
        const block = el.closest('section[data-ma]');
        const row = el.closest('tr');
        return {
          recordId: block?.getAttribute('data-ma') ?? '',
          code: row?.getAttribute('data-mon') ?? row?.getAttribute('data-muc-tieu') ?? null,
          field: el.classList.contains('diem')
            ? 'score'
            : el.classList.contains('nhan-xet')
              ? 'comment'
              : el.classList.contains('danh-gia')
                ? 'rating'
                : 'level',
          rules,
        };
      }),
    marks,
    portal,
  );
}

/** Where each planted defect must be marked, in each portal's terms. */
function expectedMarks(defects: Defect[], portal: 'a' | 'b'): string[] {
  return defects.map((d) => {
    if (portal === 'a') {
      // Portal A: the rating is an input named "<id>|rating"; a subject's comment lives in its level cell.
      if (d.field === 'rating') return JSON.stringify({ recordId: d.recordId, code: 'rating', rule: d.rule });
      return JSON.stringify({
        recordId: d.recordId,
        code: d.code,
        field: d.field === 'comment' ? 'level' : d.field,
        rule: d.rule,
      });
    }
    return JSON.stringify({
      recordId: d.recordId,
      code: d.field === 'rating' ? null : d.code,
      field: d.field,
      rule: d.rule,
    });
  });
}

describe('teacher: check a class against Thông tư 27 in both portals', () => {
  const env = withPortalsAndExtension();

  it('portal A: every planted defect is marked at its cell, nothing else', async () => {
    const cls = env.portals.storeA.classById('4a');
    const defects = cls.defects as Defect[];
    expect(defects.length).toBeGreaterThan(3);
    const page = await env.openAs(env.portals.urlA, 'gvcn', '/lop/4a');
    await clickToolbar(page, '[data-hocba-action="check"]');
    await inToolbar(page, '[data-hocba="summary"]');
    const summary = await toolbarText(page, '[data-hocba="summary"]');
    const withErrors = new Set(defects.map((d) => d.recordId)).size;
    expect(summary).toBe(`35 học sinh: ${35 - withErrors} đầy đủ, ${withErrors} có lỗi, 0 chỉ có cảnh báo.`);
    // Each problem's place, without the year and class of the page on every line.
    const students = await toolbarText(page, '.students');
    expect(students).not.toMatch(/Năm học \S+, lớp 4A,/);
    expect(students).toMatch(/(mức đạt được|điểm KTĐK|phẩm chất|năng lực|đánh giá)[^:\n]*: /);
    const marks = await markedCells(page, 'a');
    const got = marks
      .flatMap((m) => {
        const isRating = m.code === 'rating';
        const isQuality = m.field === 'qlevel';
        return m.rules.map((rule) =>
          JSON.stringify(
            isRating
              ? { recordId: m.recordId, code: 'rating', rule }
              : { recordId: m.recordId, code: m.code, field: isQuality ? 'level' : m.field, rule },
          ),
        );
      })
      .sort();
    expect(got).toEqual(expectedMarks(defects, 'a').sort());
    await page.screenshot({ path: outputPath('teacher-check-portal-a.png') });
    await page.close();
  });

  it('portal B: the same checks on a different layout; the semester-I tab is left alone', async () => {
    const cls = env.portals.storeB.classById('3a');
    const defects = cls.defects as Defect[];
    const page = await env.openAs(env.portals.urlB, 'gvcn', '/lop/3a?hk=cn', { width: 1200, height: 900 });
    await clickToolbar(page, '[data-hocba-action="check"]');
    await inToolbar(page, '[data-hocba="summary"]');
    const marks = await markedCells(page, 'b');
    const got = marks
      .flatMap((m) =>
        m.rules.map((rule) =>
          JSON.stringify({
            recordId: m.recordId,
            code: m.field === 'rating' ? null : m.code,
            field: m.field,
            rule,
          }),
        ),
      )
      .sort();
    expect(got).toEqual(expectedMarks(defects, 'b').sort());
    const first = defects[0] as Defect;
    await page.$eval(`section[data-ma="${first.recordId}"]`, (el) => el.scrollIntoView());
    await page.screenshot({ path: outputPath('teacher-check-portal-b.png') });
    // The semester-I tab is not what the học bạ records: the extension leaves it alone.
    await page.goto(`${env.portals.urlB}/lop/3a?hk=1`);
    expect(await page.$('[data-hocba-host]')).toBeNull();
    await page.close();
  });
});
