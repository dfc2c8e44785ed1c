import type { Bilingual } from '../errors/index.js';

/** `error` blocks approval and signing; `warning` is shown but does not block. */
export type Severity = 'error' | 'warning';

/** What part of a school year a finding points at, so a portal adapter can find the cell. */
export type FindingTarget =
  | { kind: 'identity'; field: string }
  | { kind: 'record'; field: string }
  | { kind: 'year'; year: number; field: string }
  | { kind: 'subject'; year: number; code: string; field: 'level' | 'score' | 'comment' | 'language' | 'row' }
  | { kind: 'quality' | 'competence'; year: number; code: string; field: 'level' | 'comment' | 'row' };

export interface Finding {
  /** Stable rule code, e.g. `TT27-SCORE-MISSING`. */
  rule: string;
  severity: Severity;
  /** JSON Pointer into the record. */
  path: string;
  /** The place in words: "Năm học 2024-2025, Toán, điểm KTĐK". */
  where: Bilingual;
  message: Bilingual;
  target: FindingTarget;
  /** The school year the finding is about, when it is one (cross-year rules name it). */
  schoolYear?: string;
}
