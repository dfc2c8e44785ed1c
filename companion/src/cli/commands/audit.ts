/** `hocba audit verify`: checks the audit log's hash chain; exit 0 intact, 1 broken or missing. */
import { verifyAuditLog } from '../../audit/index.js';
import { loadConfig } from '../../config/index.js';
import { dataPaths } from '../../server/companion.js';
import type { Command } from '../main.js';
import { type ParsedArgs, parse, usageError } from './args.js';

const USAGE = 'Cách dùng / usage: hocba audit verify [--data-dir DIR] [--file PATH] [--json]';

export const auditCommand: Command = {
  name: 'audit',
  summary: { vi: 'Kiểm tra nhật ký kiểm toán', en: 'Verify the audit log' },
  async run(args) {
    let parsed: ParsedArgs;
    try {
      parsed = parse(args, {
        'data-dir': { type: 'string' },
        file: { type: 'string' },
        json: { type: 'boolean' },
      });
    } catch (error) {
      return usageError({ vi: 'Tuỳ chọn không hợp lệ', en: (error as Error).message }, USAGE);
    }
    if (parsed.positionals[0] !== 'verify')
      return usageError({ vi: 'Thiếu lệnh con verify', en: 'missing subcommand verify' }, USAGE);
    const v = parsed.values as Record<string, string | boolean | undefined>;
    const path =
      typeof v.file === 'string'
        ? v.file
        : dataPaths(loadConfig(typeof v['data-dir'] === 'string' ? { dataDir: v['data-dir'] } : {}).dataDir)
            .audit;
    const verdict = verifyAuditLog(path);
    if (v.json) console.log(JSON.stringify({ path, ...verdict }));
    else if (verdict.status === 'intact')
      console.log(
        `Nhật ký nguyên vẹn: ${verdict.lines} dòng. / Audit log intact: ${verdict.lines} lines. (${path})`,
      );
    else if (verdict.status === 'missing')
      console.error(`Không có nhật ký tại ${path}. / No audit log at ${path}.`);
    else
      console.error(
        `Nhật ký đã bị sửa hoặc xoá dòng: lỗi ở dòng ${verdict.line} (${verdict.reason}). / Audit log tampered: line ${verdict.line} (${verdict.reason}). (${path})`,
      );
    return verdict.status === 'intact' ? 0 : 1;
  },
};
