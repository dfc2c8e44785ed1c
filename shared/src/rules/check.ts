/**
 * The Thông tư 27 rule engine: pure functions from a record to findings. Fast enough to
 * re-run on every edit in a portal (no parsing, no allocation beyond the findings).
 */
import type { Bilingual, ErrorParams } from '../errors/index.js';
import { fillTemplate } from '../errors/index.js';
import {
  COMPETENCES,
  competenceInfo,
  type Grade,
  isGrade,
  isTestedIn,
  offeringIn,
  QUALITIES,
  QUALITY_LEVELS,
  qualityInfo,
  RATING_LABELS,
  RATINGS,
  type Rating,
  requiredSubjects,
  SUBJECT_LEVELS,
  subjectInfo,
} from '../record/codes.js';
import type { HocBaRecord, QualityResult, SchoolYearRecord } from '../record/schema.js';
import { RULES, type RuleKey } from './catalog.js';
import { DEFAULT_RULE_CONFIG, type RuleConfig } from './config.js';
import { checkAcrossYears } from './cross-year/index.js';
import type { Finding, FindingTarget } from './finding.js';
import { ratingRank, supportedRating } from './rating.js';

type Emit = (
  key: RuleKey,
  path: string,
  where: Bilingual,
  target: FindingTarget,
  params?: ErrorParams,
) => void;

function collector(findings: Finding[]): Emit {
  return (key, path, where, target, params = {}) => {
    const info = RULES[key];
    findings.push({
      rule: info.code,
      severity: info.severity,
      path,
      where,
      message: { vi: fillTemplate(info.message.vi, params), en: fillTemplate(info.message.en, params) },
      target,
    });
  };
}

const blank = (value: string | null | undefined): boolean =>
  value === null || value === undefined || value.trim() === '';

// ---------------------------------------------------------------- identity

const STUDENT_FIELDS: ReadonlyArray<[keyof HocBaRecord['student'], Bilingual]> = [
  ['fullName', { vi: 'họ và tên', en: 'Full name' }],
  ['dateOfBirth', { vi: 'ngày sinh', en: 'Date of birth' }],
  ['ethnicity', { vi: 'dân tộc', en: 'Ethnicity' }],
  ['nationality', { vi: 'quốc tịch', en: 'Nationality' }],
  ['placeOfBirth', { vi: 'nơi sinh', en: 'Place of birth' }],
  ['hometown', { vi: 'quê quán', en: 'Hometown' }],
  ['address', { vi: 'nơi ở hiện nay', en: 'Current address' }],
  ['studentCode', { vi: 'mã học sinh', en: 'Student code' }],
  ['citizenId', { vi: 'số định danh cá nhân', en: 'Personal ID number' }],
];

const SCHOOL_FIELDS: ReadonlyArray<[keyof HocBaRecord['school'], Bilingual]> = [
  ['name', { vi: 'tên trường', en: 'School name' }],
  ['code', { vi: 'mã trường', en: 'School code' }],
  ['department', { vi: 'Phòng GD&ĐT', en: 'District education office' }],
  ['province', { vi: 'Sở GD&ĐT', en: 'Provincial department' }],
];

/** A real calendar date `YYYY-MM-DD`, or undefined. */
export function parseIsoDate(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? date
    : undefined;
}

function checkIdentity(record: HocBaRecord, emit: Emit, config: RuleConfig): void {
  const identityWhere: Bilingual = { vi: 'Thông tin học sinh', en: 'Student information' };
  for (const [field, label] of STUDENT_FIELDS) {
    if (blank(record.student[field] as string)) {
      emit(
        'IDENTITY_MISSING',
        `/student/${field}`,
        identityWhere,
        { kind: 'identity', field },
        {
          field: label.vi,
          fieldEn: label.en,
        },
      );
    }
  }
  for (const [field, label] of SCHOOL_FIELDS) {
    if (blank(record.school[field])) {
      emit(
        'IDENTITY_MISSING',
        `/school/${field}`,
        { vi: 'Thông tin trường', en: 'School information' },
        {
          kind: 'identity',
          field: `school.${field}`,
        },
        { field: label.vi, fieldEn: label.en },
      );
    }
  }
  if (blank(record.recordId)) {
    emit(
      'IDENTITY_MISSING',
      '/recordId',
      identityWhere,
      { kind: 'record', field: 'recordId' },
      {
        field: 'mã định danh học bạ',
        fieldEn: 'Record identifier',
      },
    );
  }
  const { dateOfBirth, citizenId, gender } = record.student;
  const birth = blank(dateOfBirth) ? undefined : parseIsoDate(dateOfBirth);
  if (!blank(dateOfBirth) && !birth) {
    emit(
      'DATE_INVALID',
      '/student/dateOfBirth',
      identityWhere,
      { kind: 'identity', field: 'dateOfBirth' },
      {
        value: dateOfBirth,
      },
    );
  }
  if (birth) {
    const first = record.years.find((y) => y.grade === 1);
    const startYear = first ? Number(first.schoolYear.slice(0, 4)) : Number.NaN;
    if (Number.isFinite(startYear)) {
      const age = startYear - birth.getUTCFullYear();
      if (age < config.minAgeInGrade1 || age > config.maxAgeInGrade1) {
        emit(
          'AGE_IMPLAUSIBLE',
          '/student/dateOfBirth',
          identityWhere,
          { kind: 'identity', field: 'dateOfBirth' },
          {
            age,
            min: config.minAgeInGrade1,
            max: config.maxAgeInGrade1,
          },
        );
      }
    }
  }
  if (!blank(citizenId)) {
    if (!/^\d{12}$/.test(citizenId)) {
      emit(
        'CITIZEN_ID_INVALID',
        '/student/citizenId',
        identityWhere,
        { kind: 'identity', field: 'citizenId' },
        {
          value: citizenId,
        },
      );
    } else if (birth) {
      // Digit 4 encodes century and gender: 0/1 = 1900s male/female, 2/3 = 2000s male/female.
      const code = Number(citizenId[3]);
      const female = code % 2 === 1;
      const century = 1900 + Math.floor(code / 2) * 100;
      const yy = Number(citizenId.slice(4, 6));
      const where = { kind: 'identity', field: 'citizenId' } as const;
      const meaning = `${female ? 'nữ' : 'nam'}, ${century + yy}`;
      const meaningEn = `${female ? 'female' : 'male'}, ${century + yy}`;
      if (female !== (gender === 'nu')) {
        emit('CITIZEN_ID_MISMATCH', '/student/citizenId', identityWhere, where, {
          what: 'giới tính',
          whatEn: 'gender',
          code,
          meaning,
          meaningEn,
        });
      } else if (century + yy !== birth.getUTCFullYear()) {
        emit('CITIZEN_ID_MISMATCH', '/student/citizenId', identityWhere, where, {
          what: 'năm sinh',
          whatEn: 'birth year',
          code: citizenId.slice(3, 6),
          meaning,
          meaningEn,
        });
      }
    }
  }
}

// ---------------------------------------------------------------- one school year

function yearWhere(year: SchoolYearRecord, detail?: Bilingual): Bilingual {
  const head = {
    vi: `Năm học ${year.schoolYear}, lớp ${year.className}`,
    en: `School year ${year.schoolYear}, class ${year.className}`,
  };
  return detail ? { vi: `${head.vi}, ${detail.vi}`, en: `${head.en}, ${detail.en}` } : head;
}

function checkQualityList(
  items: readonly QualityResult[],
  kind: 'quality' | 'competence',
  y: number,
  year: SchoolYearRecord,
  emit: Emit,
  config: RuleConfig,
): void {
  const table = kind === 'quality' ? QUALITIES : COMPETENCES;
  const lookup = kind === 'quality' ? qualityInfo : competenceInfo;
  const listName = kind === 'quality' ? 'qualities' : 'competences';
  const kindLabel =
    kind === 'quality' ? { vi: 'phẩm chất', en: 'quality' } : { vi: 'năng lực', en: 'competence' };
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const base = `/years/${y}/${listName}/${i}`;
    const info = lookup(item.code);
    if (!info) {
      emit(
        'ITEM_UNKNOWN',
        `${base}/code`,
        yearWhere(year),
        { kind, year: y, code: item.code, field: 'row' },
        {
          code: item.code,
          kind: kindLabel.vi,
          kindEn: kindLabel.en,
        },
      );
      return;
    }
    const label = { vi: `${kindLabel.vi} ${info.label.vi}`, en: `${kindLabel.en} ${info.label.en}` };
    const where = yearWhere(year, label);
    if (seen.has(item.code)) {
      emit(
        'DUPLICATE',
        base,
        where,
        { kind, year: y, code: item.code, field: 'row' },
        {
          item: label.vi,
          itemEn: label.en,
        },
      );
      return;
    }
    seen.add(item.code);
    if (blank(item.level)) {
      emit(
        'LEVEL_MISSING',
        `${base}/level`,
        where,
        { kind, year: y, code: item.code, field: 'level' },
        {
          item: label.vi,
          itemEn: label.en,
        },
      );
    } else if (!(QUALITY_LEVELS as readonly string[]).includes(item.level as string)) {
      emit(
        'LEVEL_INVALID',
        `${base}/level`,
        where,
        { kind, year: y, code: item.code, field: 'level' },
        {
          value: item.level as string,
          item: label.vi,
          itemEn: label.en,
          allowed: QUALITY_LEVELS.join(', '),
        },
      );
    }
    if (blank(item.comment)) {
      const key = config.qualityCommentRequired ? 'COMMENT_MISSING' : 'QUALITY_COMMENT_MISSING';
      emit(
        key,
        `${base}/comment`,
        where,
        { kind, year: y, code: item.code, field: 'comment' },
        {
          item: label.vi,
          itemEn: label.en,
          subject: label.vi,
          subjectEn: label.en,
        },
      );
    }
  });
  for (const info of table) {
    if (!seen.has(info.code)) {
      const label = { vi: `${kindLabel.vi} ${info.label.vi}`, en: `${kindLabel.en} ${info.label.en}` };
      emit(
        'QUALITY_MISSING',
        `/years/${y}/${listName}`,
        yearWhere(year, label),
        {
          kind,
          year: y,
          code: info.code,
          field: 'row',
        },
        { item: label.vi, itemEn: label.en },
      );
    }
  }
}

const AWARD_NEEDS: ReadonlyArray<{ pattern: RegExp; needs: Rating }> = [
  { pattern: /học sinh xuất sắc/i, needs: 'HTXS' },
];

/** Checks one school year (what a portal's class table shows). `y` is its index in `years`. */
export function checkYear(
  year: SchoolYearRecord,
  y: number,
  config: RuleConfig = DEFAULT_RULE_CONFIG,
): Finding[] {
  const findings: Finding[] = [];
  const emit = collector(findings);
  if (!isGrade(year.grade)) {
    emit(
      'GRADE_INVALID',
      `/years/${y}/grade`,
      yearWhere(year),
      { kind: 'year', year: y, field: 'grade' },
      {
        value: String(year.grade),
      },
    );
    return findings;
  }
  const grade: Grade = year.grade;
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
    const where = yearWhere(year, info.label);
    const params = {
      subject: info.label.vi,
      subjectEn: info.label.en,
      item: info.label.vi,
      itemEn: info.label.en,
      grade,
    };
    if (seen.has(subject.code)) {
      emit('DUPLICATE', base, where, { kind: 'subject', year: y, code: subject.code, field: 'row' }, params);
      return;
    }
    seen.add(subject.code);
    if (offeringIn(info, grade) === 'no') {
      emit(
        'SUBJECT_NOT_IN_GRADE',
        base,
        where,
        { kind: 'subject', year: y, code: subject.code, field: 'row' },
        params,
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
        params,
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
        { ...params, value: subject.level as string, allowed: SUBJECT_LEVELS.join(', ') },
      );
    }
    const scoreWhere = yearWhere(year, {
      vi: `${info.label.vi}, điểm KTĐK`,
      en: `${info.label.en}, test score`,
    });
    const scoreTarget = { kind: 'subject', year: y, code: subject.code, field: 'score' } as const;
    if (isTestedIn(info, grade)) {
      if (subject.score === null) {
        emit('SCORE_MISSING', `${base}/score`, scoreWhere, scoreTarget, params);
      } else if (!Number.isInteger(subject.score) || subject.score < 1 || subject.score > 10) {
        emit('SCORE_INVALID', `${base}/score`, scoreWhere, scoreTarget, { ...params, value: subject.score });
      }
    } else if (subject.score !== null) {
      emit('SCORE_UNEXPECTED', `${base}/score`, scoreWhere, scoreTarget, { ...params, value: subject.score });
    }
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
        params,
      );
    }
  });
  for (const info of requiredSubjects(grade)) {
    if (!seen.has(info.code)) {
      emit(
        'SUBJECT_MISSING',
        `/years/${y}/subjects`,
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
  checkQualityList(year.qualities, 'quality', y, year, emit, config);
  checkQualityList(year.competences, 'competence', y, year, emit, config);

  // Year-end rating against the data (Điều 9).
  const ratingWhere = yearWhere(year, { vi: 'đánh giá kết quả giáo dục', en: 'year-end rating' });
  const ratingTarget = { kind: 'year', year: y, field: 'rating' } as const;
  const rating = year.rating;
  let validRating: Rating | undefined;
  if (blank(rating)) {
    emit('RATING_MISSING', `/years/${y}/rating`, ratingWhere, ratingTarget);
  } else if (!(RATINGS as readonly string[]).includes(rating as string)) {
    emit('RATING_INVALID', `/years/${y}/rating`, ratingWhere, ratingTarget, { value: rating as string });
  } else {
    validRating = rating as Rating;
    const supported = supportedRating(year, config);
    if (supported) {
      const params = {
        rating: RATING_LABELS[validRating].vi,
        ratingEn: RATING_LABELS[validRating].en,
        supported: RATING_LABELS[supported].vi,
        supportedEn: RATING_LABELS[supported].en,
      };
      if (ratingRank(validRating) > ratingRank(supported)) {
        emit('RATING_TOO_HIGH', `/years/${y}/rating`, ratingWhere, ratingTarget, params);
      } else if (ratingRank(validRating) < ratingRank(supported)) {
        emit('RATING_TOO_LOW', `/years/${y}/rating`, ratingWhere, ratingTarget, params);
      }
    }
  }
  year.awards.forEach((award, a) => {
    for (const need of AWARD_NEEDS) {
      if (need.pattern.test(award) && validRating !== undefined && validRating !== need.needs) {
        emit(
          'AWARD_INCONSISTENT',
          `/years/${y}/awards/${a}`,
          yearWhere(year, { vi: 'khen thưởng', en: 'awards' }),
          {
            kind: 'year',
            year: y,
            field: 'awards',
          },
          { award, needed: RATING_LABELS[need.needs].vi, neededEn: RATING_LABELS[need.needs].en },
        );
      }
    }
  });

  // Completion and promotion (Điều 9, 11).
  const completionWhere = yearWhere(year, {
    vi: 'hoàn thành chương trình, lên lớp',
    en: 'completion and promotion',
  });
  if (year.completion === null) {
    emit(
      'COMPLETION_MISSING',
      `/years/${y}/completion`,
      completionWhere,
      { kind: 'year', year: y, field: 'completion' },
      {
        what: 'kết luận hoàn thành chương trình lớp học',
        whatEn: 'Completion of the grade programme',
      },
    );
  }
  if (year.promotion === null) {
    emit(
      'COMPLETION_MISSING',
      `/years/${y}/promotion`,
      completionWhere,
      { kind: 'year', year: y, field: 'promotion' },
      {
        what: grade === 5 ? 'kết luận hoàn thành chương trình tiểu học' : 'kết luận lên lớp',
        whatEn: grade === 5 ? 'Completion of primary school' : 'Promotion',
      },
    );
  }
  const inconsistent = (path: string, field: string, reason: string, reasonEn: string) =>
    emit(
      'COMPLETION_INCONSISTENT',
      path,
      completionWhere,
      { kind: 'year', year: y, field },
      { reason, reasonEn },
    );
  if (validRating && year.completion !== null) {
    // Điều 11 khoản 2: a CHT pupil who passes the re-assessment has completed the grade.
    if (validRating === 'CHT' && year.completion === 'completed' && year.reassessment?.result !== 'dat') {
      inconsistent(
        `/years/${y}/completion`,
        'completion',
        'Đánh giá "Chưa hoàn thành" nhưng ghi hoàn thành chương trình lớp học mà không có kết quả đánh giá bổ sung đạt (Điều 11)',
        'Rated "Not completed" but marked as having completed the grade without a passed re-assessment (Article 11)',
      );
    } else if (validRating !== 'CHT' && year.completion === 'not-completed') {
      inconsistent(
        `/years/${y}/completion`,
        'completion',
        'Đánh giá từ "Hoàn thành" trở lên nhưng ghi chưa hoàn thành chương trình lớp học',
        'Rated "Completed" or better but marked as not having completed the grade',
      );
    }
  }
  if (year.promotion === 'completed-primary' && grade !== 5) {
    inconsistent(
      `/years/${y}/promotion`,
      'promotion',
      `Lớp ${grade} không thể ghi "Hoàn thành chương trình tiểu học"`,
      `Grade ${grade} cannot be marked "Completed primary school"`,
    );
  } else if (grade === 5 && year.promotion === 'promoted') {
    inconsistent(
      `/years/${y}/promotion`,
      'promotion',
      'Lớp 5 ghi "Được lên lớp" thay cho "Hoàn thành chương trình tiểu học"',
      'Grade 5 records "Promoted" instead of "Completed primary school"',
    );
  }
  if (
    year.completion === 'not-completed' &&
    (year.promotion === 'promoted' || year.promotion === 'completed-primary') &&
    !year.reassessment
  ) {
    inconsistent(
      `/years/${y}/promotion`,
      'promotion',
      'Chưa hoàn thành chương trình nhưng được lên lớp mà không có kết quả đánh giá bổ sung (Điều 11)',
      'Not completed but promoted without a recorded re-assessment (Article 11)',
    );
  }
  return findings;
}

// ---------------------------------------------------------------- the whole record

/** Every finding for one student's record. */
export function checkRecord(record: HocBaRecord, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const findings: Finding[] = [];
  const emit = collector(findings);
  checkIdentity(record, emit, config);
  record.years.forEach((year, y) => {
    findings.push(...checkYear(year, y, config));
  });
  findings.push(...checkAcrossYears(record, config));
  return findings;
}

export type Completeness = 'complete' | 'warnings' | 'errors';

export function completeness(findings: readonly Finding[]): Completeness {
  if (findings.some((f) => f.severity === 'error')) return 'errors';
  return findings.length > 0 ? 'warnings' : 'complete';
}

export interface StudentCheck {
  recordId: string;
  student: string;
  status: Completeness;
  findings: Finding[];
}

export interface ClassCheck {
  students: StudentCheck[];
  summary: { total: number; complete: number; withErrors: number; withWarningsOnly: number };
}

/** A class (35) or a school (1,000): findings per student and the counts a teacher reads first. */
export function checkClass(
  records: readonly HocBaRecord[],
  config: RuleConfig = DEFAULT_RULE_CONFIG,
): ClassCheck {
  const students = records.map((record) => {
    const findings = checkRecord(record, config);
    return {
      recordId: record.recordId,
      student: record.student.fullName,
      status: completeness(findings),
      findings,
    };
  });
  return {
    students,
    summary: {
      total: students.length,
      complete: students.filter((s) => s.status === 'complete').length,
      withErrors: students.filter((s) => s.status === 'errors').length,
      withWarningsOnly: students.filter((s) => s.status === 'warnings').length,
    },
  };
}
