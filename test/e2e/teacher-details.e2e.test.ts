/**
 * Story (teacher): the class table of portal A carries what Thông tư 27 records beyond the
 * marks: the teacher's reason for a rating lower than the results allow, and the principal's
 * approval signed by a deputy ("KT. Hiệu trưởng – Phó hiệu trưởng"). The check shows the
 * delegated approval and the reason; a reason clears the "rating too low" warning, a
 * missing one keeps it, and typing one in the portal clears it on the next check.
 */
import type { HocBaRecord } from '@hocba/shared/record';
import { describe, expect, it } from 'vitest';
import { outputPath } from '../support/browser.js';
import { withPortalsAndExtension } from '../support/portals-and-extension.js';
import { clickToolbar, inToolbar, toolbarRoot, toolbarText } from '../support/toolbar.js';

const REASON = 'Em nghỉ học dài ngày ở học kì II vì ốm; tổ chuyên môn thống nhất mức Hoàn thành.';

describe('teacher: the check shows a delegated approval and a rating reason', () => {
  const env = withPortalsAndExtension();

  it('portal A, class 4A: approval by the deputy, one reason shown, one missing reason warned', async () => {
    const cls = env.portals.storeA.classById('4a') as {
      records: HocBaRecord[];
      defects: { recordId: string }[];
    };
    const withDefects = new Set(cls.defects.map((d) => d.recordId));
    const last = (r: HocBaRecord) => r.years[r.years.length - 1]!;
    for (const r of cls.records) {
      last(r).signatures.principal = {
        name: 'Trần Thị Thu',
        status: 'pending',
        delegation: { kind: 'KT', signerTitle: 'Phó hiệu trưởng' },
      };
    }
    // Two clean students whose results support "Hoàn thành tốt" (every item T, scores 8),
    // rated "Hoàn thành" by their teacher.
    const [withReason, withoutReason] = cls.records.filter(
      (r) => !withDefects.has(r.recordId) && last(r).rating === 'HT',
    );
    expect(withReason && withoutReason).toBeTruthy();
    for (const r of [withReason!, withoutReason!]) {
      const year = last(r);
      for (const s of year.subjects) {
        s.level = 'T';
        if (s.score !== null) s.score = 8;
      }
      for (const q of [...year.qualities, ...year.competences]) q.level = 'T';
      year.rating = 'HT';
      year.awards = [];
    }
    last(withReason!).ratingReason = REASON;

    const page = await env.openAs(env.portals.urlA, 'gvcn', '/lop/4a', { width: 1400, height: 1000 });
    await inToolbar(page, '[data-hocba-action="check"]');
    await clickToolbar(page, '[data-hocba-action="check"]');
    await inToolbar(page, '[data-hocba="summary"]');

    const errors = withDefects.size;
    const summary = await toolbarText(page, '[data-hocba="summary"]');
    expect(summary).toBe(`35 học sinh: ${35 - errors - 1} đầy đủ, ${errors} có lỗi, 1 chỉ có cảnh báo.`);
    const approval = await (await toolbarRoot(page)).$$eval('[data-hocba="approval"]', (els) =>
      els.map((e) => e.textContent),
    );
    expect(approval).toEqual([
      'Xác nhận của Hiệu trưởng: KT. HIỆU TRƯỞNG – PHÓ HIỆU TRƯỞNG Trần Thị Thu (35 học sinh)',
    ]);
    // The reason is shown under its student, who has no finding (the reason clears the warning).
    const students = await (await toolbarRoot(page)).$$eval('.students > li', (els) =>
      els.map((li) => ({
        name: li.querySelector('strong')?.textContent ?? '',
        status: li.getAttribute('data-status'),
        reason: li.querySelector('[data-hocba="rating-reason"]')?.textContent ?? null,
        findings: Array.from(li.querySelectorAll('ul > li')).map((f) => f.textContent ?? ''),
      })),
    );
    expect(students.find((s) => s.name === withReason!.student.fullName)).toEqual({
      name: withReason!.student.fullName,
      status: 'complete',
      reason: `Lý do đánh giá: ${REASON}`,
      findings: [],
    });
    const warned = students.find((s) => s.name === withoutReason!.student.fullName);
    expect(warned?.status).toBe('warnings');
    expect(warned?.reason).toBeNull();
    expect(warned?.findings).toHaveLength(1);
    expect(warned?.findings[0]).toMatch(/thấp hơn kết quả cho phép/);
    await page.screenshot({ path: outputPath('teacher-details-portal-a.png') });

    // The teacher writes the reason in the portal's cell and checks again: the warning goes.
    await page.type(
      `input[name="${withoutReason!.recordId}|ratingReason"]`,
      'Học sinh chuyển trường giữa năm.',
    );
    await clickToolbar(page, '[data-hocba-action="check"]');
    for (let i = 0; i < 100; i++) {
      if ((await toolbarText(page, '[data-hocba="summary"]')).includes('0 chỉ có cảnh báo')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await toolbarText(page, '[data-hocba="summary"]')).toContain('0 chỉ có cảnh báo');
    const reasons = await (await toolbarRoot(page)).$$eval('[data-hocba="rating-reason"]', (els) =>
      els.map((e) => e.textContent),
    );
    expect(reasons).toContain('Lý do đánh giá: Học sinh chuyển trường giữa năm.');
    await page.screenshot({ path: outputPath('teacher-details-portal-a-after.png') });
    await page.close();
  });
});
