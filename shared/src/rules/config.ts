/**
 * Thresholds the rules use. Values the domain notes mark as **assumed** (not found in an
 * official text) are configuration: a Sở or Phòng GD&ĐT can change them without a release.
 */
export interface RuleConfig {
  /** Lowest end-of-year score for "Hoàn thành" (assumed: 5). */
  completedMinScore: number;
  /** Lowest end-of-year score for "Hoàn thành tốt" (Điều 9: 7). */
  goodMinScore: number;
  /** Lowest end-of-year score for "Hoàn thành xuất sắc" (Điều 9: 9). */
  excellentMinScore: number;
  /**
   * Usual age on entering grade 1, by year of birth: 6 (Luật Giáo dục 2019, Điều 28), up to 3
   * years later for the pupils the Điều lệ trường tiểu học names. Outside it: a warning.
   */
  minAgeInGrade1: number;
  maxAgeInGrade1: number;
  /**
   * Outside this range the date of birth cannot be right (an error, not a warning). Assumed
   * 4..14: no school admits a 3-year-old to grade 1, and past 14 a pupil is in a continuing
   * education class, not a primary học bạ.
   */
  minPossibleAgeInGrade1: number;
  maxPossibleAgeInGrade1: number;
  /** Whether a missing quality/competence comment blocks approval (assumed: no, a warning). */
  qualityCommentRequired: boolean;
  /**
   * Month-day (MM-DD) from which a year's record may be signed: the year-end assessment is
   * done in the last weeks of the school year, which ends by 31 May (MOET's yearly frame
   * plan). Assumed: 05-15; a signature dated earlier is before the year's end.
   */
  signingFromMonthDay: string;
  /** Month-day (MM-DD) a school year's dates start from (arrivals in August count). */
  schoolYearFromMonthDay: string;
}

export const DEFAULT_RULE_CONFIG: Readonly<RuleConfig> = {
  completedMinScore: 5,
  goodMinScore: 7,
  excellentMinScore: 9,
  minAgeInGrade1: 6,
  maxAgeInGrade1: 9,
  minPossibleAgeInGrade1: 4,
  maxPossibleAgeInGrade1: 14,
  qualityCommentRequired: false,
  signingFromMonthDay: '05-15',
  schoolYearFromMonthDay: '08-01',
};
