/**
 * Realistic, reproducible synthetic classes for the demo portals, the tests and the
 * benchmarks: Vietnamese names, grades 1–5, every year a student has studied, consistent
 * ratings, and a chosen share of planted defects. Each planted defect is returned with the
 * rule code and JSON Pointer the checker must report, so tests assert exactly that.
 */
import {
  COMPETENCES,
  type Grade,
  isTestedIn,
  offeringIn,
  QUALITIES,
  type Rating,
  SUBJECTS,
} from '../record/codes.js';
import type { HocBaRecord, SchoolYearRecord } from '../record/schema.js';
import { RULE_LIST } from '../rules/catalog.js';
import type { Severity } from '../rules/finding.js';
import { supportedRating } from '../rules/rating.js';
import { GENERIC_SUBJECT_COMMENTS, QUALITY_COMMENTS, SUBJECT_COMMENTS } from './comments.js';
import { type CrossYearDefectKind, type CrossYearField, plantCrossYear } from './cross-year.js';
import {
  ETHNICITIES,
  FAMILY_NAMES,
  GIVEN_FEMALE,
  GIVEN_MALE,
  MIDDLE_FEMALE,
  MIDDLE_MALE,
  PLACES,
  STREETS,
} from './names.js';
import { applyTransfer, OTHER_SCHOOLS, type SchoolInfo, shiftPage, signPage } from './schooling.js';

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const int = (rand: Rand, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));

export { CROSS_YEAR_DEFECT_KINDS } from './cross-year.js';

/** The kinds of defect the generator plants in the current year, each caught by exactly one rule. */
export const DEFECT_KINDS = [
  'score-missing',
  'score-invalid',
  'level-missing',
  'level-invalid',
  'comment-missing',
  'rating-too-high',
  'quality-level-invalid',
] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number] | CrossYearDefectKind;

export interface PlantedDefect {
  recordId: string;
  kind: DefectKind;
  rule: string;
  /** The rule's severity: a warning leaves the record complete. */
  severity?: Severity;
  path: string;
  /** For the table view: the year index, the subject/quality code and the cell. */
  year: number;
  code: string | null;
  field: 'level' | 'score' | 'comment' | 'rating' | CrossYearField;
  /** The school year the defect is in (cross-year defects). */
  schoolYear?: string;
}

export interface ClassOptions {
  seed: number;
  grade: Grade;
  size?: number;
  /** First year of the current school year, e.g. 2025 for 2025-2026. */
  schoolYearStart?: number;
  className?: string;
  /** Share of students with one planted defect in the current year (0..1). */
  defectRate?: number;
  /** Share of students with one planted cross-year defect (sequence, history, signatures...) (0..1). */
  crossYearRate?: number;
  school?: HocBaRecord['school'];
  homeroomTeacher?: string;
}

export interface GeneratedClass {
  className: string;
  grade: Grade;
  schoolYear: string;
  homeroomTeacher: string;
  records: HocBaRecord[];
  defects: PlantedDefect[];
}

export const DEMO_SCHOOL: HocBaRecord['school'] = {
  name: 'Trường Tiểu học Kim Đồng',
  code: '01001234',
  department: 'Phòng GD&ĐT quận Ba Đình',
  province: 'Sở GD&ĐT Hà Nội',
  locality: 'phường Ngọc Hà, Hà Nội',
};

/** The demo school's principal and seal, who signed its earlier years. */
const DEMO_SIGNERS: SchoolInfo = {
  name: DEMO_SCHOOL.name,
  code: DEMO_SCHOOL.code,
  principal: 'Lê Thị Thu Hà',
  principalId: 'CCCD:001175004321',
  budgetCode: '1012345',
};

function schoolYearLabel(start: number): string {
  return `${start}-${start + 1}`;
}

function subjectLevel(rand: Rand, ability: number): 'T' | 'H' | 'C' {
  const r = rand() + ability;
  if (r > 1.05) return 'T';
  if (r > 0.12) return 'H';
  return 'C';
}

function scoreFor(rand: Rand, level: 'T' | 'H' | 'C'): number {
  if (level === 'T') return int(rand, 8, 10);
  if (level === 'H') return int(rand, 5, 8);
  return int(rand, 2, 4);
}

function makeYear(
  rand: Rand,
  grade: Grade,
  start: number,
  className: string,
  teacher: string,
  ability: number,
  height: number,
): SchoolYearRecord {
  const subjects = SUBJECTS.filter(
    (s) => offeringIn(s, grade) === 'required' || (s.code === 'ngoai-ngu-1' && grade <= 2 && rand() < 0.6),
  ).map((info) => {
    const level = subjectLevel(rand, ability);
    const comments = SUBJECT_COMMENTS[info.code]?.[level] ?? GENERIC_SUBJECT_COMMENTS[level];
    return {
      code: info.code,
      level,
      score: isTestedIn(info, grade) ? scoreFor(rand, level) : null,
      comment: pick(rand, comments),
      // Language subjects name the language studied; English is what most schools teach.
      ...(info.namesLanguage ? { language: 'Tiếng Anh' } : {}),
    };
  });
  const qualityLevel = (): 'T' | 'Đ' | 'C' => {
    const r = rand() + ability;
    return r > 0.95 ? 'T' : r > 0.08 ? 'Đ' : 'C';
  };
  const qualities = QUALITIES.map((q) => {
    const level = qualityLevel();
    return { code: q.code, level, comment: pick(rand, QUALITY_COMMENTS[level]) };
  });
  const competences = COMPETENCES.map((c) => {
    const level = qualityLevel();
    return { code: c.code, level, comment: pick(rand, QUALITY_COMMENTS[level]) };
  });
  const year: SchoolYearRecord = {
    schoolYear: schoolYearLabel(start),
    grade,
    className,
    homeroomTeacher: teacher,
    heightCm: height,
    weightKg: Math.round(height * 0.19 + rand() * 6),
    daysAbsent: int(rand, 0, 6),
    subjects,
    qualities,
    competences,
    rating: null,
    awards: [],
    completion: null,
    promotion: null,
    reassessment: null,
    signatures: {
      gvcn: { name: null, status: 'pending', signedAt: null },
      principal: { name: null, status: 'pending', signedAt: null },
      seal: { name: null, status: 'pending', signedAt: null },
    },
  };
  const rating = supportedRating(year) as Rating;
  year.rating = rating;
  if (rating === 'HTXS') year.awards.push('Học sinh Xuất sắc');
  else if (rating === 'HTT' && rand() < 0.5)
    year.awards.push('Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện');
  if (rating === 'CHT') {
    // Điều 11 khoản 2 (reading in rules/cross-year/catalog.ts): passing the re-assessment
    // completes the grade; the year-end rating stays CHT.
    year.completion = 'completed';
    year.reassessment = {
      date: `${start + 1}-06-20`,
      note: 'Đã kiểm tra, đánh giá bổ sung sau thời gian hỗ trợ; đạt yêu cầu.',
      result: 'completed',
      decision: null,
    };
    year.promotion = grade === 5 ? 'completed-primary' : 'promoted';
  } else {
    year.completion = 'completed';
    year.promotion = grade === 5 ? 'completed-primary' : 'promoted';
  }
  return year;
}

function teacherName(rand: Rand): string {
  return `${pick(rand, FAMILY_NAMES)} ${pick(rand, MIDDLE_FEMALE)} ${pick(rand, GIVEN_FEMALE)}`;
}

/** Plants one defect of `kind` in the record's last year; returns what the checker must report. */
function plant(rand: Rand, record: HocBaRecord, kind: DefectKind): PlantedDefect | undefined {
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

/** A whole class with every student's record up to the current grade. */
export function generateClass(options: ClassOptions): GeneratedClass {
  const rand = seededRandom(options.seed);
  const size = options.size ?? 35;
  const grade = options.grade;
  const start = options.schoolYearStart ?? 2025;
  const className = options.className ?? `${grade}A`;
  const school = options.school ?? DEMO_SCHOOL;
  const teacher = options.homeroomTeacher ?? teacherName(rand);
  const defectRate = options.defectRate ?? 0.2;
  const records: HocBaRecord[] = [];
  const defects: PlantedDefect[] = [];
  const usedNames = new Set<string>();
  for (let n = 0; n < size; n++) {
    const male = rand() < 0.5;
    let fullName = '';
    do {
      fullName = male
        ? `${pick(rand, FAMILY_NAMES)} ${pick(rand, MIDDLE_MALE)} ${pick(rand, GIVEN_MALE)}`
        : `${pick(rand, FAMILY_NAMES)} ${pick(rand, MIDDLE_FEMALE)} ${pick(rand, GIVEN_FEMALE)}`;
    } while (usedNames.has(fullName));
    usedNames.add(fullName);
    const family = fullName.split(' ')[0] as string;
    const birthYear = start - grade - 5;
    const month = int(rand, 1, 12);
    const day = int(rand, 1, 28);
    const firstYear = start - grade + 1;
    const ability = rand() * 0.5 - 0.1;
    const studentCode = `${school.code}${String(seedCounter(options.seed, n)).padStart(7, '0')}`;
    const province = String(int(rand, 1, 96)).padStart(3, '0');
    const citizenSerial = String(int(rand, 0, 999999)).padStart(6, '0');
    // Earlier years use their own stream, so the current year (the portal's table) is the
    // same for a seed whatever the schooling before it.
    const aux = seededRandom(options.seed * 7919 + n * 104729 + 17);
    const years: SchoolYearRecord[] = [];
    for (let g = 1; g <= grade; g++) {
      const yearStart = firstYear + g - 1;
      const cls = g === grade ? className : `${g}${className.slice(1)}`;
      const yearTeacher = g === grade ? teacher : teacherName(rand);
      const page = makeYear(
        rand,
        g as Grade,
        yearStart,
        cls,
        yearTeacher,
        ability,
        110 + g * 6 + int(rand, -4, 4),
      );
      years.push(page);
      if (
        g < grade &&
        page.rating === 'CHT' &&
        !years.some((p) => p.promotion === 'retained') &&
        aux() < 0.5
      ) {
        // Failed the re-assessment; the principal retained the pupil (Điều 11 khoản 3).
        page.completion = 'not-completed';
        page.promotion = 'retained';
        page.reassessment = {
          date: `${yearStart + 1}-07-10`,
          note: 'Đã kiểm tra, đánh giá bổ sung sau thời gian hỗ trợ; chưa đạt yêu cầu.',
          result: 'not-completed',
          decision: `Quyết định số ${int(aux, 10, 99)}/QĐ-TH của Hiệu trưởng: ở lại lớp ${g}`,
        };
        const repeat = makeYear(
          aux,
          g as Grade,
          yearStart,
          cls,
          teacherName(aux),
          ability + 0.3,
          page.heightCm ?? 115,
        );
        years.push(repeat);
      }
    }
    // Label the pages backwards from the current year (a retained pupil started a year earlier).
    years.forEach((page, i) => {
      shiftPage(page, start - (years.length - 1 - i) - Number(page.schoolYear.slice(0, 4)));
      page.school = { name: school.name, code: school.code };
      if (i < years.length - 1)
        signPage(aux, page, { ...DEMO_SIGNERS, name: school.name, code: school.code });
      const r = page.reassessment;
      if (r?.result === 'not-completed' && r.decision) {
        r.decision = r.decision.replace(' của', ` ngày 25/7/${r.date.slice(0, 4)} của`);
      }
    });
    // A pupil who repeated a grade started school a year earlier, so was born a year earlier.
    const born = birthYear - (years.length - grade);
    const centuryGender = (born >= 2000 ? 2 : 0) + (male ? 0 : 1);
    const citizenId = `${province}${centuryGender}${String(born % 100).padStart(2, '0')}${citizenSerial}`;
    const history: HocBaRecord['history'] = years.map((page, i) => ({
      schoolYear: page.schoolYear,
      className: page.className,
      school: school.name,
      schoolCode: school.code,
      enrolledOn: i === 0 ? `${page.schoolYear.slice(0, 4)}-09-05` : null,
    }));
    const record: HocBaRecord = {
      format: 'hocba-tieuhoc',
      version: 1,
      recordId: `HB-${school.code}-${firstYear}-${String(options.seed % 1000).padStart(3, '0')}${String(n + 1).padStart(3, '0')}`,
      student: {
        fullName,
        gender: male ? 'nam' : 'nu',
        dateOfBirth: `${born}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        ethnicity: pick(rand, ETHNICITIES),
        nationality: 'Việt Nam',
        placeOfBirth: pick(rand, PLACES),
        hometown: pick(rand, PLACES),
        address: `Số ${int(rand, 1, 200)} phố ${pick(rand, STREETS)}, quận Ba Đình, Hà Nội`,
        fatherName: `${family} ${pick(rand, MIDDLE_MALE)} ${pick(rand, GIVEN_MALE)}`,
        motherName: `${pick(rand, FAMILY_NAMES)} ${pick(rand, MIDDLE_FEMALE)} ${pick(rand, GIVEN_FEMALE)}`,
        guardianName: null,
        studentCode,
        citizenId,
      },
      school,
      history,
      years,
    };
    if (years.length >= 2 && aux() < 0.15)
      applyTransfer(record, int(aux, 1, years.length - 1), pick(aux, OTHER_SCHOOLS));
    if (aux() < 0.04) {
      const first = Number(years[0]?.schoolYear.slice(0, 4));
      const given = fullName.split(' ').at(-1) as string;
      record.identityChanges = [
        {
          date: `${first + 1}-03-${String(int(aux, 1, 28)).padStart(2, '0')}`,
          field: 'fullName',
          from: fullName.replace(/ \S+$/, given === 'An' ? ' Ân' : ' An'),
          to: fullName,
          basis: `Quyết định cải chính hộ tịch số ${int(aux, 10, 300)}/QĐ-UBND ngày ${int(aux, 1, 28)}/2/${first + 1}`,
        },
      ];
    }
    // Cross-year first: it may add pages, and the current-year defect goes on the last one.
    if (aux() < (options.crossYearRate ?? 0)) {
      const defect = plantCrossYear(aux, record);
      if (defect) defects.push(defect);
    }
    if (rand() < defectRate) {
      const defect = plant(rand, record, pick(rand, DEFECT_KINDS));
      if (defect) defects.push(defect);
    }
    records.push(record);
  }
  for (const d of defects) d.severity = RULE_LIST.find((r) => r.code === d.rule)?.severity ?? 'error';
  return { className, grade, schoolYear: schoolYearLabel(start), homeroomTeacher: teacher, records, defects };
}

function seedCounter(seed: number, n: number): number {
  return ((seed % 9000) + 1000) * 100 + n;
}

/** A school: `classesPerGrade` classes in each grade 1..5 (e.g. 7 × 5 × 30 ≈ 1,000 records). */
export function generateSchool(options: {
  seed: number;
  classesPerGrade?: number;
  size?: number;
  defectRate?: number;
  crossYearRate?: number;
}): GeneratedClass[] {
  const classes: GeneratedClass[] = [];
  const perGrade = options.classesPerGrade ?? 7;
  for (let grade = 1; grade <= 5; grade++) {
    for (let c = 0; c < perGrade; c++) {
      classes.push(
        generateClass({
          seed: options.seed * 100 + grade * 10 + c,
          grade: grade as Grade,
          size: options.size ?? 30,
          className: `${grade}${String.fromCharCode(65 + c)}`,
          defectRate: options.defectRate ?? 0.2,
          crossYearRate: options.crossYearRate ?? 0,
        }),
      );
    }
  }
  return classes;
}
