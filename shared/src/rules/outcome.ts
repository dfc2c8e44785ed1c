/** The year-end outcome: rating against the data (Điều 9), awards, completion and promotion (Điều 9, 11). */
import { type Grade, RATING_LABELS, RATINGS, type Rating } from '../record/codes.js';
import type { SchoolYearRecord } from '../record/schema.js';
import type { RuleConfig } from './config.js';
import { blank, type Emit, yearWhere } from './emit.js';
import { ratingRank, supportedRating } from './rating.js';

const AWARD_NEEDS: ReadonlyArray<{ pattern: RegExp; needs: Rating }> = [
  { pattern: /học sinh xuất sắc/i, needs: 'HTXS' },
];

/** Awards as typed: any Unicode form (NFD from some keyboards), any run of spaces. */
const comparable = (text: string): string => text.normalize('NFC').replace(/\s+/gu, ' ');

/** Checks the rating and the awards that depend on it; returns the rating when it is a valid one. */
export function checkRating(
  year: SchoolYearRecord,
  y: number,
  emit: Emit,
  config: RuleConfig,
): Rating | undefined {
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
      } else if (ratingRank(validRating) < ratingRank(supported) && blank(year.ratingReason)) {
        // The teacher may rate lower for a reason (Điều 9); once written, it is not a finding.
        emit('RATING_TOO_LOW', `/years/${y}/rating`, ratingWhere, ratingTarget, params);
      }
    }
  }
  year.awards.forEach((award, a) => {
    for (const need of AWARD_NEEDS) {
      if (need.pattern.test(comparable(award)) && validRating !== undefined && validRating !== need.needs) {
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
  return validRating;
}

export function checkCompletion(
  year: SchoolYearRecord,
  y: number,
  grade: Grade,
  validRating: Rating | undefined,
  emit: Emit,
): void {
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
    // Điều 11 khoản 2 (reading in cross-year/catalog.ts): a CHT pupil who passes the
    // re-assessment has completed the grade.
    if (
      validRating === 'CHT' &&
      year.completion === 'completed' &&
      year.reassessment?.result !== 'completed'
    ) {
      inconsistent(
        `/years/${y}/completion`,
        'completion',
        'Đánh giá "Chưa hoàn thành" nhưng ghi hoàn thành chương trình lớp học mà không có kết quả đánh giá bổ sung hoàn thành (Điều 11)',
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
  // Điều 11: a pupil who has not completed the grade moves up only after a re-assessment
  // that says so; its outcome, not its mere existence, decides.
  const promoted = year.promotion === 'promoted' || year.promotion === 'completed-primary';
  const outcome = year.reassessment?.result;
  // A failed re-assessment leaves promotion to the principal (khoản 3): whether the decision
  // is recorded is TT27-REASSESSMENT-INCONSISTENT's (cross-year/reassessment.ts).
  if (
    year.completion === 'not-completed' &&
    promoted &&
    outcome !== 'completed' &&
    outcome !== 'not-completed'
  ) {
    const [reason, reasonEn, path, field] = !year.reassessment
      ? [
          'Chưa hoàn thành chương trình nhưng được lên lớp mà không có kết quả đánh giá bổ sung (Điều 11)',
          'Not completed but promoted without a recorded re-assessment (Article 11)',
          `/years/${y}/promotion`,
          'promotion',
        ]
      : [
          'Được lên lớp sau đánh giá bổ sung nhưng chưa ghi kết quả đánh giá bổ sung (Điều 11)',
          'Promoted after a re-assessment whose outcome is not recorded (Article 11)',
          `/years/${y}/reassessment/result`,
          'reassessment',
        ];
    inconsistent(path, field, reason, reasonEn);
  }
  // One finding at the promotion cell, naming the completion cell too when it was not
  // updated either (cross-year/reassessment.ts stays silent on this case).
  if (outcome === 'completed' && year.promotion === 'retained') {
    const notCompleted = year.completion === 'not-completed';
    emit(
      'REASSESSMENT_NOT_APPLIED',
      `/years/${y}/promotion`,
      completionWhere,
      { kind: 'year', year: y, field: 'promotion' },
      {
        alsoNotCompleted: notCompleted ? ' và chưa hoàn thành chương trình lớp học' : '',
        alsoNotCompletedEn: notCompleted ? ' and as not completing the grade' : '',
      },
    );
  }
}
