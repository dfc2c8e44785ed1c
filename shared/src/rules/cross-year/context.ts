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

/** Names compared as people write them: case, spacing and Unicode form ignored. */
export const sameText = (a: string | null | undefined, b: string | null | undefined): boolean =>
  (a ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase() ===
  (b ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/** The first calendar year of a well-formed label "2024-2025", else undefined. */
export function yearStart(label: string): number | undefined {
  const match = /^(\d{4})-(\d{4})$/.exec(label.trim());
  if (!match) return undefined;
  const start = Number(match[1]);
  return Number(match[2]) === start + 1 && start >= 1950 && start <= 2200 ? start : undefined;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))?$/;

function validDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * A date `YYYY-MM-DD`, or (with `withTime`) an ISO 8601 date-time as signing times are
 * written. Returns the calendar day `YYYY-MM-DD` as written (local to the signer), or
 * undefined when the value is not a real date.
 */
export function isoDay(value: string, withTime = false): string | undefined {
  const day = value.slice(0, 10);
  if (!validDay(day)) return undefined;
  const rest = value.slice(10);
  if (rest === '') return day;
  if (!withTime) return undefined;
  const t = TIME.exec(rest);
  if (!t) return undefined;
  const ok =
    Number(t[1]) <= 23 &&
    Number(t[2]) <= 59 &&
    Number(t[3] ?? 0) <= 59 &&
    Number(t[5] ?? 0) <= 14 &&
    Number(t[6] ?? 0) <= 59;
  return ok ? day : undefined;
}

/** A comparable instant for ordering signing times (a bare day counts as its start). */
export function instant(value: string): number {
  const parsed = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(parsed) ? Date.parse(`${value.slice(0, 10)}T00:00:00Z`) : parsed;
}

/** The days a school year's arrivals and departures fall in: from `schoolYearFromMonthDay` for a year. */
export function yearWindow(start: number, config: RuleConfig): { from: string; to: string } {
  const from = `${start}-${config.schoolYearFromMonthDay}`;
  const next = new Date(Date.UTC(start + 1, Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)) - 1));
  return { from, to: next.toISOString().slice(0, 10) };
}

export const HISTORY_WHERE: Bilingual = { vi: 'Quá trình học tập', en: 'Study history' };

/** History rows of one school year, in the order written (a mid-year transfer has two). */
export function rowsOf(record: HocBaRecord, label: string): { row: HistoryRow; h: number }[] {
  return record.history.flatMap((row, h) => (row.schoolYear.trim() === label.trim() ? [{ row, h }] : []));
}

/** Whether the pupil left with a reason that explains a year with no result page. */
export const leftMidYear = (row: HistoryRow): boolean =>
  !blank(row.leftOn) && (row.leavingReason === 'tam-nghi' || row.leavingReason === 'thoi-hoc');
