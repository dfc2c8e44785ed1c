/**
 * One school year's page of a pupil: subjects, qualities and competences rated around the
 * pupil's ability, the year-end rating the rules support, and what follows from it.
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
import { emptySchoolYear } from '../record/empty-year.js';
import type { SchoolYearRecord } from '../record/schema.js';
import { supportedRating } from '../rules/rating.js';
import { GENERIC_SUBJECT_COMMENTS, QUALITY_COMMENTS, SUBJECT_COMMENTS } from './comments.js';
import { FAMILY_NAMES, GIVEN_FEMALE, MIDDLE_FEMALE } from './names.js';
import { int, pick, type Rand } from './random.js';

export function schoolYearLabel(start: number): string {
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

export function makeYear(
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
    ...emptySchoolYear({
      schoolYear: schoolYearLabel(start),
      grade,
      className,
      homeroomTeacher: teacher,
      heightCm: height,
      weightKg: Math.round(height * 0.19 + rand() * 6),
      daysAbsent: int(rand, 0, 6),
    }),
    subjects,
    qualities,
    competences,
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

export function teacherName(rand: Rand): string {
  return `${pick(rand, FAMILY_NAMES)} ${pick(rand, MIDDLE_FEMALE)} ${pick(rand, GIVEN_FEMALE)}`;
}
