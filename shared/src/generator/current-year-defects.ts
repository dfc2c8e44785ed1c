/** Current-year defects for the answer key: each caught by exactly one rule, at the returned JSON Pointer. */
import { type Grade, isTestedIn, SUBJECTS } from '../record/codes.js';
import type { HocBaRecord, SchoolYearRecord } from '../record/schema.js';
import type { DefectKind, PlantedDefect } from './defect-kinds.js';
import { int, pick, type Rand } from './random.js';

/** Plants one defect of `kind` in the record's last year; returns what the checker must report. */
export function plantCurrentYear(
  rand: Rand,
  record: HocBaRecord,
  kind: DefectKind,
): PlantedDefect | undefined {
  const y = record.years.length - 1;
  const year = record.years[y] as SchoolYearRecord;
  const grade = year.grade as Grade;
  const tested = year.subjects
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => SUBJECTS.some((info) => info.code === s.code && isTestedIn(info, grade)));
  const base = { recordId: record.recordId, kind, year: y };
  switch (kind) {
    case 'score-missing': {
      const { s, i } = pick(rand, tested);
      s.score = null;
      return {
        ...base,
        rule: 'TT27-SCORE-MISSING',
        path: `/years/${y}/subjects/${i}/score`,
        code: s.code,
        field: 'score',
      };
    }
    case 'score-invalid': {
      const { s, i } = pick(rand, tested);
      s.score = pick(rand, [0, 11, 7.5]);
      return {
        ...base,
        rule: 'TT27-SCORE-INVALID',
        path: `/years/${y}/subjects/${i}/score`,
        code: s.code,
        field: 'score',
      };
    }
    case 'level-missing': {
      const i = int(rand, 0, year.subjects.length - 1);
      const s = year.subjects[i] as SchoolYearRecord['subjects'][number];
      s.level = null;
      return {
        ...base,
        rule: 'TT27-LEVEL-MISSING',
        path: `/years/${y}/subjects/${i}/level`,
        code: s.code,
        field: 'level',
      };
    }
    case 'level-invalid': {
      const i = int(rand, 0, year.subjects.length - 1);
      const s = year.subjects[i] as SchoolYearRecord['subjects'][number];
      s.level = 'Đ'; // the quality scale used on a subject: a common slip
      return {
        ...base,
        rule: 'TT27-LEVEL-INVALID',
        path: `/years/${y}/subjects/${i}/level`,
        code: s.code,
        field: 'level',
      };
    }
    case 'comment-missing': {
      const i = int(rand, 0, year.subjects.length - 1);
      const s = year.subjects[i] as SchoolYearRecord['subjects'][number];
      s.comment = '';
      return {
        ...base,
        rule: 'TT27-COMMENT-MISSING',
        path: `/years/${y}/subjects/${i}/comment`,
        code: s.code,
        field: 'comment',
      };
    }
    case 'rating-too-high': {
      if (year.rating === 'HTXS') return undefined;
      year.rating = 'HTXS';
      year.awards = [];
      year.completion = 'completed';
      year.reassessment = null;
      return {
        ...base,
        rule: 'TT27-RATING-TOO-HIGH',
        path: `/years/${y}/rating`,
        code: null,
        field: 'rating',
      };
    }
    case 'quality-level-invalid': {
      const i = int(rand, 0, year.qualities.length - 1);
      const q = year.qualities[i] as SchoolYearRecord['qualities'][number];
      q.level = 'H'; // the subject scale used on a quality
      return {
        ...base,
        rule: 'TT27-LEVEL-INVALID',
        path: `/years/${y}/qualities/${i}/level`,
        code: q.code,
        field: 'level',
      };
    }
  }
}
