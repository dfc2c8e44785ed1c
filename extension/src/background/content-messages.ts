/**
 * What a portal's content script and the service worker say to each other, and their limits.
 * For the teacher's check, the Thông tư 27 rules, the record schema and the PDF reader run in
 * the service worker (table-checks.ts): they would be most of a script injected into every
 * portal page. This module imports nothing at run time, so the content script carries only
 * these few lines.
 */
import type { SchoolYearRecord } from '@hocba/shared/record';
import type { Completeness, Finding } from '@hocba/shared/rules';

/** storage.session holds 10 MB in all; base64 grows a file by a third (verify-handoff.ts). */
export const MAX_HANDOFF_BYTES = 6 * 1024 * 1024;

/** A whole record the portal links to, downloaded by the content script: PDF. */
export const MAX_RECORD_PDF_BYTES = 8 * 1024 * 1024;
/** …or JSON: `MAX_RECORD_BYTES` of @hocba/shared/record (a unit test keeps them equal). */
export const MAX_RECORD_JSON_BYTES = 2 * 1024 * 1024;
/** Rows in one check (a class is ≤ 60; a book of files is read in pages). */
export const MAX_CHECK_ROWS = 1_000;
/** The rows' JSON, refused above this before it is parsed (≈ 4 KB a row, earlier findings included). */
export const MAX_CHECK_CHARS = 16 * 1024 * 1024;

/** One row of the portal's table, as the content script read it. */
export interface TableCheckRow {
  /** This school year, as the page shows it (scores may be NaN: text that is not a number). */
  year: SchoolYearRecord;
  /** The keys of the cells the row has (`awards`, `subject:<code>:language`, …): only what is shown is judged. */
  cells: string[];
  student: { id: string; name: string };
  /** The pupil's whole record, when it was read (`check.record`). */
  earlier: EarlierRecord | null;
}

/** A pupil's whole record reduced to what the table check needs: who it is and its findings. */
export interface EarlierRecord {
  /** recordId and studentCode. */
  ids: string[];
  fullName: string;
  /** The record's last school year: "this year" when the page does not say. */
  lastSchoolYear: string;
  findings: EarlierFinding[];
}

export interface EarlierFinding {
  /** Worded with its school year, pointed at the pupil's row. */
  finding: Finding;
  /** A rule across years: shown whatever year the page is. */
  crossYear: boolean;
  /** The school year the finding's target is in: left to the table when it is this year. */
  targetYear?: string;
}

export interface RowResult {
  findings: Finding[];
  status: Completeness;
}

/** An answer the content script can show as it is: a code and the text in both languages. */
export interface CheckFailure {
  ok: false;
  code: string;
  vi: string;
  en: string;
}

export type TableCheckAnswer = { ok: true; rows: RowResult[] } | CheckFailure;
export type RecordAnswer = { ok: true; record: EarlierRecord | null } | CheckFailure;

/**
 * JSON keeps no NaN or Infinity (Chromium sends messages as JSON: a score the teacher typed
 * as "8,5a" would arrive as null, "missing", instead of "not a whole number"): they travel
 * as `{ "$number": "NaN" }`.
 */
export function encodeRows(rows: readonly TableCheckRow[]): string {
  return JSON.stringify(rows, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? { $number: String(value) } : value,
  );
}

export function decodeRows(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    const n = (value as { $number?: unknown }).$number;
    return keys.length === 1 && typeof n === 'string' ? Number(n) : value;
  });
}
