/**
 * `hocba check <file.json|dir>... [--json]`: the Thông tư 27 checks on record files (one
 * record, an array of records or a class export per file). Exit 0 when every record is
 * complete (warnings allowed), 1 when some are not, 2 on bad input (unreadable, not JSON,
 * not the record format) with every problem, and 2 when there is no record at all.
 */
import { enCount, isHocbaError } from '@hocba/shared/errors';
import { MAX_RECORDS_FILE_BYTES, parseRecordsBytes, type RecordIssue } from '@hocba/shared/record';
import { checkFilledRecord, type Finding } from '@hocba/shared/rules';
import type { Command } from '../command.js';
import { collectFiles, readBoundedFile } from '../files.js';
import { parseCommand, usageError } from './args.js';

const USAGE = `Cách dùng / usage: hocba check <tệp.json|thư mục>... [--json]
  kiểm tra học bạ theo Thông tư 27 / check records against Circular 27
  (một học bạ, danh sách, hoặc tệp xuất của lớp / one record, a list, or a class export)
  --json  báo cáo máy đọc được / machine-readable report
  mã thoát / exit: 0 đầy đủ / complete, 1 còn lỗi / errors found, 2 tệp hỏng hoặc sai cách dùng / bad file or usage
Ví dụ / examples:
  hocba check lop-3a                    # mọi học bạ trong thư mục / every record in the folder
  hocba check lop-3a --json             # báo cáo máy đọc được / machine-readable report`;

export interface CheckedFile {
  file: string;
  /** JSON Pointer of the record in its file: '' for a file of one record, `/3` in an array. */
  pointer: string;
  recordId: string;
  student: string;
  complete: boolean;
  findings: Finding[];
}

export interface BadFile {
  file: string;
  /** Set when one record of an array or class file is bad (the others are still checked). */
  pointer?: string;
  /** The first problem (kept for tools that read only one). */
  error: { vi: string; en: string; path?: string };
  /** Every problem, each with its JSON Pointer inside the record. */
  issues?: RecordIssue[];
}

const NO_RECORD = { vi: 'không có học bạ nào', en: 'no record found' };

function badEntry(file: string, issues: readonly RecordIssue[], pointer?: string): BadFile {
  const first = issues[0];
  const more = issues.length > 1 ? ` (và ${issues.length - 1} lỗi khác)` : '';
  const moreEn = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return {
    file,
    ...(pointer ? { pointer } : {}),
    error: {
      vi: `${first?.reason.vi ?? 'Không hợp lệ'}${first?.path ? ` (tại ${first.path})` : ''}${more}`,
      en: `${first?.reason.en ?? 'Invalid'}${first?.path ? ` (at ${first.path})` : ''}${moreEn}`,
      ...(first?.path ? { path: first.path } : {}),
    },
    issues: [...issues],
  };
}

/**
 * Checks record files as schools send them (one record, an array, a class export; BOM and
 * NFD accepted). A null or absent required value is a finding at its field, not a reason to
 * skip the record; a record that does not fit the format is listed with every problem.
 */
export function checkFiles(files: readonly string[]): { checked: CheckedFile[]; bad: BadFile[] } {
  const checked: CheckedFile[] = [];
  const bad: BadFile[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      // Not a device, FIFO or folder, and within the size cap, before a byte is read.
      bytes = readBoundedFile(file, MAX_RECORDS_FILE_BYTES);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      bad.push({
        file,
        error: isHocbaError(error)
          ? { vi: error.vi, en: error.en }
          : { vi: `Không đọc được tệp (${reason})`, en: `Cannot read the file (${reason})` },
      });
      continue;
    }
    const parsed = parseRecordsBytes(bytes, { fillMissing: true });
    if (parsed.status === 'invalid') {
      bad.push(badEntry(file, parsed.issues));
      continue;
    }
    if (parsed.entries.length === 0) {
      bad.push({ file, error: { vi: `Tệp ${NO_RECORD.vi}`, en: `The file holds ${NO_RECORD.en}` } });
      continue;
    }
    for (const { pointer, result } of parsed.entries) {
      if (result.status === 'invalid') {
        bad.push(badEntry(file, result.issues, pointer));
        continue;
      }
      const findings = checkFilledRecord(result.record, result.filled);
      checked.push({
        file,
        pointer,
        recordId: result.record.recordId,
        student: result.record.student.fullName,
        complete: !findings.some((f) => f.severity === 'error'),
        findings,
      });
    }
  }
  return { checked, bad };
}

/** The `--json` shape: stable, documented in docs/record-format.md. */
export function toJsonReport(checked: CheckedFile[], bad: BadFile[]) {
  return {
    records: checked.map((c) => ({
      file: c.file,
      ...(c.pointer ? { pointer: c.pointer } : {}),
      recordId: c.recordId,
      student: c.student,
      complete: c.complete,
      findings: c.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        path: f.path,
        target: f.target,
        where: f.where,
        message: f.message,
      })),
    })),
    errors: bad,
  };
}

const place = (file: string, pointer?: string) => (pointer ? `${file}#${pointer}` : file);

/** Enough to fix a file by hand; --json has them all. */
const MAX_ISSUES_SHOWN = 30;

function printReport(checked: CheckedFile[], bad: BadFile[]): void {
  for (const item of checked) {
    const errors = item.findings.filter((f) => f.severity === 'error').length;
    const warnings = item.findings.length - errors;
    const mark = item.complete ? (warnings ? '!' : '✓') : '✗';
    console.log(
      `${mark} ${item.student} (${item.recordId}) — ${errors} lỗi, ${warnings} cảnh báo  [${place(item.file, item.pointer)}]`,
    );
    for (const f of item.findings) {
      const kind = f.severity === 'error' ? 'lỗi' : 'cảnh báo';
      console.log(`    [${kind}] ${f.where.vi}: ${f.message.vi} (${f.rule})`);
    }
  }
  for (const item of bad) {
    const issues = item.issues ?? [];
    if (issues.length <= 1) {
      console.log(`✗ ${place(item.file, item.pointer)}: ${item.error.vi} / ${item.error.en}`);
      continue;
    }
    console.log(
      `✗ ${place(item.file, item.pointer)}: ${issues.length} lỗi định dạng / ${enCount(issues.length, 'format problem', 'format problems')}`,
    );
    for (const issue of issues.slice(0, MAX_ISSUES_SHOWN)) {
      console.log(`    ${issue.path || '/'}: ${issue.reason.vi} / ${issue.reason.en}`);
    }
    if (issues.length > MAX_ISSUES_SHOWN) {
      console.log(
        `    … và ${issues.length - MAX_ISSUES_SHOWN} lỗi khác (xem --json) / and more (see --json)`,
      );
    }
  }
  const complete = checked.filter((c) => c.complete).length;
  console.log(
    `\nĐã kiểm tra ${checked.length + bad.length} học bạ: ${complete} đầy đủ, ${checked.length - complete} còn lỗi, ${bad.length} tệp không đọc được.`,
  );
  console.log(
    `Checked ${enCount(checked.length + bad.length, 'record', 'records')}: ${complete} complete, ${checked.length - complete} with errors, ${bad.length} unreadable.`,
  );
}

export const checkCommand: Command = {
  name: 'check',
  summary: { vi: 'Kiểm tra học bạ theo Thông tư 27', en: 'Check records against Circular 27' },
  async run(args) {
    const parsed = parseCommand(args, { json: { type: 'boolean' } }, USAGE);
    if (typeof parsed === 'number') return parsed;
    const json = parsed.values.json === true;
    const paths = parsed.positionals;
    if (paths.length === 0)
      return usageError(
        { vi: 'Cần ít nhất một tệp hoặc thư mục', en: 'at least one file or folder is needed' },
        USAGE,
      );
    // A path that cannot be read is reported with the others, not a reason to stop.
    const files: string[] = [];
    const unreadable: BadFile[] = [];
    for (const path of paths) {
      try {
        files.push(...collectFiles([path], '.json'));
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? String(error);
        unreadable.push({
          file: path,
          error: { vi: `Không đọc được (${reason})`, en: `Cannot read (${reason})` },
        });
      }
    }
    const { checked, bad: badFiles } = checkFiles(files);
    const bad = [...badFiles, ...unreadable];
    if (checked.length === 0 && bad.length === 0) {
      // An empty folder or a list with no record must not look like a class with no problem.
      if (json)
        console.log(JSON.stringify({ records: [], errors: [{ file: paths.join(' '), error: NO_RECORD }] }));
      console.error(`Không có học bạ nào trong ${paths.join(', ')} / no record found in ${paths.join(', ')}`);
      return 2;
    }
    if (json) {
      console.log(JSON.stringify(toJsonReport(checked, bad), null, 2));
    } else {
      printReport(checked, bad);
    }
    if (bad.length > 0) return 2;
    return checked.every((c) => c.complete) ? 0 : 1;
  },
};
