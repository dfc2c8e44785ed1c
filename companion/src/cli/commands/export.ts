/**
 * `hocba export --csdl <file.json|dir>... [--out FILE]`: one CSV row per student, school
 * year and subject, with the column names of the sector database (CSDL ngành giáo dục)
 * where they are known, so a school can hand our records to the Sở/Phòng's import tools.
 * Column names marked "guessed" in docs/record-format.md were not found in a public spec.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { enCount } from '@hocba/shared/errors';
import {
  approvalText,
  type HocBaRecord,
  parseRecordsBytes,
  type SchoolYearRecord,
  schoolOfYear,
  subjectInfo,
} from '@hocba/shared/record';
import type { Command } from '../command.js';
import { collectFiles } from '../files.js';
import { parseCommand, usageError } from './args.js';

const USAGE = `Cách dùng / usage: hocba export --csdl <tệp.json|thư mục>... [--out tệp.csv]
  --csdl  theo cột của CSDL ngành giáo dục / in the sector database's columns
  --out   ghi vào tệp (mặc định: ra màn hình) / write to a file (default: standard output)
Ví dụ / examples:
  hocba export --csdl lop-3a --out lop-3a.csv        # cả lớp vào một tệp CSV / the whole class into one CSV`;

/** Our field → the sector database's column. */
export const CSDL_COLUMNS = [
  ['madinhdanhhocba', (r: HocBaRecord) => r.recordId],
  ['mahocsinh', (r: HocBaRecord) => r.student.studentCode],
  ['sodinhdanhcanhan', (r: HocBaRecord) => r.student.citizenId],
  ['hoten', (r: HocBaRecord) => r.student.fullName],
  ['ngaysinh', (r: HocBaRecord) => r.student.dateOfBirth],
  ['gioitinh', (r: HocBaRecord) => (r.student.gender === 'nu' ? 'Nữ' : 'Nam')],
  ['dantoc', (r: HocBaRecord) => r.student.ethnicity],
  ['matruong', (r: HocBaRecord) => r.school.code],
  ['tentruong', (r: HocBaRecord) => r.school.name],
] as const;

export const CSDL_YEAR_COLUMNS = [
  'namhoc',
  'khoi',
  'lop',
  'mamonhoc',
  'tenmonhoc',
  'mucdatduoc',
  'diemktdk',
  'nhanxet',
  'ketquagiaoduc',
  'hoanthanhchuongtrinh',
  'lenlop',
  // Added with the Thông tư 27 details (names guessed, see docs/record-format.md).
  'ngonngu',
  'lydodanhgia',
  'ketquadanhgiabosung',
  'xacnhanhieutruong',
] as const;

function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function reassessmentCell(year: SchoolYearRecord): string {
  const result = year.reassessment?.result;
  return result === 'completed' ? '1' : result === 'not-completed' ? '0' : '';
}

export function recordToCsdlRows(record: HocBaRecord): string[][] {
  const head = CSDL_COLUMNS.map(([, get]) => get(record));
  const schoolAt = CSDL_COLUMNS.findIndex(([name]) => name === 'matruong');
  const rows: string[][] = [];
  for (const year of record.years) {
    // Each year under the school it was studied at (a transfer, a merger), not today's.
    const school = schoolOfYear(record, year);
    const yearHead = head.toSpliced(schoolAt, 2, school.code || record.school.code, school.name);
    for (const subject of year.subjects) {
      rows.push([
        ...yearHead,
        year.schoolYear,
        String(year.grade),
        year.className,
        subject.code,
        subjectInfo(subject.code)?.label.vi ?? subject.code,
        subject.level ?? '',
        subject.score === null ? '' : String(subject.score),
        subject.comment,
        year.rating ?? '',
        year.completion === 'completed' ? '1' : year.completion === 'not-completed' ? '0' : '',
        year.promotion === 'retained' ? '0' : year.promotion ? '1' : '',
        subject.language ?? '',
        year.ratingReason ?? '',
        reassessmentCell(year),
        approvalText(year.signatures.principal),
      ]);
    }
  }
  return rows;
}

export function toCsdlCsv(records: readonly HocBaRecord[]): string {
  const header = [...CSDL_COLUMNS.map(([name]) => name), ...CSDL_YEAR_COLUMNS];
  const lines = [header, ...records.flatMap(recordToCsdlRows)].map((row) => row.map(csvCell).join(','));
  // BOM: Excel on Windows (what a school office opens CSV with) reads UTF-8 only with it.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export const exportCommand: Command = {
  name: 'export',
  summary: { vi: 'Xuất học bạ sang CSDL ngành (CSV)', en: 'Export records for the sector database (CSV)' },
  async run(args) {
    const parsed = parseCommand(args, { csdl: { type: 'boolean' }, out: { type: 'string' } }, USAGE);
    if (typeof parsed === 'number') return parsed;
    const out = typeof parsed.values.out === 'string' ? parsed.values.out : undefined;
    const rest = parsed.positionals;
    if (parsed.values.csdl !== true)
      return usageError(
        { vi: 'Cần --csdl (định dạng xuất)', en: '--csdl (the export format) is needed' },
        USAGE,
      );
    if (rest.length === 0)
      return usageError(
        { vi: 'Cần ít nhất một tệp hoặc thư mục', en: 'at least one file or folder is needed' },
        USAGE,
      );
    const records: HocBaRecord[] = [];
    try {
      for (const file of collectFiles(rest, '.json')) {
        // Files as schools keep them (BOM, arrays, class exports); exported only when valid.
        const parsed = parseRecordsBytes(readFileSync(file));
        const entries = parsed.status === 'ok' ? parsed.entries : [];
        const bad =
          parsed.status === 'invalid'
            ? { pointer: '', issues: parsed.issues }
            : entries
                .map((e) => ({
                  pointer: e.pointer,
                  issues: e.result.status === 'invalid' ? e.result.issues : [],
                }))
                .find((e) => e.issues.length > 0);
        if (bad) {
          const first = bad.issues[0];
          const where = `${file}${bad.pointer ? `#${bad.pointer}` : ''}`;
          console.error(
            `${where}: ${bad.issues.length} lỗi, đầu tiên ${first?.reason.vi} (${first?.path || '/'}) / ${bad.issues.length} problem(s), first ${first?.reason.en}`,
          );
          return 2;
        }
        for (const e of entries) if (e.result.status === 'ok') records.push(e.result.record);
      }
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      console.error(`Không đọc được tệp (${reason}) / cannot read a file (${reason})`);
      return 2;
    }
    if (records.length === 0) {
      console.error('Không có học bạ nào để xuất / no record to export');
      return 2;
    }
    const csv = toCsdlCsv(records);
    if (out) {
      writeFileSync(out, csv);
      console.log(
        `Đã xuất ${records.length} học bạ vào ${out} / exported ${enCount(records.length, 'record', 'records')} to ${out}`,
      );
    } else {
      process.stdout.write(csv);
    }
    return 0;
  },
};
