/**
 * Stable codes for everything a primary học bạ rates, with the one table of Vietnamese and
 * English labels (Thông tư 27/2020, Chương trình GDPT 2018). Codes never change once
 * published; labels may be corrected.
 */
import type { Bilingual } from '../errors/index.js';

export const GRADES = [1, 2, 3, 4, 5] as const;
export type Grade = (typeof GRADES)[number];

/** Mức đạt được of a subject or activity: Hoàn thành tốt / Hoàn thành / Chưa hoàn thành. */
export const SUBJECT_LEVELS = ['T', 'H', 'C'] as const;
export type SubjectLevel = (typeof SUBJECT_LEVELS)[number];

/** Mức đạt được of a quality or competence: Tốt / Đạt / Cần cố gắng. */
export const QUALITY_LEVELS = ['T', 'Đ', 'C'] as const;
export type QualityLevel = (typeof QUALITY_LEVELS)[number];

/** Đánh giá kết quả giáo dục at the end of the year (Điều 9). */
export const RATINGS = ['HTXS', 'HTT', 'HT', 'CHT'] as const;
export type Rating = (typeof RATINGS)[number];

export const LEVEL_LABELS: Readonly<Record<string, Bilingual>> = {
  T: { vi: 'Hoàn thành tốt / Tốt', en: 'Completed well / Good' },
  H: { vi: 'Hoàn thành', en: 'Completed' },
  Đ: { vi: 'Đạt', en: 'Achieved' },
  C: { vi: 'Chưa hoàn thành / Cần cố gắng', en: 'Not completed / Needs effort' },
};

export const RATING_LABELS: Readonly<Record<Rating, Bilingual>> = {
  HTXS: { vi: 'Hoàn thành xuất sắc', en: 'Completed with excellence' },
  HTT: { vi: 'Hoàn thành tốt', en: 'Completed well' },
  HT: { vi: 'Hoàn thành', en: 'Completed' },
  CHT: { vi: 'Chưa hoàn thành', en: 'Not completed' },
};

/** Whether a subject is taught in a grade: required, optional (if the school offers it), or not. */
export type Offering = 'required' | 'optional' | 'no';

export interface SubjectInfo {
  code: string;
  label: Bilingual;
  /** Per grade 1..5. */
  offering: readonly [Offering, Offering, Offering, Offering, Offering];
  /** Grades whose end-of-year periodic test (điểm KTĐK) is recorded. */
  testedGrades: readonly Grade[];
  /** True where the domain notes mark the tested-grades rule as assumed. */
  testAssumed?: boolean;
  /** A language subject: the record names the language studied (`language`). */
  namesLanguage?: boolean;
}

export const SUBJECTS: readonly SubjectInfo[] = [
  {
    code: 'tieng-viet',
    label: { vi: 'Tiếng Việt', en: 'Vietnamese' },
    offering: ['required', 'required', 'required', 'required', 'required'],
    testedGrades: [1, 2, 3, 4, 5],
  },
  {
    code: 'toan',
    label: { vi: 'Toán', en: 'Mathematics' },
    offering: ['required', 'required', 'required', 'required', 'required'],
    testedGrades: [1, 2, 3, 4, 5],
  },
  {
    code: 'ngoai-ngu-1',
    label: { vi: 'Ngoại ngữ 1', en: 'Foreign language 1' },
    offering: ['optional', 'optional', 'required', 'required', 'required'],
    testedGrades: [3, 4, 5],
    testAssumed: true,
    namesLanguage: true,
  },
  {
    code: 'dao-duc',
    label: { vi: 'Đạo đức', en: 'Ethics' },
    offering: ['required', 'required', 'required', 'required', 'required'],
    testedGrades: [],
  },
  {
    code: 'tu-nhien-xa-hoi',
    label: { vi: 'Tự nhiên và Xã hội', en: 'Nature and society' },
    offering: ['required', 'required', 'required', 'no', 'no'],
    testedGrades: [],
  },
  {
    code: 'lich-su-dia-li',
    label: { vi: 'Lịch sử và Địa lí', en: 'History and geography' },
    offering: ['no', 'no', 'no', 'required', 'required'],
    testedGrades: [4, 5],
  },
  {
    code: 'khoa-hoc',
    label: { vi: 'Khoa học', en: 'Science' },
    offering: ['no', 'no', 'no', 'required', 'required'],
    testedGrades: [4, 5],
  },
  {
    code: 'tin-hoc-cong-nghe',
    label: { vi: 'Tin học và Công nghệ', en: 'Informatics and technology' },
    offering: ['no', 'no', 'required', 'required', 'required'],
    testedGrades: [3, 4, 5],
  },
  {
    code: 'giao-duc-the-chat',
    label: { vi: 'Giáo dục thể chất', en: 'Physical education' },
    offering: ['required', 'required', 'required', 'required', 'required'],
    testedGrades: [],
  },
  {
    code: 'am-nhac',
    label: { vi: 'Âm nhạc', en: 'Music' },
    offering: ['required', 'required', 'required', 'required', 'required'],
    testedGrades: [],
  },
  {
    code: 'mi-thuat',
    label: { vi: 'Mĩ thuật', en: 'Fine arts' },
    offering: ['required', 'required', 'required', 'required', 'required'],
    testedGrades: [],
  },
  {
    code: 'hoat-dong-trai-nghiem',
    label: { vi: 'Hoạt động trải nghiệm', en: 'Experiential activities' },
    offering: ['required', 'required', 'required', 'required', 'required'],
    testedGrades: [],
  },
  {
    code: 'tieng-dan-toc',
    label: { vi: 'Tiếng dân tộc thiểu số', en: 'Ethnic minority language' },
    offering: ['optional', 'optional', 'optional', 'optional', 'optional'],
    testedGrades: [1, 2, 3, 4, 5],
    testAssumed: true,
    namesLanguage: true,
  },
];

export interface QualityInfo {
  code: string;
  label: Bilingual;
  group: 'pham-chat' | 'nang-luc-chung' | 'nang-luc-dac-thu';
}

/** Những phẩm chất chủ yếu (5). */
export const QUALITIES: readonly QualityInfo[] = [
  { code: 'yeu-nuoc', label: { vi: 'Yêu nước', en: 'Patriotism' }, group: 'pham-chat' },
  { code: 'nhan-ai', label: { vi: 'Nhân ái', en: 'Kindness' }, group: 'pham-chat' },
  { code: 'cham-chi', label: { vi: 'Chăm chỉ', en: 'Diligence' }, group: 'pham-chat' },
  { code: 'trung-thuc', label: { vi: 'Trung thực', en: 'Honesty' }, group: 'pham-chat' },
  { code: 'trach-nhiem', label: { vi: 'Trách nhiệm', en: 'Responsibility' }, group: 'pham-chat' },
];

/** Những năng lực cốt lõi: 3 chung, 7 đặc thù. */
export const COMPETENCES: readonly QualityInfo[] = [
  {
    code: 'tu-chu-tu-hoc',
    label: { vi: 'Tự chủ và tự học', en: 'Autonomy and self-study' },
    group: 'nang-luc-chung',
  },
  {
    code: 'giao-tiep-hop-tac',
    label: { vi: 'Giao tiếp và hợp tác', en: 'Communication and cooperation' },
    group: 'nang-luc-chung',
  },
  {
    code: 'giai-quyet-van-de',
    label: { vi: 'Giải quyết vấn đề và sáng tạo', en: 'Problem solving and creativity' },
    group: 'nang-luc-chung',
  },
  { code: 'ngon-ngu', label: { vi: 'Ngôn ngữ', en: 'Language' }, group: 'nang-luc-dac-thu' },
  { code: 'tinh-toan', label: { vi: 'Tính toán', en: 'Numeracy' }, group: 'nang-luc-dac-thu' },
  { code: 'khoa-hoc', label: { vi: 'Khoa học', en: 'Science' }, group: 'nang-luc-dac-thu' },
  { code: 'cong-nghe', label: { vi: 'Công nghệ', en: 'Technology' }, group: 'nang-luc-dac-thu' },
  { code: 'tin-hoc', label: { vi: 'Tin học', en: 'Informatics' }, group: 'nang-luc-dac-thu' },
  { code: 'tham-mi', label: { vi: 'Thẩm mĩ', en: 'Aesthetics' }, group: 'nang-luc-dac-thu' },
  { code: 'the-chat', label: { vi: 'Thể chất', en: 'Physical' }, group: 'nang-luc-dac-thu' },
];

const subjectByCode = new Map(SUBJECTS.map((s) => [s.code, s]));
const qualityByCode = new Map(QUALITIES.map((q) => [q.code, q]));
const competenceByCode = new Map(COMPETENCES.map((c) => [c.code, c]));

export function subjectInfo(code: string): SubjectInfo | undefined {
  return subjectByCode.get(code);
}
export function qualityInfo(code: string): QualityInfo | undefined {
  return qualityByCode.get(code);
}
export function competenceInfo(code: string): QualityInfo | undefined {
  return competenceByCode.get(code);
}

export function isGrade(value: unknown): value is Grade {
  return typeof value === 'number' && (GRADES as readonly number[]).includes(value);
}

export function offeringIn(subject: SubjectInfo, grade: Grade): Offering {
  return subject.offering[grade - 1] as Offering;
}

/** Subjects a grade must rate (optional ones are rated only when studied). */
export function requiredSubjects(grade: Grade): SubjectInfo[] {
  return SUBJECTS.filter((s) => offeringIn(s, grade) === 'required');
}

export function isTestedIn(subject: SubjectInfo, grade: Grade): boolean {
  return subject.testedGrades.includes(grade);
}
