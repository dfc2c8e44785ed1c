/**
 * A transfer set: the files of one or more students handed to a receiving school (one file
 * per school year, or one with all years). Groups them by student, checks that identity
 * fields agree across files, and lists the grades present and missing (1 to the highest seen).
 */
import { type Bilingual, enCount } from '../../errors/index.js';
import type { HocBaRecord } from '../../record/index.js';
import { displayText } from '../report/display-text.js';
import type { DocumentReport } from '../report/index.js';

export const IDENTITY_FIELDS = [
  'fullName',
  'dateOfBirth',
  'gender',
  'citizenId',
  'studentCode',
  'placeOfBirth',
] as const;

export interface StudentTransfer {
  /** The key files were grouped by: citizen id, else student code, else name + birth date. */
  key: string;
  fullName: string;
  files: string[];
  /** Files whose record is not covered by a passing signature. */
  unsignedFiles: string[];
  grades: { grade: number; schoolYear: string; file: string }[];
  missingGrades: number[];
  /** Identity fields that differ between files, with every value seen. */
  mismatches: { field: (typeof IDENTITY_FIELDS)[number]; values: { value: string; file: string }[] }[];
  status: 'CONSISTENT' | 'INCONSISTENT';
  message: Bilingual;
}

/** What grouping needs of a file's report (a batch keeps only this per file, not the report). */
export interface TransferInput {
  file: string;
  report: Pick<DocumentReport, 'verdict'> & {
    record: { signed: boolean; record: TransferRecord | null } | null;
  };
}
type TransferRecord = Pick<HocBaRecord, 'student' | 'years'>;

/** The part of a report `groupTransferSet` reads: identity fields and grades, no marks. */
export function transferInput(file: string, report: DocumentReport): TransferInput {
  const rec = report.record?.record;
  if (!rec || !report.record) return { file, report: { verdict: report.verdict, record: null } };
  const student = {} as HocBaRecord['student'];
  for (const k of IDENTITY_FIELDS)
    if (rec.student[k] !== undefined) (student as Record<string, unknown>)[k] = rec.student[k];
  const years = rec.years.map((y) => ({ grade: y.grade, schoolYear: y.schoolYear })) as HocBaRecord['years'];
  return {
    file,
    report: { verdict: report.verdict, record: { signed: report.record.signed, record: { student, years } } },
  };
}

export function groupTransferSet(files: readonly TransferInput[]): StudentTransfer[] {
  const groups = new Map<string, { file: string; record: TransferRecord; signed: boolean }[]>();
  // Group by every identifier, so one typo in one identifier is reported, not split into two students.
  const keyOf = (r: TransferRecord) => {
    for (const [k, list] of groups) {
      const first = list[0]?.record.student;
      if (!first) continue;
      const s = r.student;
      const same =
        (s.citizenId && s.citizenId === first.citizenId) ||
        (s.studentCode && s.studentCode === first.studentCode) ||
        (s.fullName === first.fullName && s.dateOfBirth === first.dateOfBirth);
      if (same) return k;
    }
    return r.student.citizenId || r.student.studentCode || `${r.student.fullName}|${r.student.dateOfBirth}`;
  };
  for (const { file, report } of files) {
    const rec = report.record?.record;
    if (!rec) continue;
    const key = keyOf(rec);
    const list = groups.get(key) ?? [];
    list.push({ file, record: rec, signed: report.record?.signed === true && report.verdict === 'valid' });
    groups.set(key, list);
  }
  const out: StudentTransfer[] = [];
  for (const [key, list] of groups) {
    const mismatches: StudentTransfer['mismatches'] = [];
    for (const field of IDENTITY_FIELDS) {
      const values = list.map((x) => ({ value: String(x.record.student[field] ?? ''), file: x.file }));
      if (new Set(values.map((v) => v.value.normalize('NFC').trim())).size > 1)
        mismatches.push({ field, values });
    }
    const byGrade = new Map<number, { grade: number; schoolYear: string; file: string }>();
    for (const x of list)
      for (const y of x.record.years)
        byGrade.set(y.grade, { grade: y.grade, schoolYear: y.schoolYear, file: x.file });
    const grades = [...byGrade.values()].sort((a, b) => a.grade - b.grade);
    const top = Math.max(0, ...grades.map((g) => g.grade));
    const missingGrades: number[] = [];
    for (let g = 1; g <= top; g++) if (!byGrade.has(g)) missingGrades.push(g);
    // The record's words in a sentence of the summary: made safe to show (display-text.ts).
    const fullName = displayText(list[0]?.record.student.fullName ?? key);
    const unsignedFiles = list.filter((x) => !x.signed).map((x) => x.file);
    const status = mismatches.length === 0 ? 'CONSISTENT' : 'INCONSISTENT';
    const missing = missingGrades.length
      ? { vi: `; thiếu lớp ${missingGrades.join(', ')}`, en: `; grades ${missingGrades.join(', ')} missing` }
      : { vi: '', en: '' };
    const message: Bilingual =
      status === 'CONSISTENT'
        ? {
            vi: `${fullName}: ${list.length} tệp, thông tin học sinh khớp nhau, có lớp ${grades.map((g) => g.grade).join(', ')}${missing.vi}.`,
            en: `${fullName}: ${enCount(list.length, 'file', 'files')}, student details agree, grades ${grades.map((g) => g.grade).join(', ')} present${missing.en}.`,
          }
        : {
            vi: `${fullName}: thông tin học sinh không khớp giữa các tệp (${mismatches.map((m) => m.field).join(', ')})${missing.vi}.`,
            en: `${fullName}: student details differ between files (${mismatches.map((m) => m.field).join(', ')})${missing.en}.`,
          };
    out.push({
      key,
      fullName,
      files: list.map((x) => x.file),
      unsignedFiles,
      grades,
      missingGrades,
      mismatches,
      status,
      message,
    });
  }
  return out;
}
