/**
 * The answer key's vocabulary: which defects the generator plants (in the current year, and
 * across years) and what it says about each one planted. Its own file so that the planters
 * and the class generator share it without importing each other.
 */
import type { Severity } from '../rules/finding.js';

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

export const CROSS_YEAR_DEFECT_KINDS = [
  'year-label-invalid',
  'year-gap',
  'year-duplicate',
  'year-out-of-order',
  'grade-skipped',
  'promoted-same-grade',
  'year-after-completion',
  'history-missing',
  'history-no-year',
  'history-class-mismatch',
  'history-duplicate',
  'enrolled-missing',
  'enrolled-outside-year',
  'date-invalid',
  'signature-too-early',
  'signature-order',
  'earlier-unsigned',
  'signer-missing',
  'homeroom-missing',
  'identity-change-basis',
] as const;
export type CrossYearDefectKind = (typeof CROSS_YEAR_DEFECT_KINDS)[number];
export type CrossYearField =
  | 'schoolYear'
  | 'grade'
  | 'history'
  | 'signatures'
  | 'homeroomTeacher'
  | 'identity';

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
