/**
 * The year-end rating the data supports (Thông tư 27, Điều 9). Used by the rules to judge
 * the teacher's rating and by the demo-data generator to produce consistent records.
 */
import { isGrade, isTestedIn, type Rating, subjectInfo } from '../record/codes.js';
import type { SchoolYearRecord } from '../record/schema.js';
import { DEFAULT_RULE_CONFIG, type RuleConfig } from './config.js';

export const RATING_ORDER: readonly Rating[] = ['CHT', 'HT', 'HTT', 'HTXS'];

export function ratingRank(rating: Rating): number {
  return RATING_ORDER.indexOf(rating);
}

/**
 * The best rating the year's data allows, or `undefined` when the data is incomplete or
 * invalid (then the rating cannot be judged and other rules report what is missing).
 */
export function supportedRating(
  year: SchoolYearRecord,
  config: RuleConfig = DEFAULT_RULE_CONFIG,
): Rating | undefined {
  if (!isGrade(year.grade)) return undefined;
  const grade = year.grade;
  const levels: string[] = [];
  const scores: number[] = [];
  for (const subject of year.subjects) {
    const info = subjectInfo(subject.code);
    if (!info) return undefined;
    if (subject.level !== 'T' && subject.level !== 'H' && subject.level !== 'C') return undefined;
    levels.push(subject.level);
    if (isTestedIn(info, grade)) {
      if (
        subject.score === null ||
        !Number.isInteger(subject.score) ||
        subject.score < 1 ||
        subject.score > 10
      ) {
        return undefined;
      }
      scores.push(subject.score);
    }
  }
  const qualityLevels: string[] = [];
  for (const item of [...year.qualities, ...year.competences]) {
    if (item.level !== 'T' && item.level !== 'Đ' && item.level !== 'C') return undefined;
    qualityLevels.push(item.level);
  }
  const minScore = scores.length ? Math.min(...scores) : 10;
  const allSubjectsT = levels.every((l) => l === 'T');
  const allQualitiesT = qualityLevels.every((l) => l === 'T');
  if (allSubjectsT && allQualitiesT && minScore >= config.excellentMinScore) return 'HTXS';
  if (allSubjectsT && allQualitiesT && minScore >= config.goodMinScore) return 'HTT';
  const noSubjectC = levels.every((l) => l !== 'C');
  const noQualityC = qualityLevels.every((l) => l !== 'C');
  if (noSubjectC && noQualityC && minScore >= config.completedMinScore) return 'HT';
  return 'CHT';
}
