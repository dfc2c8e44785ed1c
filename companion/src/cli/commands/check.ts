/**
 * `hocba check <file.json|dir>... [--json]`: the Thông tư 27 checks on record files.
 * Exit 0 when every record is complete (warnings allowed), 1 when some are not, 2 on bad
 * input (unreadable, not JSON, not the record format), with the reason.
 */
import { readFileSync, statSync } from 'node:fs';
import { MAX_RECORD_BYTES, parseRecordText } from '@hocba/shared/record';
import { checkRecord, type Finding } from '@hocba/shared/rules';
import { collectFiles } from '../files.js';
import type { Command } from '../main.js';

export interface CheckedFile {
  file: string;
  recordId: string;
  student: string;
  complete: boolean;
  findings: Finding[];
}

export interface BadFile {
  file: string;
  error: { vi: string; en: string; path?: string };
}

function readRecordFile(file: string): { record: ReturnType<typeof parseRecordText> } | BadFile {
  const size = statSync(file).size;
  if (size > MAX_RECORD_BYTES) {
    return {
      file,
      error: {
        vi: `Tệp quá lớn (${size} byte, tối đa ${MAX_RECORD_BYTES} byte)`,
        en: `File too large (${size} bytes, at most ${MAX_RECORD_BYTES})`,
      },
    };
  }
  return { record: parseRecordText(readFileSync(file, 'utf8')) };
}

export function checkFiles(files: readonly string[]): { checked: CheckedFile[]; bad: BadFile[] } {
  const checked: CheckedFile[] = [];
  const bad: BadFile[] = [];
  for (const file of files) {
    let read: ReturnType<typeof readRecordFile>;
    try {
      read = readRecordFile(file);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      bad.push({
        file,
        error: { vi: `Không đọc được tệp (${reason})`, en: `Cannot read the file (${reason})` },
      });
      continue;
    }
    if ('error' in read) {
      bad.push(read);
      continue;
    }
    const result = read.record;
    if (result.status === 'invalid') {
      const first = result.issues[0];
      bad.push({
        file,
        error: {
          vi: `${first?.reason.vi ?? 'Không hợp lệ'}${first?.path ? ` (tại ${first.path})` : ''}`,
          en: `${first?.reason.en ?? 'Invalid'}${first?.path ? ` (at ${first.path})` : ''}`,
          ...(first?.path ? { path: first.path } : {}),
        },
      });
      continue;
    }
    const findings: Finding[] = checkRecord(result.record);
    checked.push({
      file,
      recordId: result.record.recordId,
      student: result.record.student.fullName,
      complete: !findings.some((f) => f.severity === 'error'),
      findings,
    });
  }
  return { checked, bad };
}

/** The `--json` shape: stable, documented in docs/record-format.md. */
export function toJsonReport(checked: CheckedFile[], bad: BadFile[]) {
  return {
    records: checked.map((c) => ({
      file: c.file,
      recordId: c.recordId,
      student: c.student,
      complete: c.complete,
      findings: c.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        path: f.path,
        message: f.message,
      })),
    })),
    errors: bad,
  };
}

function printReport(checked: CheckedFile[], bad: BadFile[]): void {
  for (const item of checked) {
    const errors = item.findings.filter((f) => f.severity === 'error').length;
    const warnings = item.findings.length - errors;
    const mark = item.complete ? (warnings ? '!' : '✓') : '✗';
    console.log(
      `${mark} ${item.student} (${item.recordId}) — ${errors} lỗi, ${warnings} cảnh báo  [${item.file}]`,
    );
    for (const f of item.findings) {
      const kind = f.severity === 'error' ? 'lỗi' : 'cảnh báo';
      console.log(`    [${kind}] ${f.where.vi}: ${f.message.vi} (${f.rule})`);
    }
  }
  for (const item of bad) console.log(`✗ ${item.file}: ${item.error.vi} / ${item.error.en}`);
  const complete = checked.filter((c) => c.complete).length;
  console.log(
    `\nĐã kiểm tra ${checked.length + bad.length} học bạ: ${complete} đầy đủ, ${checked.length - complete} còn lỗi, ${bad.length} tệp không đọc được.`,
  );
  console.log(
    `Checked ${checked.length + bad.length} records: ${complete} complete, ${checked.length - complete} with errors, ${bad.length} unreadable.`,
  );
}

export const checkCommand: Command = {
  name: 'check',
  summary: { vi: 'Kiểm tra học bạ theo Thông tư 27', en: 'Check records against Circular 27' },
  async run(args) {
    const json = args.includes('--json');
    const unknown = args.find((a) => a.startsWith('--') && a !== '--json');
    const paths = args.filter((a) => !a.startsWith('--'));
    if (unknown || paths.length === 0) {
      console.error(
        unknown
          ? `Tuỳ chọn không có: ${unknown} / unknown option: ${unknown}`
          : 'Cách dùng / usage: hocba check <tệp.json|thư mục>... [--json]',
      );
      return 2;
    }
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
    if (json) {
      console.log(JSON.stringify(toJsonReport(checked, bad), null, 2));
    } else {
      printReport(checked, bad);
    }
    if (bad.length > 0) return 2;
    return checked.every((c) => c.complete) ? 0 : 1;
  },
};
