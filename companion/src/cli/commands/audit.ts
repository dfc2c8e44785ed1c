/**
 * `hocba audit verify`: checks the audit log's hash chain, its head, the heads signed by
 * the signers' tokens, heads kept elsewhere (--head, e.g. exported from the extension), and
 * the log against the batch journals and the archive. Exit 0 intact, 1 broken or missing.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { enCount } from '@hocba/shared/errors';
import { type AuditReport, verifyAudit } from '../../audit/index.js';
import { dataPaths } from '../../config/data-paths.js';
import { loadConfig } from '../../config/index.js';
import type { Command } from '../command.js';
import { parseCommand, usageError } from './args.js';
import { configOverrides } from './config-options.js';

const USAGE = `Cách dùng / usage: hocba audit verify [--data-dir DIR] [--file PATH] [--head FILE.json] [--json]
  kiểm tra chuỗi băm của nhật ký kiểm toán và các đầu nhật ký đã ký / checks the audit log's hash chain and signed heads
  --file   một nhật ký khác (bản sao) / another log file (a copy)
  --head   đầu nhật ký lưu nơi khác, vd xuất từ tiện ích (lặp lại được) / a head kept elsewhere, e.g. exported from the extension (repeatable)
  mã thoát / exit: 0 nguyên vẹn / intact, 1 không nguyên vẹn hoặc không có / not intact or missing, 2 sai cách dùng / usage error
Ví dụ / examples:
  hocba audit verify
  hocba audit verify --json`;

/** Heads kept elsewhere: one JSON object, an array of them, or one per line. */
function readHeads(path: string): unknown[] {
  const text = readFileSync(path, 'utf8').trim();
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value : [value];
  } catch {
    return text.split('\n').map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return line;
      }
    });
  }
}

function printReport(path: string, report: AuditReport): void {
  const anchored = `${report.anchors.count} đầu nhật ký đã ký số, đến dòng ${report.anchors.lastSeq} / ${enCount(report.anchors.count, 'signed head', 'signed heads')}, up to line ${report.anchors.lastSeq}`;
  if (report.status === 'intact') {
    console.log(
      `Nhật ký nguyên vẹn: ${report.lines} dòng. / Audit log intact: ${enCount(report.lines, 'line', 'lines')}. (${path})`,
    );
    console.log(`  ${anchored}`);
    if (report.anchors.signers.length) console.log(`  ${report.anchors.signers.join('; ')}`);
    if (report.unanchoredLines > 0)
      console.log(
        `  ${report.unanchoredLines} dòng sau đầu đã ký cuối cùng: chỉ phát hiện được việc cắt bớt các dòng này khi so với đầu nhật ký lưu nơi khác (--head). / ${enCount(report.unanchoredLines, 'line', 'lines')} after the last signed head: cutting them is detectable only against a head kept elsewhere (--head).`,
      );
  } else if (report.status === 'missing')
    console.error(`Không có nhật ký tại ${path}. / No audit log at ${path}.`);
  else {
    console.error(
      `Nhật ký đã bị sửa hoặc xoá dòng: lỗi ở dòng ${report.line ?? '?'} (${report.reason}). / Audit log tampered: line ${report.line ?? '?'} (${report.reason}). (${path})`,
    );
    for (const p of report.problems.slice(1))
      console.error(`  ${p.line ? `dòng / line ${p.line}: ` : ''}${p.reason}`);
  }
  for (const note of report.notes) console.error(`  Lưu ý / note: ${note}`);
}

export const auditCommand: Command = {
  name: 'audit',
  summary: { vi: 'Kiểm tra nhật ký kiểm toán', en: 'Verify the audit log' },
  async run(args) {
    const parsed = parseCommand(
      args,
      {
        'data-dir': { type: 'string' },
        file: { type: 'string' },
        head: { type: 'string', multiple: true },
        json: { type: 'boolean' },
      },
      USAGE,
    );
    if (typeof parsed === 'number') return parsed;
    if (parsed.positionals[0] !== 'verify')
      return usageError({ vi: 'Thiếu lệnh con verify', en: 'missing subcommand verify' }, USAGE);
    const v = parsed.values;
    const paths =
      typeof v.file === 'string'
        ? (() => {
            // A log copied elsewhere: its journals and archive are checked if they sit beside it.
            const byFile = dataPaths(dirname(v.file));
            return { ...byFile, audit: v.file };
          })()
        : dataPaths(loadConfig(configOverrides(v)).dataDir);
    let heads: unknown[] = [];
    for (const file of (v.head as string[] | undefined) ?? []) {
      if (!existsSync(file)) return usageError({ vi: `Không có tệp ${file}`, en: `no file ${file}` }, USAGE);
      heads = heads.concat(readHeads(file));
    }
    const report = verifyAudit({
      log: paths.audit,
      journals: paths.batches,
      archive: paths.archive,
      heads,
    });
    if (v.json) console.log(JSON.stringify({ path: paths.audit, ...report }));
    else printReport(paths.audit, report);
    return report.status === 'intact' ? 0 : 1;
  },
};
