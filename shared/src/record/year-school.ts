import type { HocBaRecord, SchoolYearRecord } from './schema.js';

export const LEAVING_REASON_LABELS = {
  'chuyen-truong': { vi: 'Chuyển trường', en: 'Transfer' },
  'sap-nhap': { vi: 'Sáp nhập trường', en: 'School merger' },
  'tam-nghi': { vi: 'Tạm nghỉ học', en: 'Break from school' },
  'thoi-hoc': { vi: 'Thôi học', en: 'Dropped out' },
  khac: { vi: 'Lý do khác', en: 'Other reason' },
} as const;

/**
 * The school a year was studied at: the page's own, else its last history row's (the
 * school where the year ended), else the record's current school.
 */
export function schoolOfYear(record: HocBaRecord, year: SchoolYearRecord): { name: string; code: string } {
  if (year.school) return year.school;
  const row = record.history.findLast((h) => h.schoolYear.trim() === year.schoolYear.trim());
  return row
    ? { name: row.school, code: row.schoolCode ?? '' }
    : { name: record.school.name, code: record.school.code };
}
