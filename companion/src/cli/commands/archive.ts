/**
 * `hocba archive status [FOLDER]` lists the signed files whose newest time-stamp must be
 * renewed (and by when); `hocba archive restamp [FOLDER]` adds a document time-stamp (B-LTA)
 * to each, with the revocation data of the earlier ones, keeping every earlier version under
 * FOLDER/.versions/. FOLDER defaults to the companion's archive.
 */
import { existsSync } from 'node:fs';
import { isHocbaError } from '@hocba/shared/errors';
import { archiveStatus, restampFile, type StampState } from '../../archive/restamp.js';
import { AuditLog } from '../../audit/index.js';
import { dataPaths } from '../../config/data-paths.js';
import { httpUrlSchema, loadConfig } from '../../config/index.js';
import type { Command } from '../command.js';
import { parseCommand, usageError } from './args.js';
import { configOverrides } from './config-options.js';

const USAGE = `Cách dùng / usage: hocba archive status [THƯ_MỤC] [--margin-days N] [--at YYYY-MM-DD] [--json] [--data-dir DIR]
       hocba archive restamp [THƯ_MỤC] [--tsa URL] [--margin-days N] [--all] [--data-dir DIR]
  status   tệp nào cần đóng dấu thời gian lưu trữ và trước ngày nào / which files need an archive time-stamp, and by when
  restamp  thêm dấu thời gian tài liệu (B-LTA) cho các tệp đó; bản cũ giữ trong .versions/
           / add a document time-stamp (B-LTA) to them; earlier versions kept in .versions/
  --margin-days  đóng dấu trước khi chứng thư TSA hết hạn bao nhiêu ngày (mặc định 365) / days before the TSA certificate's expiry (default 365)
  --all          đóng dấu mọi tệp đã ký, kể cả chưa đến hạn / restamp every signed file, due or not
  mã thoát / exit: 0 xong / done, 1 có tệp không đóng dấu được hoặc không đọc được thư mục / a file not restamped or the folder unreadable, 2 sai cách dùng hoặc config.json hỏng / usage error or a broken config.json
Ví dụ / examples:
  hocba archive status                  # kho lưu của máy này / this PC's archive
  hocba archive status --margin-days 90
  hocba archive restamp --tsa http://tsa.example.vn/tsa     # cần máy chủ dấu thời gian / needs a time-stamp server`;

function line(s: StampState): string {
  const due = s.dueBy
    ? `cần trước / due by ${s.dueBy.slice(0, 10)} (TSA hết hạn / expires ${s.expires?.slice(0, 10)})`
    : '';
  const what = s.problem
    ? `không đọc được / unreadable: ${s.problem}`
    : s.level === 'unsigned'
      ? 'chưa ký / not signed'
      : s.level === 'B-B' && !s.lastTimestamp
        ? 'không có dấu thời gian: chỉ chứng minh được từ lần đóng dấu tới / no time-stamp: provable only from the next stamp on'
        : `dấu thời gian mới nhất / newest time-stamp ${s.lastTimestamp}; ${due}`;
  return `${s.needsRestamp ? '!' : ' '} ${s.file}  ${s.level}  ${what}`;
}

export const archiveCommand: Command = {
  name: 'archive',
  summary: {
    vi: 'Kho lưu: tình trạng dấu thời gian, đóng dấu thời gian lưu trữ (B-LTA)',
    en: 'Archive: time-stamp status, archive time-stamps (B-LTA)',
  },
  async run(args) {
    const parsed = parseCommand(
      args,
      {
        tsa: { type: 'string' },
        'margin-days': { type: 'string' },
        at: { type: 'string' },
        all: { type: 'boolean' },
        json: { type: 'boolean' },
        'data-dir': { type: 'string' },
      },
      USAGE,
    );
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const [sub, folderArg, ...extra] = parsed.positionals;
    if ((sub !== 'status' && sub !== 'restamp') || extra.length > 0)
      return usageError({ vi: 'Cần "status" hoặc "restamp"', en: '"status" or "restamp" is needed' }, USAGE);
    const marginDays = v['margin-days'] === undefined ? 365 : Number(v['margin-days']);
    if (!Number.isInteger(marginDays) || marginDays < 0 || marginDays > 3650)
      return usageError({ vi: '--margin-days: 0 đến 3650', en: '--margin-days: 0 to 3650' }, USAGE);
    const now = typeof v.at === 'string' ? new Date(v.at) : new Date();
    if (Number.isNaN(now.getTime()))
      return usageError({ vi: `--at không phải ngày: ${v.at}`, en: `--at is not a date: ${v.at}` }, USAGE);
    // An unreadable config.json is a typed error: main says it and exits 2, as for every command.
    const config = loadConfig(configOverrides(v));
    const paths = dataPaths(config.dataDir);
    const folder = folderArg ?? paths.archive;
    let states: StampState[];
    if (!existsSync(folder)) {
      // A folder given by hand that is not there is a typo; this PC's archive before its first
      // signature is simply empty.
      if (folderArg !== undefined)
        return usageError({ vi: `Không có thư mục ${folder}`, en: `No folder ${folder}` }, USAGE);
      states = [];
      if (!v.json)
        console.log(
          `Chưa có tệp nào được ký trên máy này (chưa có kho lưu ${folder}). / Nothing signed on this PC yet (no archive at ${folder}).`,
        );
    } else
      try {
        states = archiveStatus(folder, { now, marginDays });
      } catch (error) {
        console.error(`Không đọc được thư mục / cannot read the folder ${folder}: ${String(error)}`);
        return 1;
      }
    if (sub === 'status') {
      if (v.json) console.log(JSON.stringify({ folder, at: now.toISOString(), files: states }, null, 2));
      else {
        for (const s of states) console.log(line(s));
        const due = states.filter((s) => s.needsRestamp).length;
        console.log(`Cần đóng dấu lưu trữ / need an archive time-stamp: ${due} / ${states.length}`);
      }
      return 0;
    }
    const url = typeof v.tsa === 'string' ? v.tsa : config.timestamp?.url;
    if (!url || !httpUrlSchema.safeParse(url).success)
      return usageError(
        {
          vi: 'Cần máy chủ dấu thời gian: --tsa URL hoặc "timestamp" trong config.json',
          en: 'A time-stamp server is needed: --tsa URL or "timestamp" in config.json',
        },
        USAGE,
      );
    const audit = new AuditLog(paths.audit);
    const todo = states.filter((s) => !s.problem && s.level !== 'unsigned' && (v.all || s.needsRestamp));
    let failed = 0;
    for (const s of todo) {
      try {
        const r = await restampFile(folder, s.file, { timestampUrl: url });
        const after = archiveStatus(folder, { now: new Date(), marginDays }).find((x) => x.file === s.file);
        audit.append({
          event: 'archive.restamped',
          archived: s.file,
          previous: r.previous,
          previousSha256: r.previousSha256,
          sha256: r.sha256,
          timestampUntil: after?.expires ?? '',
        });
        console.log(
          `✓ ${s.file}  B-LTA${r.revocationProblem ? ` (thiếu dữ liệu thu hồi / revocation data missing: ${r.revocationProblem})` : ''}  bản cũ / previous: ${r.previous}`,
        );
      } catch (error) {
        failed++;
        console.error(`✗ ${s.file}: ${isHocbaError(error) ? error.toString() : String(error)}`);
      }
    }
    console.log(`Đã đóng dấu / restamped: ${todo.length - failed} / ${todo.length}`);
    return failed > 0 ? 1 : 0;
  },
};
