/**
 * Điều 11 (support, re-assessment, the principal's decision), read as documented in
 * `catalog.ts`: a pass completes the grade; a fail leaves promotion to the principal,
 * whose decision is recorded; grade 5 completes primary only once grade 5 is completed.
 * The re-assessment date belongs to its school year (until 31 August, before the next).
 */
import { blank, type CrossYearContext, isoDay, yearStart, yearWhere } from './context.js';

export function checkReassessment({ record, emit }: CrossYearContext): void {
  record.years.forEach((year, y) => {
    // Built for a finding only: most years have none (docs/performance.md, "Thông tư 27 checks").
    const where = () =>
      yearWhere(year, { vi: 'đánh giá bổ sung (Điều 11)', en: 're-assessment (Article 11)' });
    const target = { kind: 'year', year: y, field: 'completion' } as const;
    const r = year.reassessment;
    const say = (path: string, reason: string, reasonEn: string) =>
      emit(
        'REASSESSMENT_INCONSISTENT',
        path,
        where(),
        target,
        { schoolYear: year.schoolYear, reason, reasonEn },
        year.schoolYear,
      );
    // A passed re-assessment with the pupil still retained is one finding,
    // TT27-REASSESSMENT-NOT-APPLIED at the promotion cell (outcome.ts): not repeated here.
    const passedButRetained = r?.result === 'completed' && year.promotion === 'retained';
    if (year.completion === 'completed' && year.promotion === 'retained' && !passedButRetained) {
      say(
        `/years/${y}/promotion`,
        'đã hoàn thành chương trình lớp học nhưng ghi ở lại lớp (Điều 11 chỉ xét ở lại với học sinh chưa hoàn thành)',
        'completed the grade but marked retained (Article 11 retains only pupils who did not complete)',
      );
    }
    if (r) {
      if (r.result === 'completed' && year.completion === 'not-completed' && !passedButRetained) {
        say(
          `/years/${y}/completion`,
          'đánh giá bổ sung đạt nhưng vẫn ghi chưa hoàn thành chương trình lớp học (Điều 11 khoản 2)',
          'passed the re-assessment but still marked as not completing the grade (Article 11(2))',
        );
      } else if (r.result === 'not-completed' && year.completion === 'completed') {
        say(
          `/years/${y}/completion`,
          'đánh giá bổ sung không đạt nhưng ghi hoàn thành chương trình lớp học',
          'failed the re-assessment but marked as completing the grade',
        );
      }
      if (
        year.completion === 'not-completed' &&
        year.promotion === 'promoted' &&
        r.result === 'not-completed' &&
        blank(r.decision)
      ) {
        say(
          `/years/${y}/reassessment/decision`,
          'chưa hoàn thành mà được lên lớp: cần ghi quyết định của Hiệu trưởng (Điều 11 khoản 3)',
          'promoted without completing: the principal’s decision must be recorded (Article 11(3))',
        );
      }
      if (year.grade === 5 && year.completion === 'not-completed' && year.promotion === 'completed-primary') {
        say(
          `/years/${y}/promotion`,
          'lớp 5 chưa hoàn thành chương trình lớp 5 thì không thể hoàn thành chương trình tiểu học (Điều 11 khoản 4)',
          'grade 5 not completed cannot complete primary school (Article 11(4))',
        );
      }
      const start = yearStart(year.schoolYear);
      if (!blank(r.date)) {
        const day = isoDay(r.date);
        if (!day) {
          emit(
            'DATE_INVALID',
            `/years/${y}/reassessment/date`,
            where(),
            target,
            { value: r.date },
            year.schoolYear,
          );
        } else if (start !== undefined) {
          const [from, to] = [`${start}-09-01`, `${start + 1}-08-31`];
          if (day < from || day > to) {
            emit(
              'DATE_OUTSIDE_YEAR',
              `/years/${y}/reassessment/date`,
              where(),
              target,
              {
                schoolYear: year.schoolYear,
                what: 'ngày đánh giá bổ sung',
                whatEn: 're-assessment date',
                value: day,
                from,
                to,
              },
              year.schoolYear,
            );
          }
        }
      }
    }
  });
}
