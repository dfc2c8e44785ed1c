/**
 * The two lines on each verify card before any detail: whose record it is, and the national
 * root the passing signatures end at (roots added on this computer are the report's warning).
 */
import { generateClass } from '@hocba/shared/generator';
import type { HocBaRecord } from '@hocba/shared/record';
import type { RecordReport, SignatureReport } from '@hocba/shared/verify';
import { describe, expect, it } from 'vitest';
import { nationalRoots, whoseRecord } from '../src/pages/verify/at-a-glance.js';

const record = generateClass({ seed: 3, grade: 3, size: 1, defectRate: 0 }).records[0] as HocBaRecord;

function recordReport(r: HocBaRecord | null, signed = true): RecordReport {
  return {
    status: 'OK',
    file: 'hocba.json',
    signed,
    record: r,
    findings: [],
    completeness: null,
    problems: [],
  };
}

function signature(status: SignatureReport['status'], anchor: string | null, source: 'BUNDLED' | 'ADDED') {
  return { status, trust: { anchor, anchorSource: source } } as unknown as SignatureReport;
}

describe('whose record, at a glance', () => {
  it('names the pupil, birth date, school, every class and the span of years', () => {
    const whose = whoseRecord(recordReport(record));
    const [y, m, d] = record.student.dateOfBirth.split('-');
    expect(whose).toEqual({
      name: record.student.fullName,
      born: `${d}/${m}/${y}`,
      school: record.years.at(-1)?.school?.name || record.school.name,
      classes: record.years.map((yr) => yr.className).join(', '),
      years: `${record.years[0]?.schoolYear} – ${record.years.at(-1)?.schoolYear}`,
      signed: true,
    });
  });

  it('one year reads as that year; unsigned data is flagged as such', () => {
    const oneYear = { ...record, years: record.years.slice(-1) };
    const whose = whoseRecord(recordReport(oneYear, false));
    expect(whose?.years).toBe(record.years.at(-1)?.schoolYear);
    expect(whose?.signed).toBe(false);
  });

  it('a transferred pupil’s last year names the school of that year', () => {
    const last = record.years.at(-1);
    if (!last) throw new Error('a year');
    const moved = {
      ...record,
      years: [...record.years.slice(0, -1), { ...last, school: { name: 'Trường B', code: 'B' } }],
    };
    expect(whoseRecord(recordReport(moved))?.school).toBe('Trường B');
  });

  it('the record’s words cannot reorder the line: direction and control characters shown as U+FFFD', () => {
    const crafted = {
      ...record,
      student: { ...record.student, fullName: 'Nguyễn Văn A\u202E\u001B[1A' },
      school: { ...record.school, name: 'Trường\u2066 X' },
      years: record.years.map((y) => ({ ...y, school: undefined, className: '5A\u200F' })),
    } as HocBaRecord;
    const whose = whoseRecord(recordReport(crafted));
    expect(whose?.name).toBe('Nguyễn Văn A\uFFFD\uFFFD[1A');
    expect(whose?.school).toBe('Trường\uFFFD X');
    expect(whose?.classes.split(', ')[0]).toBe('5A\uFFFD');
  });

  it('no record (a PDF that is not one, or unreadable data): no line', () => {
    expect(whoseRecord(null)).toBeNull();
    expect(whoseRecord(recordReport(null))).toBeNull();
  });
});

describe('the national root, at a glance', () => {
  it('lists each bundled root of a passing signature once; added roots and failures are not listed', () => {
    expect(
      nationalRoots([
        signature('TOTAL_PASSED', 'Vietnam National Root CA', 'BUNDLED'),
        signature('TOTAL_PASSED', 'Vietnam National Root CA', 'BUNDLED'),
        signature('TOTAL_PASSED', 'Học bạ số DEMO Root CA', 'ADDED'),
        signature('TOTAL_FAILED', 'Other Root', 'BUNDLED'),
        signature('INDETERMINATE', null, 'BUNDLED'),
      ]),
    ).toEqual(['Vietnam National Root CA']);
    expect(nationalRoots([])).toEqual([]);
  });
});
