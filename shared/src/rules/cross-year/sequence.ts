/**
 * Year sequence and grade progression (Phụ lục 1: one page per school year; Điều 11:
 * promoted pupils go up one grade, retained pupils repeat it; nothing after completing
 * primary school).
 */
import type { SchoolYearRecord } from '../../record/schema.js';
import { type CrossYearContext, leftMidYear, yearStart, yearWhere } from './context.js';

const label = (start: number) => `${start}-${start + 1}`;

const DECISION = {
  promoted: { vi: 'được lên lớp', en: 'was promoted' },
  retained: { vi: 'chưa được lên lớp (ở lại lớp)', en: 'was retained' },
  none: { vi: 'không ghi kết luận lên lớp', en: 'has no promotion decision' },
} as const;

export function checkSequence({ record, emit }: CrossYearContext): void {
  const seen = new Map<string, SchoolYearRecord>();
  let prev: { year: SchoolYearRecord; start: number } | undefined;
  let completedIn: string | undefined;
  record.years.forEach((year, y) => {
    const start = yearStart(year.schoolYear);
    if (start === undefined) {
      emit(
        'YEAR_LABEL_INVALID',
        `/years/${y}/schoolYear`,
        yearWhere(year),
        { kind: 'year', year: y, field: 'schoolYear' },
        { value: year.schoolYear },
        year.schoolYear,
      );
      prev = undefined; // an unplaceable year: judge the next one on its own
      return;
    }
    const first = seen.get(year.schoolYear.trim());
    if (first) {
      emit(
        'YEAR_DUPLICATE',
        `/years/${y}`,
        yearWhere(year),
        { kind: 'year', year: y, field: 'schoolYear' },
        { schoolYear: year.schoolYear, first: first.className, second: year.className },
        year.schoolYear,
      );
      return;
    }
    seen.set(year.schoolYear.trim(), year);
    const where = { kind: 'year', year: y, field: 'schoolYear' } as const;
    if (completedIn !== undefined) {
      emit(
        'YEAR_AFTER_COMPLETION',
        `/years/${y}`,
        yearWhere(year),
        where,
        { schoolYear: year.schoolYear, completedIn },
        year.schoolYear,
      );
      return;
    }
    if (year.promotion === 'completed-primary') completedIn = year.schoolYear;
    if (!prev) {
      prev = { year, start };
      return;
    }
    const before = prev;
    if (start <= before.start) {
      emit(
        'YEAR_SEQUENCE',
        `/years/${y}/schoolYear`,
        yearWhere(year),
        where,
        {
          reason: `Năm học ${year.schoolYear} ghi sau năm học ${before.year.schoolYear} nhưng không muộn hơn`,
          reasonEn: `School year ${year.schoolYear} is written after ${before.year.schoolYear} but is not later`,
        },
        year.schoolYear,
      );
      return;
    }
    prev = { year, start };
    if (start > before.start + 1) {
      // A break is recorded when the pupil left (break, dropped out) in one of the years between.
      const recorded = record.history.some((row) => {
        const s = yearStart(row.schoolYear);
        return s !== undefined && s >= before.start && s < start && leftMidYear(row);
      });
      if (!recorded) {
        const missing = Array.from({ length: start - before.start - 1 }, (_, i) =>
          label(before.start + 1 + i),
        );
        emit(
          'YEAR_GAP',
          `/years/${y}/schoolYear`,
          yearWhere(year),
          where,
          { missing: missing.join(', '), before: before.year.schoolYear, after: year.schoolYear },
          missing[0],
        );
        return; // the missing pages explain the grades; no progression judgement across them
      }
    }
    checkProgression(before.year, year, y, emit);
  });
}

function checkProgression(
  prev: SchoolYearRecord,
  year: SchoolYearRecord,
  y: number,
  emit: CrossYearContext['emit'],
): void {
  const [pg, g] = [prev.grade, year.grade];
  if (!Number.isInteger(pg) || !Number.isInteger(g) || pg < 1 || pg > 5 || g < 1 || g > 5) return;
  const decision =
    prev.promotion === 'promoted' ? 'promoted' : prev.promotion === 'retained' ? 'retained' : 'none';
  const allowed = decision === 'promoted' ? [pg + 1] : decision === 'retained' ? [pg] : [pg, pg + 1];
  const params = {
    schoolYear: year.schoolYear,
    grade: g,
    previous: prev.schoolYear,
    previousGrade: pg,
    decision: DECISION[decision].vi,
    decisionEn: DECISION[decision].en,
  };
  const target = { kind: 'year', year: y, field: 'grade' } as const;
  if (allowed.includes(g)) return;
  if (decision !== 'retained' && g === pg + 2) {
    emit('GRADE_SKIPPED', `/years/${y}/grade`, yearWhere(year), target, params, year.schoolYear);
    return;
  }
  emit('GRADE_PROGRESSION', `/years/${y}/grade`, yearWhere(year), target, params, year.schoolYear);
}
