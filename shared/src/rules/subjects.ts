/** The subjects and activities of a year: known, taught in the grade, level, score, comment, none missing. */
import type { Bilingual, ErrorParams } from '../errors/index.js';
import {
  type Grade,
  isTestedIn,
  offeringIn,
  requiredSubjects,
  SUBJECT_LEVELS,
  type SubjectInfo,
  subjectInfo,
} from '../record/codes.js';
import type { SchoolYearRecord, SubjectResult } from '../record/schema.js';
import { blank, type Emit, yearWhere } from './emit.js';

/** Ngoại ngữ 1 and Tiếng dân tộc thiểu số name the language studied; other subjects do not. */
function checkLanguage(
  subject: SubjectResult,
  info: SubjectInfo,
  base: string,
  where: () => Bilingual,
  params: () => ErrorParams,
  emit: Emit,
  y: number,
): void {
  const target = () => ({ kind: 'subject', year: y, code: subject.code, field: 'language' }) as const;
  if (info.namesLanguage && blank(subject.language)) {
    emit('LANGUAGE_MISSING', `${base}/language`, where(), target(), params());
  } else if (!info.namesLanguage && !blank(subject.language)) {
    emit('LANGUAGE_UNEXPECTED', `${base}/language`, where(), target(), {
      ...params(),
      value: subject.language ?? '',
    });
  }
}

export function checkSubjects(year: SchoolYearRecord, y: number, grade: Grade, emit: Emit): void {
  const seen = new Set<string>();
  year.subjects.forEach((subject, s) => {
    const base = `/years/${y}/subjects/${s}`;
    const info = subjectInfo(subject.code);
    if (!info) {
      emit(
        'SUBJECT_UNKNOWN',
        `${base}/code`,
        yearWhere(year),
        { kind: 'subject', year: y, code: subject.code, field: 'row' },
        {
          code: subject.code,
        },
      );
      return;
    }
    // Places and parameters are built for a finding only: most subjects have none, and a
    // class is re-checked on every edit (docs/performance.md, "Thông tư 27 checks").
    const where = () => yearWhere(year, info.label);
    const params = () => ({
      subject: info.label.vi,
      subjectEn: info.label.en,
      item: info.label.vi,
      itemEn: info.label.en,
      grade,
    });
    if (seen.has(subject.code)) {
      emit(
        'DUPLICATE',
        base,
        where(),
        { kind: 'subject', year: y, code: subject.code, field: 'row' },
        params(),
      );
      return;
    }
    seen.add(subject.code);
    if (offeringIn(info, grade) === 'no') {
      emit(
        'SUBJECT_NOT_IN_GRADE',
        base,
        where(),
        { kind: 'subject', year: y, code: subject.code, field: 'row' },
        params(),
      );
      return;
    }
    if (blank(subject.level)) {
      emit(
        'LEVEL_MISSING',
        `${base}/level`,
        yearWhere(year, { vi: `${info.label.vi}, mức đạt được`, en: `${info.label.en}, level` }),
        {
          kind: 'subject',
          year: y,
          code: subject.code,
          field: 'level',
        },
        params(),
      );
    } else if (!(SUBJECT_LEVELS as readonly string[]).includes(subject.level as string)) {
      emit(
        'LEVEL_INVALID',
        `${base}/level`,
        yearWhere(year, { vi: `${info.label.vi}, mức đạt được`, en: `${info.label.en}, level` }),
        {
          kind: 'subject',
          year: y,
          code: subject.code,
          field: 'level',
        },
        { ...params(), value: subject.level as string, allowed: SUBJECT_LEVELS.join(', ') },
      );
    }
    const scoreWhere = () =>
      yearWhere(year, {
        vi: `${info.label.vi}, điểm KTĐK`,
        en: `${info.label.en}, test score`,
      });
    const scoreTarget = () => ({ kind: 'subject', year: y, code: subject.code, field: 'score' }) as const;
    if (isTestedIn(info, grade)) {
      if (subject.score === null) {
        emit('SCORE_MISSING', `${base}/score`, scoreWhere(), scoreTarget(), params());
      } else if (!Number.isInteger(subject.score) || subject.score < 1 || subject.score > 10) {
        emit('SCORE_INVALID', `${base}/score`, scoreWhere(), scoreTarget(), {
          ...params(),
          value: subject.score,
        });
      }
    } else if (subject.score !== null) {
      emit('SCORE_UNEXPECTED', `${base}/score`, scoreWhere(), scoreTarget(), {
        ...params(),
        value: subject.score,
      });
    }
    checkLanguage(subject, info, base, where, params, emit, y);
    if (blank(subject.comment)) {
      emit(
        'COMMENT_MISSING',
        `${base}/comment`,
        yearWhere(year, { vi: `${info.label.vi}, nhận xét`, en: `${info.label.en}, comment` }),
        {
          kind: 'subject',
          year: y,
          code: subject.code,
          field: 'comment',
        },
        params(),
      );
    }
  });
  for (const info of requiredSubjects(grade)) {
    if (!seen.has(info.code)) {
      emit(
        'SUBJECT_MISSING',
        // Where the row belongs (RFC 6901 "-": past the end); `target.code` names it.
        `/years/${y}/subjects/-`,
        yearWhere(year, info.label),
        {
          kind: 'subject',
          year: y,
          code: info.code,
          field: 'row',
        },
        { subject: info.label.vi, subjectEn: info.label.en, grade },
      );
    }
  }
}
