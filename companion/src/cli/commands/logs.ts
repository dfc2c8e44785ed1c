/** `hocba logs [--lines N] [--errors] [--json]`: the companion's recent log, readable. */

import { dataPaths } from '../../config/data-paths.js';
import { loadConfig } from '../../config/index.js';
import { formatLogEntry, readLogEntries } from '../../deploy/logs.js';
import type { Command } from '../command.js';
import { parseCommand, usageError } from './args.js';
import { configOverrides } from './config-options.js';

const USAGE = `Cách dùng / usage: hocba logs [--lines N] [--errors] [--json] [--data-dir DIR]
  --lines   số dòng cuối / last N entries (mặc định/default 50)
  --errors  chỉ lỗi / errors only
Ví dụ / examples:
  hocba logs                            # 50 dòng cuối / the last 50 entries
  hocba logs --errors --lines 20        # 20 lỗi gần nhất / the 20 latest errors`;

export const logsCommand: Command = {
  name: 'logs',
  summary: { vi: 'Xem nhật ký gần đây của chương trình ký', en: 'Show the companion’s recent log' },
  async run(args) {
    const parsed = parseCommand(
      args,
      {
        lines: { type: 'string', short: 'n' },
        errors: { type: 'boolean' },
        json: { type: 'boolean' },
        'data-dir': { type: 'string' },
      },
      USAGE,
    );
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const lines = typeof v.lines === 'string' ? Number(v.lines) : 50;
    if (!Number.isInteger(lines) || lines < 1)
      return usageError(
        { vi: 'Số dòng phải là số nguyên dương', en: '--lines must be a positive integer' },
        USAGE,
      );
    const config = loadConfig(configOverrides(v));
    const dir = dataPaths(config.dataDir).logs;
    const entries = readLogEntries(dir, { errorsOnly: Boolean(v.errors), lines });
    if (v.json) {
      console.log(
        JSON.stringify(
          entries.map(({ line: _line, ...rest }) => rest),
          null,
          2,
        ),
      );
      return 0;
    }
    if (entries.length === 0) {
      console.log(
        v.errors
          ? `Không có lỗi nào trong nhật ký (${dir}). / No errors in the log.`
          : `Nhật ký trống hoặc chưa có (${dir}). / The log is empty or absent.`,
      );
      return 0;
    }
    for (const entry of entries) console.log(formatLogEntry(entry));
    return 0;
  },
};
