/** The toolbar's place of a finding: the page's own year and class are not repeated on every line. */
import { generateClass } from '@hocba/shared/generator';
import type { HocBaRecord } from '@hocba/shared/record';
import { checkRecord } from '@hocba/shared/rules';
import { describe, expect, it } from 'vitest';
import { placeOnPage } from '../src/content/finding-place.js';

describe('placeOnPage', () => {
  const year = { schoolYear: '2025-2026', className: '4A' };

  it('drops the page year’s head, in both languages', () => {
    const where = {
      vi: 'Năm học 2025-2026, lớp 4A, Toán, mức đạt được',
      en: 'School year 2025-2026, class 4A, Mathematics, level',
    };
    expect(placeOnPage(where, year)).toEqual({ vi: 'Toán, mức đạt được', en: 'Mathematics, level' });
    const quality = {
      vi: 'Năm học 2025-2026, lớp 4A, phẩm chất Nhân ái',
      en: 'School year 2025-2026, class 4A, quality',
    };
    expect(placeOnPage(quality, year)).toEqual({ vi: 'Phẩm chất Nhân ái', en: 'Quality' });
  });

  it('keeps another year, another class, and a head with nothing after it', () => {
    const earlier = {
      vi: 'Năm học 2024-2025, lớp 3A, Toán, điểm KTĐK',
      en: 'School year 2024-2025, class 3A, Maths',
    };
    expect(placeOnPage(earlier, year)).toEqual(earlier);
    const otherClass = {
      vi: 'Năm học 2025-2026, lớp 4B, Toán',
      en: 'School year 2025-2026, class 4B, Maths',
    };
    expect(placeOnPage(otherClass, year)).toEqual(otherClass);
    const bare = { vi: 'Năm học 2025-2026, lớp 4A', en: 'School year 2025-2026, class 4A' };
    expect(placeOnPage(bare, year)).toEqual(bare);
    const record = { vi: 'Học sinh, ngày sinh', en: 'Student, date of birth' };
    expect(placeOnPage(record, year)).toEqual(record);
  });

  it('on real findings of the record’s last year, no line starts with that year any more', () => {
    const records = generateClass({ seed: 7, grade: 4, size: 12, defectRate: 1 }).records as HocBaRecord[];
    const findings = records.flatMap((r) => {
      const last = r.years.at(-1);
      return last ? checkRecord(r).map((f) => ({ f, last })) : [];
    });
    const ofLastYear = findings.filter(({ f, last }) =>
      f.where.vi.startsWith(`Năm học ${last.schoolYear}, lớp ${last.className}, `),
    );
    expect(ofLastYear.length).toBeGreaterThan(3);
    for (const { f, last } of ofLastYear) {
      const place = placeOnPage(f.where, last);
      expect(place.vi.startsWith('Năm học')).toBe(false);
      expect(place.en.startsWith('School year')).toBe(false);
    }
  });
});
