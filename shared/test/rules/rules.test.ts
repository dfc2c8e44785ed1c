import { describe, expect, it } from 'vitest';
import { generateClass } from '../../src/generator/index.js';
import type { Grade, HocBaRecord, SchoolYearRecord } from '../../src/record/index.js';
import { parseRecord } from '../../src/record/parse.js';
import {
  CROSS_YEAR_RULES,
  checkClass,
  checkFilledRecord,
  checkRecord,
  DEFAULT_RULE_CONFIG,
  RULE_LIST,
  supportedRating,
} from '../../src/rules/index.js';

const GRADES: Grade[] = [1, 2, 3, 4, 5];

/** A clean record of the grade (no planted defect), deep-copied so a test may break it. */
function cleanRecord(grade: Grade, pick = 0): HocBaRecord {
  const cls = generateClass({ seed: 100 + grade, grade, size: 12, defectRate: 0 });
  return structuredClone(cls.records[pick] as HocBaRecord);
}

function last(record: HocBaRecord): SchoolYearRecord {
  return record.years[record.years.length - 1] as SchoolYearRecord;
}

function rulesOf(record: HocBaRecord): string[] {
  return checkRecord(record).map((f) => f.rule);
}

function subjectIndex(year: SchoolYearRecord, code: string): number {
  const i = year.subjects.findIndex((s) => s.code === code);
  if (i < 0) throw new Error(`no ${code}`);
  return i;
}

/** Makes a year's data support exactly `HT` (some H, scores 5..8). */
function makeOrdinary(year: SchoolYearRecord): void {
  for (const s of year.subjects) {
    s.level = 'H';
    if (s.score !== null) s.score = 6;
  }
  for (const q of [...year.qualities, ...year.competences]) q.level = 'Đ';
  year.rating = 'HT';
  year.awards = [];
  year.completion = 'completed';
  year.reassessment = null;
}

function makeExcellent(year: SchoolYearRecord): void {
  for (const s of year.subjects) {
    s.level = 'T';
    if (s.score !== null) s.score = 10;
  }
  for (const q of [...year.qualities, ...year.competences]) q.level = 'T';
  year.rating = 'HTXS';
  year.completion = 'completed';
  year.reassessment = null;
}

/** The calendar year the pupil entered grade 1, from the record's first year. */
function entryYear(r: HocBaRecord): number {
  const first = r.years[0] as SchoolYearRecord;
  return Number(first.schoolYear.slice(0, 4)) - (first.grade - 1);
}

function setBirthYear(r: HocBaRecord, year: number): void {
  r.student.dateOfBirth = `${year}-05-01`;
  // keep the citizen id consistent with the new birth year
  const century = year >= 2000 ? 2 : 0;
  const digit = century + (r.student.gender === 'nu' ? 1 : 0);
  r.student.citizenId = `${r.student.citizenId.slice(0, 3)}${digit}${String(year % 100).padStart(2, '0')}${r.student.citizenId.slice(6)}`;
}

/**
 * What `hocba check` reports: the record through JSON and the parser (null or absent
 * required values filled and reported), then every rule.
 */
function findingsOf(record: HocBaRecord) {
  const parsed = parseRecord(JSON.parse(JSON.stringify(record)), { fillMissing: true });
  if (parsed.status !== 'ok') throw new Error(JSON.stringify(parsed.issues));
  return checkFilledRecord(parsed.record, parsed.filled);
}

interface Case {
  rule: string;
  /** Breaks a clean record so that exactly this rule fires (among others allowed in `alsoAllowed`). */
  breakIt(record: HocBaRecord, grade: Grade): void;
  grades?: Grade[];
}

const CASES: Case[] = [
  {
    rule: 'TT27-IDENTITY-MISSING',
    breakIt: (r) => {
      r.student.fullName = '  ';
    },
  },
  {
    rule: 'TT27-IDENTITY-MISSING',
    breakIt: (r) => {
      r.school.code = '';
    },
  },
  {
    rule: 'TT27-DATE-INVALID',
    breakIt: (r) => {
      r.student.dateOfBirth = '2017-02-30';
    },
  },
  {
    rule: 'TT27-AGE-IMPLAUSIBLE',
    // 5 on entering grade 1: a year early, unusual but it happens.
    breakIt: (r) => setBirthYear(r, entryYear(r) - 5),
  },
  {
    rule: 'TT27-AGE-IMPLAUSIBLE',
    // 11 on entering grade 1: later than the 3 years the rules allow, still a real child.
    breakIt: (r) => setBirthYear(r, entryYear(r) - 11),
  },
  {
    rule: 'TT27-AGE-IMPOSSIBLE',
    // Born the year before grade 1 started: the date of birth is wrong.
    breakIt: (r) => setBirthYear(r, entryYear(r) - 1),
  },
  {
    rule: 'TT27-AGE-IMPOSSIBLE',
    // Born after the school year started.
    breakIt: (r) => setBirthYear(r, entryYear(r) + 2),
  },
  {
    rule: 'TT27-AGE-IMPOSSIBLE',
    breakIt: (r) => setBirthYear(r, entryYear(r) - 30),
  },
  {
    rule: 'TT27-FIELD-MISSING',
    breakIt: (r) => {
      (last(r) as { className: unknown }).className = null;
    },
  },
  {
    // A missing homeroom teacher has its own rule (cross-year/signatures.ts), which the
    // filled-value finding does not repeat at the same path.
    rule: 'TT27-HOMEROOM-TEACHER-MISSING',
    breakIt: (r) => {
      delete (last(r) as { homeroomTeacher?: unknown }).homeroomTeacher;
    },
  },
  {
    rule: 'TT27-REASSESSMENT-NOT-APPLIED',
    breakIt: (r, g) => {
      makeOrdinary(last(r));
      last(r).rating = 'CHT';
      for (const s of last(r).subjects) s.level = 'C';
      last(r).completion = 'not-completed';
      last(r).promotion = g === 5 ? null : 'retained';
      last(r).reassessment = { date: '2026-06-20', note: 'Đạt sau hỗ trợ', result: 'completed' };
    },
    grades: [1, 2, 3, 4],
  },
  {
    rule: 'TT27-DELEGATION-INVALID',
    breakIt: (r) => {
      last(r).signatures.gvcn.delegation = { kind: 'KT', signerTitle: 'Phó hiệu trưởng' };
    },
  },
  {
    rule: 'TT27-DELEGATION-INVALID',
    breakIt: (r) => {
      last(r).signatures.principal = {
        name: '',
        status: 'pending',
        delegation: { kind: 'KT', signerTitle: ' ' },
      };
    },
  },
  {
    rule: 'TT27-LANGUAGE-MISSING',
    breakIt: (r) => {
      const y = last(r);
      const i = y.subjects.findIndex((s) => s.code === 'ngoai-ngu-1');
      if (i >= 0) (y.subjects[i] as { language?: string | null }).language = null;
      else y.subjects.push({ code: 'tieng-dan-toc', level: 'T', score: 9, comment: 'Đọc tốt' });
    },
  },
  {
    rule: 'TT27-LANGUAGE-UNEXPECTED',
    breakIt: (r) => {
      (last(r).subjects.find((s) => s.code === 'toan') as { language?: string }).language = 'Tiếng Anh';
    },
  },
  {
    rule: 'TT27-CITIZEN-ID-INVALID',
    breakIt: (r) => {
      r.student.citizenId = '00120123456';
    },
  },
  {
    rule: 'TT27-CITIZEN-ID-MISMATCH',
    breakIt: (r) => {
      r.student.gender = r.student.gender === 'nam' ? 'nu' : 'nam';
    },
  },
  {
    rule: 'TT27-SUBJECT-MISSING',
    breakIt: (r) => {
      const y = last(r);
      y.subjects.splice(subjectIndex(y, 'dao-duc'), 1);
    },
  },
  {
    rule: 'TT27-SUBJECT-UNKNOWN',
    breakIt: (r) => void last(r).subjects.push({ code: 'vat-ly', level: 'T', score: null, comment: 'x' }),
  },
  {
    rule: 'TT27-SUBJECT-NOT-IN-GRADE',
    breakIt: (r, g) =>
      void last(r).subjects.push({
        code: g <= 3 ? 'khoa-hoc' : 'tu-nhien-xa-hoi',
        level: 'H',
        score: g <= 3 ? 7 : null,
        comment: 'x',
      }),
  },
  {
    rule: 'TT27-DUPLICATE',
    breakIt: (r) => {
      const y = last(r);
      y.subjects.push(structuredClone(y.subjects[subjectIndex(y, 'dao-duc')] as never));
    },
  },
  {
    rule: 'TT27-LEVEL-MISSING',
    breakIt: (r) => {
      (last(r).subjects[0] as { level: string | null }).level = null;
    },
  },
  {
    rule: 'TT27-LEVEL-INVALID',
    breakIt: (r) => {
      (last(r).subjects[0] as { level: string | null }).level = 'A';
    },
  },
  {
    rule: 'TT27-LEVEL-INVALID',
    breakIt: (r) => {
      (last(r).competences[2] as { level: string | null }).level = 'H';
    },
  },
  {
    rule: 'TT27-SCORE-MISSING',
    breakIt: (r) => {
      (last(r).subjects[subjectIndex(last(r), 'toan')] as { score: number | null }).score = null;
    },
  },
  {
    rule: 'TT27-SCORE-INVALID',
    breakIt: (r) => {
      (last(r).subjects[subjectIndex(last(r), 'toan')] as { score: number | null }).score = 8.5;
    },
  },
  {
    rule: 'TT27-SCORE-INVALID',
    breakIt: (r) => {
      (last(r).subjects[subjectIndex(last(r), 'tieng-viet')] as { score: number | null }).score = 0;
    },
  },
  {
    rule: 'TT27-SCORE-UNEXPECTED',
    breakIt: (r) => {
      (last(r).subjects[subjectIndex(last(r), 'dao-duc')] as { score: number | null }).score = 9;
    },
  },
  {
    rule: 'TT27-COMMENT-MISSING',
    breakIt: (r) => {
      (last(r).subjects[1] as { comment: string }).comment = ' ';
    },
  },
  {
    rule: 'TT27-QUALITY-COMMENT-MISSING',
    breakIt: (r) => {
      (last(r).qualities[0] as { comment: string }).comment = '';
    },
  },
  { rule: 'TT27-QUALITY-MISSING', breakIt: (r) => void last(r).qualities.splice(4, 1) },
  {
    rule: 'TT27-ITEM-UNKNOWN',
    breakIt: (r) => void last(r).competences.push({ code: 'am-nhac', level: 'T', comment: 'x' }),
  },
  {
    rule: 'TT27-RATING-MISSING',
    breakIt: (r) => {
      last(r).rating = null;
    },
  },
  {
    rule: 'TT27-RATING-INVALID',
    breakIt: (r) => {
      last(r).rating = 'Giỏi';
    },
  },
  {
    rule: 'TT27-RATING-TOO-HIGH',
    breakIt: (r) => {
      makeOrdinary(last(r));
      last(r).rating = 'HTT';
    },
  },
  {
    rule: 'TT27-RATING-TOO-LOW',
    breakIt: (r) => {
      makeExcellent(last(r));
      last(r).awards = [];
      last(r).rating = 'HT';
    },
  },
  {
    rule: 'TT27-AWARD-INCONSISTENT',
    breakIt: (r) => {
      makeOrdinary(last(r));
      last(r).awards = ['Học sinh Xuất sắc'];
    },
  },
  {
    rule: 'TT27-COMPLETION-MISSING',
    breakIt: (r) => {
      last(r).completion = null;
    },
  },
  {
    rule: 'TT27-COMPLETION-MISSING',
    breakIt: (r) => {
      last(r).promotion = null;
    },
  },
  {
    rule: 'TT27-COMPLETION-INCONSISTENT',
    breakIt: (r) => {
      makeOrdinary(last(r));
      last(r).completion = 'not-completed';
      last(r).reassessment = { date: '2026-06-01', note: 'x' };
    },
  },
  {
    rule: 'TT27-COMPLETION-INCONSISTENT',
    // A re-assessment that did not pass does not excuse the promotion.
    breakIt: (r) => {
      makeOrdinary(last(r));
      last(r).completion = 'not-completed';
      last(r).reassessment = { date: '2026-06-01', note: 'x', result: 'not-completed' };
    },
  },
  {
    rule: 'TT27-COMPLETION-INCONSISTENT',
    breakIt: (r, g) => {
      last(r).promotion = g === 5 ? 'promoted' : 'completed-primary';
    },
  },
  {
    rule: 'TT27-GRADE-INVALID',
    breakIt: (r) => {
      last(r).grade = 6;
    },
  },
];

describe('Thông tư 27 rules', () => {
  it('every rule in the catalogue has a test case (cross-year rules: cross-year.test.ts)', () => {
    const tested = new Set([
      ...CASES.map((c) => c.rule),
      ...Object.values(CROSS_YEAR_RULES).map((r) => r.code),
    ]);
    expect(RULE_LIST.map((r) => r.code).filter((code) => !tested.has(code))).toEqual([]);
  });

  for (const grade of GRADES) {
    it(`grade ${grade}: a clean generated class has no finding`, () => {
      const cls = generateClass({ seed: 100 + grade, grade, size: 12, defectRate: 0 });
      for (const record of cls.records) expect(rulesOf(record)).toEqual([]);
    });

    for (const c of CASES) {
      if (c.grades && !c.grades.includes(grade)) continue;
      it(`grade ${grade}: ${c.rule} fires when broken and not before`, () => {
        const record = cleanRecord(grade);
        expect(rulesOf(record)).not.toContain(c.rule);
        c.breakIt(record, grade);
        const findings = findingsOf(record);
        const hit = findings.filter((f) => f.rule === c.rule);
        expect(hit.length).toBeGreaterThanOrEqual(1);
        for (const f of hit) {
          expect(f.path).toMatch(/^\//);
          expect(f.message.vi.length).toBeGreaterThan(5);
          expect(f.message.en.length).toBeGreaterThan(5);
          expect(f.message.vi).not.toMatch(/\{\w+\}/);
          expect(f.message.en).not.toMatch(/\{\w+\}/);
        }
      });
    }
  }

  it('severity: errors block, warnings do not', () => {
    const record = cleanRecord(3);
    makeExcellent(last(record));
    last(record).rating = 'HT';
    const findings = checkRecord(record);
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['TT27-RATING-TOO-LOW', 'warning']]);
    const cls = checkClass([record, cleanRecord(3, 1)]);
    expect(cls.summary).toEqual({ total: 2, complete: 1, withErrors: 0, withWarningsOnly: 1 });
  });

  it('a written rating reason clears the rating-too-low warning, never the too-high error', () => {
    const record = cleanRecord(3);
    makeExcellent(last(record));
    last(record).awards = [];
    last(record).rating = 'HT';
    expect(rulesOf(record)).toEqual(['TT27-RATING-TOO-LOW']);
    last(record).ratingReason = 'Học sinh nghỉ học dài ngày ở học kì II; GVCN và tổ chuyên môn thống nhất';
    expect(rulesOf(record)).toEqual([]);
    last(record).ratingReason = '   ';
    expect(rulesOf(record)).toEqual(['TT27-RATING-TOO-LOW']);
    makeOrdinary(last(record));
    last(record).rating = 'HTXS';
    last(record).ratingReason = 'lý do bất kỳ';
    expect(rulesOf(record)).toContain('TT27-RATING-TOO-HIGH');
  });

  it('a promoted CHT pupil needs a re-assessment whose result is "completed"', () => {
    const record = cleanRecord(2);
    const year = last(record);
    makeOrdinary(year);
    for (const s of year.subjects) s.level = 'C';
    year.rating = 'CHT';
    year.completion = 'not-completed';
    year.promotion = 'promoted';
    expect(rulesOf(record)).toEqual(['TT27-COMPLETION-INCONSISTENT']);
    year.reassessment = { date: '2026-06-20', note: 'Kiểm tra bổ sung' };
    const [noResult] = checkRecord(record);
    expect(noResult).toMatchObject({
      rule: 'TT27-COMPLETION-INCONSISTENT',
      path: `/years/${record.years.length - 1}/reassessment/result`,
    });
    // Điều 11 khoản 3 (reading in cross-year/catalog.ts): a failed pupil may be promoted by
    // the principal's recorded decision.
    year.reassessment.result = 'not-completed';
    expect(rulesOf(record)).toEqual(['TT27-REASSESSMENT-INCONSISTENT']);
    year.reassessment.decision = 'QĐ 12/QĐ-TH ngày 25/7/2026';
    expect(rulesOf(record)).toEqual([]);
    // Khoản 2: a pass completes the grade, so completion must say so.
    year.reassessment.result = 'completed';
    expect(rulesOf(record)).toEqual(['TT27-REASSESSMENT-INCONSISTENT']);
    year.completion = 'completed';
    expect(rulesOf(record)).toEqual([]);
  });

  it('a passed re-assessment with the pupil still retained is one finding, at the promotion cell', () => {
    const record = cleanRecord(2);
    const y = record.years.length - 1;
    const year = last(record);
    makeOrdinary(year);
    for (const s of year.subjects) s.level = 'C';
    year.rating = 'CHT';
    year.promotion = 'retained';
    year.reassessment = { date: '2026-06-20', note: 'Đạt sau hỗ trợ', result: 'completed' };
    // Completion updated, promotion not.
    year.completion = 'completed';
    const one = checkRecord(record);
    expect(one.map((f) => `${f.rule} ${f.path} ${f.severity}`)).toEqual([
      `TT27-REASSESSMENT-NOT-APPLIED /years/${y}/promotion error`,
    ]);
    expect(one[0]?.target).toEqual({ kind: 'year', year: y, field: 'promotion' });
    expect(one[0]?.message.vi).toBe(
      'Đánh giá bổ sung ghi "hoàn thành" nhưng học sinh vẫn ghi ở lại lớp: đạt thì hoàn thành chương trình lớp học và được lên lớp (Điều 11 khoản 2)',
    );
    // Neither updated: still one finding at the promotion cell, naming completion too.
    year.completion = 'not-completed';
    const both = checkRecord(record);
    expect(both.map((f) => `${f.rule} ${f.path}`)).toEqual([
      `TT27-REASSESSMENT-NOT-APPLIED /years/${y}/promotion`,
    ]);
    expect(both[0]?.message.vi).toContain('vẫn ghi ở lại lớp và chưa hoàn thành chương trình lớp học');
    expect(both[0]?.message.en).toContain('still marked retained and as not completing the grade');
    // The outcome applied: nothing.
    year.completion = 'completed';
    year.promotion = 'promoted';
    expect(rulesOf(record)).toEqual([]);
  });

  it('a delegated approval (KT. Hiệu trưởng, Phó hiệu trưởng signs) is clean on the principal slot', () => {
    const record = cleanRecord(5);
    last(record).signatures.principal = {
      name: 'Trần Thị Thu',
      status: 'pending',
      delegation: { kind: 'KT', signerTitle: 'Phó hiệu trưởng', onBehalfOf: 'Nguyễn Văn An' },
    };
    expect(rulesOf(record)).toEqual([]);
  });

  it('a missing item points where it belongs, with its code as the target', () => {
    const record = cleanRecord(3);
    const year = last(record);
    const y = record.years.length - 1;
    year.subjects = year.subjects.filter((s) => s.code !== 'toan' && s.code !== 'dao-duc');
    year.qualities = year.qualities.filter((q) => q.code !== 'trung-thuc');
    const missing = checkRecord(record).filter((f) => f.rule.endsWith('-MISSING'));
    expect(missing.map((f) => [f.rule, f.path, 'code' in f.target ? f.target.code : undefined])).toEqual([
      ['TT27-SUBJECT-MISSING', `/years/${y}/subjects/-`, 'toan'],
      ['TT27-SUBJECT-MISSING', `/years/${y}/subjects/-`, 'dao-duc'],
      ['TT27-QUALITY-MISSING', `/years/${y}/qualities/-`, 'trung-thuc'],
    ]);
  });

  it('points a score finding at the exact cell, in words', () => {
    const record = cleanRecord(4);
    const y = record.years.length - 1;
    const i = subjectIndex(last(record), 'khoa-hoc');
    (last(record).subjects[i] as { score: number | null }).score = null;
    const [finding] = checkRecord(record);
    expect(finding).toMatchObject({
      rule: 'TT27-SCORE-MISSING',
      severity: 'error',
      path: `/years/${y}/subjects/${i}/score`,
      target: { kind: 'subject', year: y, code: 'khoa-hoc', field: 'score' },
    });
    expect(finding?.where.vi).toContain('Khoa học, điểm KTĐK');
    expect(finding?.message.vi).toBe('Thiếu điểm KTĐK cuối năm môn Khoa học');
  });

  it('Điều 9 thresholds are configuration', () => {
    const record = cleanRecord(5);
    const year = last(record);
    makeExcellent(year);
    (year.subjects[subjectIndex(year, 'toan')] as { score: number }).score = 8;
    expect(supportedRating(year)).toBe('HTT');
    expect(supportedRating(year, { ...DEFAULT_RULE_CONFIG, excellentMinScore: 8 })).toBe('HTXS');
    makeOrdinary(year);
    (year.subjects[subjectIndex(year, 'toan')] as { score: number }).score = 4;
    expect(supportedRating(year)).toBe('CHT');
    expect(supportedRating(year, { ...DEFAULT_RULE_CONFIG, completedMinScore: 4 })).toBe('HT');
  });

  it('the generator plants exactly what the checker reports, for every grade', () => {
    for (const grade of GRADES) {
      const cls = generateClass({ seed: 7 + grade, grade, defectRate: 0.5 });
      expect(cls.defects.length).toBeGreaterThan(5);
      for (const record of cls.records) {
        const got = checkRecord(record)
          .map((f) => `${f.rule} ${f.path}`)
          .sort();
        const want = cls.defects
          .filter((d) => d.recordId === record.recordId)
          .map((d) => `${d.rule} ${d.path}`);
        expect(got).toEqual(want.sort());
      }
    }
  });

  it('checks a school of 1,000 records', () => {
    const records = Array.from({ length: 29 }, (_, i) =>
      generateClass({ seed: i, grade: ((i % 5) + 1) as Grade, size: 35, defectRate: 0.2 }),
    ).flatMap((c) => c.records);
    const result = checkClass(records);
    expect(result.summary.total).toBe(1015);
    expect(result.summary.complete + result.summary.withErrors + result.summary.withWarningsOnly).toBe(1015);
  });
});
