/**
 * Quá trình học tập against the result pages (Phụ lục 1): every year has its row, every
 * row its year, the same class and school in both places, an arrival date at every change
 * of school, arrival and leaving dates inside their year and in order, no duplicated row.
 */
import type { HistoryRow } from '../../record/schema.js';
import {
  blank,
  type CrossYearContext,
  HISTORY_WHERE,
  isoDay,
  leftMidYear,
  rowsOf,
  sameText,
  yearStart,
  yearWhere,
  yearWindow,
} from './context.js';

export function checkHistory(ctx: CrossYearContext): void {
  const { record, emit } = ctx;
  const pageLabels = new Set(record.years.map((y) => y.schoolYear.trim()));
  record.years.forEach((year, y) => {
    if (yearStart(year.schoolYear) === undefined) return; // the label finding covers it
    const rows = rowsOf(record, year.schoolYear);
    if (rows.length === 0) {
      emit(
        'HISTORY_MISSING',
        '/history/-',
        HISTORY_WHERE,
        { kind: 'year', year: y, field: 'history' },
        { schoolYear: year.schoolYear },
        year.schoolYear,
      );
      return;
    }
    // The page is the school's where the year ended: the last row not left mid-year.
    const { row, h } =
      [...rows].reverse().find((r) => !leftMidYear(r.row)) ?? (rows.at(-1) as (typeof rows)[0]);
    const mismatch = (path: string, what: [string, string], history: string, page: string) =>
      emit(
        'HISTORY_MISMATCH',
        path,
        yearWhere(year),
        { kind: 'year', year: y, field: 'history' },
        { schoolYear: year.schoolYear, what: what[0], whatEn: what[1], history, page },
        year.schoolYear,
      );
    if (!sameText(row.className, year.className)) {
      mismatch(`/history/${h}/className`, ['lớp', 'class'], row.className, year.className);
    }
    if (year.school) {
      if (!sameText(year.school.name, row.school)) {
        mismatch(`/years/${y}/school/name`, ['trường', 'school'], row.school, year.school.name);
      } else if (
        !blank(row.schoolCode) &&
        !blank(year.school.code) &&
        !sameText(row.schoolCode, year.school.code)
      ) {
        mismatch(
          `/years/${y}/school/code`,
          ['mã trường', 'school code'],
          row.schoolCode as string,
          year.school.code,
        );
      }
    }
  });

  record.history.forEach((row, h) => {
    const label = row.schoolYear.trim();
    const start = yearStart(label);
    if (start === undefined) {
      if (!pageLabels.has(label)) {
        emit(
          'YEAR_LABEL_INVALID',
          `/history/${h}/schoolYear`,
          HISTORY_WHERE,
          { kind: 'record', field: 'history' },
          { value: row.schoolYear },
        );
      }
      return;
    }
    const params = { schoolYear: label, className: row.className, school: row.school };
    const earlier = record.history.slice(0, h);
    if (
      earlier.some(
        (e) =>
          e.schoolYear.trim() === label &&
          sameText(e.school, row.school) &&
          sameText(e.className, row.className),
      )
    ) {
      emit(
        'HISTORY_DUPLICATE',
        `/history/${h}`,
        HISTORY_WHERE,
        { kind: 'record', field: 'history' },
        params,
        label,
      );
      return;
    }
    if (!pageLabels.has(label) && !leftMidYear(row)) {
      emit(
        'HISTORY_NO_YEAR',
        `/history/${h}`,
        HISTORY_WHERE,
        { kind: 'record', field: 'history' },
        params,
        label,
      );
    }
    const before = earlier.at(-1);
    // A merger renames the school around the pupil: no transfer, so no arrival date to ask for.
    const merged = before?.leavingReason === 'sap-nhap';
    if (before && !merged && !sameText(before.school, row.school) && blank(row.enrolledOn)) {
      emit(
        'ENROLLED_MISSING',
        `/history/${h}/enrolledOn`,
        HISTORY_WHERE,
        { kind: 'record', field: 'history' },
        { schoolYear: label, from: before.school, school: row.school },
        label,
      );
    }
    checkRowDates(ctx, row, h, start, before);
  });
}

function checkRowDates(
  { config, emit }: CrossYearContext,
  row: HistoryRow,
  h: number,
  start: number,
  before: HistoryRow | undefined,
): void {
  const label = row.schoolYear.trim();
  const window = yearWindow(start, config);
  const target = { kind: 'record', field: 'history' } as const;
  const day = (field: 'enrolledOn' | 'leftOn', what: [string, string]): string | undefined => {
    const value = row[field];
    if (blank(value)) return undefined;
    const parsed = isoDay(value as string);
    if (!parsed) {
      emit(
        'DATE_INVALID',
        `/history/${h}/${field}`,
        HISTORY_WHERE,
        target,
        { value: value as string },
        label,
      );
      return undefined;
    }
    if (parsed < window.from || parsed > window.to) {
      emit(
        'DATE_OUTSIDE_YEAR',
        `/history/${h}/${field}`,
        HISTORY_WHERE,
        target,
        {
          schoolYear: label,
          what: what[0],
          whatEn: what[1],
          value: parsed,
          from: window.from,
          to: window.to,
        },
        label,
      );
    }
    return parsed;
  };
  const arrived = day('enrolledOn', ['ngày nhập học / chuyển đến', 'arrival date']);
  const left = day('leftOn', ['ngày chuyển đi', 'leaving date']);
  const inconsistent = (path: string, reason: string, reasonEn: string) =>
    emit('HISTORY_INCONSISTENT', path, HISTORY_WHERE, target, { schoolYear: label, reason, reasonEn }, label);
  if (arrived && left && left < arrived) {
    inconsistent(
      `/history/${h}/leftOn`,
      `rời ${row.school} ngày ${left}, trước ngày đến ${arrived}`,
      `left ${row.school} on ${left}, before arriving on ${arrived}`,
    );
  }
  if (!blank(row.leftOn) && !row.leavingReason) {
    inconsistent(
      `/history/${h}/leavingReason`,
      `rời ${row.school} mà không ghi lý do`,
      `left ${row.school} with no reason recorded`,
    );
  } else if (row.leavingReason && blank(row.leftOn)) {
    inconsistent(
      `/history/${h}/leftOn`,
      `ghi lý do rời ${row.school} mà không ghi ngày`,
      `a reason for leaving ${row.school} but no date`,
    );
  }
  const prevLeft = before && !blank(before.leftOn) ? isoDay(before.leftOn as string) : undefined;
  if (prevLeft && arrived && arrived < prevLeft) {
    inconsistent(
      `/history/${h}/enrolledOn`,
      `đến ${row.school} ngày ${arrived}, trước khi rời ${before?.school} ngày ${prevLeft}`,
      `arrived at ${row.school} on ${arrived}, before leaving ${before?.school} on ${prevLeft}`,
    );
  }
}
