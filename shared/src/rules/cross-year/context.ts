/** What every cross-year rule family shares: the emitter, school-year labels, dates. */
import type { Bilingual, ErrorParams } from '../../errors/index.js';
import type { HistoryRow, HocBaRecord } from '../../record/schema.js';
import type { RuleKey } from '../catalog.js';
import type { RuleConfig } from '../config.js';
import { blank, collector as yearCollector, yearWhere } from '../emit.js';
import type { Finding, FindingTarget } from '../finding.js';

export { blank, yearWhere };

/** As the single-year emitter, with the parameters required: every cross-year message has some. */
export type Emit = (
  key: RuleKey,
  path: string,
  where: Bilingual,
  target: FindingTarget,
  params: ErrorParams,
  schoolYear?: string,
) => void;

export const collector: (findings: Finding[]) => Emit = yearCollector;

export interface CrossYearContext {
  record: HocBaRecord;
  config: RuleConfig;
  emit: Emit;
}

/** A name as compared: Unicode form, spacing and case ignored. */
const comparable = (text: string | null | undefined): string =>
  (text ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Names compared as people write them: case, spacing and Unicode form ignored. Identical
 * strings (nearly every comparison in a real record) are equal without normalising either.
 */
export const sameText = (a: string | null | undefined, b: string | null | undefined): boolean =>
  a === b || comparable(a) === comparable(b);

/** The first calendar year of a well-formed label "2024-2025", else undefined. */
export function yearStart(label: string): number | undefined {
  const match = /^(\d{4})-(\d{4})$/.exec(label.trim());
  if (!match) return undefined;
  const start = Number(match[1]);
  return Number(match[2]) === start + 1 && start >= 1950 && start <= 2200 ? start : undefined;
}

const TIME = /^T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const HYPHEN = 0x2d;

/** The ASCII digits `value[from..to)` as a number, or -1 when one is not a digit. */
function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/**
 * Whether `value` starts with a real calendar day `YYYY-MM-DD` (proleptic Gregorian), read
 * by arithmetic: a RegExp, a slice and a Date per call were a tenth of a school's check.
 * Years before 100 are not days, as with the `Date.UTC` this replaces (it reads 0–99 as
 * 1900–1999); a record never holds one.
 */
function startsWithDay(value: string): boolean {
  if (value.length < 10 || value.charCodeAt(4) !== HYPHEN || value.charCodeAt(7) !== HYPHEN) return false;
  const [y, m, d] = [digits(value, 0, 4), digits(value, 5, 7), digits(value, 8, 10)];
  if (y < 100 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] as number));
}

/**
 * A date `YYYY-MM-DD`, or (with `withTime`) an ISO 8601 date-time as signing times are
 * written. Returns the calendar day `YYYY-MM-DD` as written (local to the signer), or
 * undefined when the value is not a real date.
 */
export function isoDay(value: string, withTime = false): string | undefined {
  if (!startsWithDay(value)) return undefined;
  if (value.length === 10) return value;
  if (!withTime) return undefined;
  const t = TIME.exec(value.slice(10));
  if (!t) return undefined;
  const ok =
    Number(t[1]) <= 23 &&
    Number(t[2]) <= 59 &&
    Number(t[3] ?? 0) <= 59 &&
    Number(t[5] ?? 0) <= 14 &&
    Number(t[6] ?? 0) <= 59;
  return ok ? value.slice(0, 10) : undefined;
}

/** A comparable instant for ordering signing times (a bare day counts as its start). */
export function instant(value: string): number {
  const parsed = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(parsed) ? Date.parse(`${value.slice(0, 10)}T00:00:00Z`) : parsed;
}

/** yearWindow's answers (a Date and a string per history row otherwise), frozen: callers share them. */
const windows = new Map<string, Readonly<{ from: string; to: string }>>();

/** The days a school year's arrivals and departures fall in: from `schoolYearFromMonthDay` for a year. */
export function yearWindow(start: number, config: RuleConfig): { from: string; to: string } {
  const key = `${start}-${config.schoolYearFromMonthDay}`;
  let window = windows.get(key);
  if (!window) {
    const from = key;
    const next = new Date(Date.UTC(start + 1, Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)) - 1));
    window = Object.freeze({ from, to: next.toISOString().slice(0, 10) });
    // Bounded: a handful of school years and configurations in practice.
    if (windows.size >= 256) windows.clear();
    windows.set(key, window);
  }
  return window;
}

export const HISTORY_WHERE: Bilingual = { vi: 'Quá trình học tập', en: 'Study history' };

/** History rows of one school year, in the order written (a mid-year transfer has two). */
export function rowsOf(record: HocBaRecord, label: string): { row: HistoryRow; h: number }[] {
  return record.history.flatMap((row, h) => (row.schoolYear.trim() === label.trim() ? [{ row, h }] : []));
}

/** Whether the pupil left with a reason that explains a year with no result page. */
export const leftMidYear = (row: HistoryRow): boolean =>
  !blank(row.leftOn) && (row.leavingReason === 'tam-nghi' || row.leavingReason === 'thoi-hoc');
