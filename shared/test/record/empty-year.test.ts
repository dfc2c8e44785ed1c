import { describe, expect, it } from 'vitest';
import { emptySchoolYear, schoolYearSchema } from '../../src/record/index.js';

describe('emptySchoolYear', () => {
  const head = { schoolYear: '2024-2025', grade: 3, className: '3A', homeroomTeacher: 'Nguyễn Thị Lan' };

  it('is a valid year with nothing rated and every signature pending', () => {
    const year = emptySchoolYear(head);
    expect(schoolYearSchema.parse(year)).toEqual(year);
    expect(year.rating).toBeNull();
    expect(Object.values(year.signatures).map((s) => s.status)).toEqual(['pending', 'pending', 'pending']);
  });

  it('keeps measurements where given, in schema order', () => {
    const year = emptySchoolYear({ ...head, heightCm: 130, weightKg: 27, daysAbsent: 2 });
    expect(Object.keys(year).slice(0, 8)).toEqual([
      'schoolYear',
      'grade',
      'className',
      'homeroomTeacher',
      'heightCm',
      'weightKg',
      'daysAbsent',
      'subjects',
    ]);
    expect('heightCm' in emptySchoolYear(head)).toBe(false);
  });

  it('shares nothing between two years (callers fill them in place)', () => {
    const a = emptySchoolYear(head);
    const b = emptySchoolYear(head);
    a.awards.push('x');
    a.subjects.push({} as never);
    a.signatures.gvcn.status = 'signed';
    expect(b.awards).toEqual([]);
    expect(b.subjects).toEqual([]);
    expect(b.signatures.gvcn.status).toBe('pending');
  });
});
