import { describe, expect, it } from 'vitest';
import { generateClass } from '../../src/generator/index.js';
import type { HocBaRecord } from '../../src/record/index.js';
import type { DocumentReport } from '../../src/verify/index.js';
import { groupTransferSet } from '../../src/verify/index.js';

const report = (record: HocBaRecord | null, signed = true): DocumentReport => ({
  verdict: signed ? 'valid' : 'invalid',
  reason: { vi: '', en: '' },
  signatures: [],
  modifiedAfterSigning: false,
  problems: [],
  size: 0,
  revisions: 1,
  record: record
    ? {
        status: 'OK',
        file: 'hocba.json',
        signed,
        record,
        findings: [],
        completeness: 'complete',
        problems: [],
      }
    : null,
});

describe('transfer sets', () => {
  const full = generateClass({ seed: 3, grade: 4, size: 2, defectRate: 0 }).records;
  const a = full[0] as HocBaRecord;
  const b = full[1] as HocBaRecord;
  /** One file per school year, as some portals export. */
  const perYear = (r: HocBaRecord) =>
    r.years.map((y) => ({ ...structuredClone(r), years: [structuredClone(y)] }));

  it('groups one file per year by student, lists grades present and missing', () => {
    const files = [...perYear(a), ...perYear(b)]
      .filter((r) => !(r.student.fullName === a.student.fullName && r.years[0]?.grade === 2))
      .map((r, i) => ({ file: `f${i}.pdf`, report: report(r) }));
    const sets = groupTransferSet(files);
    expect(sets).toHaveLength(2);
    const sa = sets.find((s) => s.fullName === a.student.fullName);
    expect(sa?.grades.map((g) => g.grade)).toEqual([1, 3, 4]);
    expect(sa?.missingGrades).toEqual([2]);
    expect(sa?.status).toBe('CONSISTENT');
    expect(sa?.message.vi).toContain('thiếu lớp 2');
    expect(sets.find((s) => s.fullName === b.student.fullName)?.missingGrades).toEqual([]);
  });

  it('a pupil’s name in the summary cannot reorder it or reach the terminal raw', () => {
    const [y1, y2] = perYear(a);
    if (!y1 || !y2) throw new Error('need two years');
    for (const y of [y1, y2]) y.student.fullName = 'Nguyễn Văn A\u202E\u001B[1A';
    const sets = groupTransferSet([
      { file: 'y1.pdf', report: report(y1) },
      { file: 'y2.pdf', report: report(y2) },
    ]);
    expect(sets[0]?.fullName).toBe('Nguyễn Văn A\uFFFD\uFFFD[1A');
    expect(sets[0]?.message.vi).toMatch(/^Nguyễn Văn A\uFFFD\uFFFD\[1A: 2 tệp/);
  });

  it('an identity field that differs between files is reported with each value and file', () => {
    const [y1, y2] = perYear(a);
    if (!y1 || !y2) throw new Error('need two years');
    y2.student.dateOfBirth = '2016-01-01';
    const sets = groupTransferSet([
      { file: 'y1.pdf', report: report(y1) },
      { file: 'y2.pdf', report: report(y2, false) },
    ]);
    expect(sets).toHaveLength(1);
    expect(sets[0]?.status).toBe('INCONSISTENT');
    expect(sets[0]?.mismatches.map((m) => m.field)).toEqual(['dateOfBirth']);
    expect(sets[0]?.mismatches[0]?.values.map((v) => v.file)).toEqual(['y1.pdf', 'y2.pdf']);
    expect(sets[0]?.unsignedFiles).toEqual(['y2.pdf']);
  });
});
