/** Identity rules: required student and school fields, dates, age, the citizen number. */
import type { Bilingual } from '../errors/index.js';
import { isGrade } from '../record/codes.js';
import type { HocBaRecord } from '../record/schema.js';
import type { RuleConfig } from './config.js';
import { blank, type Emit } from './emit.js';

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

/**
 * The age on entering grade 1 (by year of birth, as the school admission rules count it),
 * from the earliest year in the record: a pupil first seen in grade 3 in 2024-2025 entered
 * grade 1 in 2022. Impossible ages (born last year, or a grandparent's birth year) are
 * errors: the date is wrong. Unusual ones (early or late entry) are warnings.
 */
function checkAge(birth: Date, record: HocBaRecord, emit: Emit, config: RuleConfig, where: Bilingual): void {
  const first = record.years.find((y) => isGrade(y.grade) && /^\d{4}/.test(y.schoolYear));
  if (!first) return;
  const age = Number(first.schoolYear.slice(0, 4)) - (first.grade - 1) - birth.getUTCFullYear();
  const target = { kind: 'identity', field: 'dateOfBirth' } as const;
  if (age < config.minPossibleAgeInGrade1 || age > config.maxPossibleAgeInGrade1) {
    emit('AGE_IMPOSSIBLE', '/student/dateOfBirth', where, target, {
      age,
      min: config.minPossibleAgeInGrade1,
      max: config.maxPossibleAgeInGrade1,
    });
  } else if (age < config.minAgeInGrade1 || age > config.maxAgeInGrade1) {
    emit('AGE_IMPLAUSIBLE', '/student/dateOfBirth', where, target, {
      age,
      min: config.minAgeInGrade1,
      max: config.maxAgeInGrade1,
    });
  }
}

export function checkIdentity(record: HocBaRecord, emit: Emit, config: RuleConfig): void {
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
  if (birth) checkAge(birth, record, emit, config, identityWhere);
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
