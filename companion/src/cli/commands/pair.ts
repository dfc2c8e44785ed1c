/**
 * `hocba pair`: opens a pairing window and prints the one-time code the user types in the
 * extension's options page; `--list`, `--revoke ID|ORIGIN`; `--add ORIGIN [--secret S]` for
 * IT admins and demo/test mode (prints the pairing id and secret to put in the extension's
 * managed storage). Works whether or not the companion runs: it reads the same files.
 */
import { join } from 'node:path';
import { formatPairingCode, isExtensionOrigin } from '@hocba/shared/protocol';
import { AuditLog } from '../../audit/index.js';
import { dataPaths } from '../../config/data-paths.js';
import { loadConfig } from '../../config/index.js';
import { PairingStore } from '../../pairing/index.js';
import type { Command } from '../command.js';
import { parseCommand, usageError } from './args.js';
import { configOverrides } from './config-options.js';

const USAGE = `Cách dùng / usage:
  hocba pair [--minutes N] [--json]                      mở ghép nối, in mã một lần / open pairing, print a one-time code
  hocba pair --list [--json]                             liệt kê / list pairings
  hocba pair --revoke <id|origin>                        thu hồi / revoke
  hocba pair --add <origin> [--secret S] [--label L] [--json]   ghép nối sẵn (IT, demo) / provision a pairing
  (mọi lệnh / all: [--data-dir DIR] [--config FILE])
  Chạy được cả khi chương trình ký đang chạy / works while the companion runs.
Ví dụ / examples:
  hocba pair                            # in mã 5 phút cho trang “Cài đặt Học bạ số” / a 5-minute code for the extension's settings page
  hocba pair --minutes 15               # mã 15 phút / a 15-minute code
  hocba pair --list                     # các ghép nối trên máy này / this PC's pairings
  hocba pair --revoke chrome-extension://jfholdamahenahlfmimleieloadpkmgo   # thu hồi / revoke`;

export const pairCommand: Command = {
  name: 'pair',
  summary: { vi: 'Ghép nối tiện ích với chương trình ký', en: 'Pair the extension with the companion' },
  async run(args) {
    const parsed = parseCommand(
      args,
      {
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        minutes: { type: 'string' },
        list: { type: 'boolean' },
        revoke: { type: 'string' },
        add: { type: 'string' },
        secret: { type: 'string' },
        label: { type: 'string' },
        json: { type: 'boolean' },
      },
      USAGE,
    );
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const config = loadConfig(configOverrides(v));
    const store = new PairingStore(config.dataDir, config.pairings);
    const audit = new AuditLog(dataPaths(config.dataDir).audit);
    try {
      store.list();
    } catch (error) {
      // A broken pairings.json: named, with the way out, before anything reads or writes it.
      const file = join(config.dataDir, 'pairings.json');
      const reason = error instanceof Error ? error.message : String(error);
      console.error(
        `Tệp ghép nối ${file} hỏng (${reason}). Đổi tên tệp đó (ví dụ thành pairings.json.hong) rồi chạy lại lệnh này; các tiện ích đã ghép nối cần ghép nối lại.\n` +
          `The pairings file ${file} is broken (${reason}). Rename it (to pairings.json.broken, say) and run this again; paired extensions must pair again.`,
      );
      return 1;
    }

    if (v.list) {
      const list = store.list().map(({ secret: _secret, ...rest }) => rest);
      if (v.json) console.log(JSON.stringify(list, null, 2));
      else if (list.length === 0) console.log('Chưa ghép nối tiện ích nào. / No paired extension.');
      else
        for (const p of list)
          console.log(
            `${p.id}  ${p.origin}  ${p.label ?? ''}  ${p.source === 'config' ? '(cấu hình / config)' : p.createdAt}`,
          );
      return 0;
    }
    if (typeof v.revoke === 'string') {
      const removed = store.revoke(v.revoke);
      for (const p of removed) audit.append({ event: 'pairing.revoked', pairingId: p.id, origin: p.origin });
      if (removed.length === 0) {
        const configured = store
          .list()
          .some((p) => p.source === 'config' && (p.id === v.revoke || p.origin === v.revoke));
        console.error(
          configured
            ? `Ghép nối này do cấu hình quản trị đặt; hãy xoá nó trong ${config.configPath}. / This pairing comes from the admin configuration; remove it from ${config.configPath}.`
            : `Không có ghép nối ${v.revoke}. / No pairing ${v.revoke}.`,
        );
        return 1;
      }
      console.log(`Đã thu hồi / revoked: ${removed.map((p) => `${p.id} (${p.origin})`).join(', ')}`);
      return 0;
    }
    if (typeof v.add === 'string') {
      if (!isExtensionOrigin(v.add))
        return usageError(
          { vi: `Không phải nguồn của tiện ích: ${v.add}`, en: `Not an extension origin: ${v.add}` },
          USAGE,
        );
      if (typeof v.secret === 'string' && !/^[A-Za-z0-9_-]{43}$/.test(v.secret))
        return usageError(
          { vi: 'Khoá bí mật phải là 32 byte base64url', en: 'The secret must be 32 bytes, base64url' },
          USAGE,
        );
      const pairing = store.add(
        v.add,
        typeof v.label === 'string' ? v.label : undefined,
        new Date(),
        typeof v.secret === 'string' ? v.secret : undefined,
      );
      audit.append({
        event: 'pairing.created',
        pairingId: pairing.id,
        origin: pairing.origin,
        source: 'admin',
        ...(pairing.label ? { label: pairing.label } : {}),
      });
      const out = { pairingId: pairing.id, origin: pairing.origin, secret: pairing.secret };
      console.log(v.json ? JSON.stringify(out) : `pairingId=${out.pairingId}\nsecret=${out.secret}`);
      return 0;
    }
    const minutes = typeof v.minutes === 'string' ? Number(v.minutes) : config.pairingMinutes;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 30)
      return usageError({ vi: 'Số phút từ 1 đến 30', en: 'Minutes must be 1 to 30' }, USAGE);
    const window = store.openWindow(minutes);
    if (v.json)
      console.log(JSON.stringify({ code: formatPairingCode(window.code), expiresAt: window.expiresAt }));
    else
      console.log(
        `Mã ghép nối / pairing code:  ${formatPairingCode(window.code)}\n` +
          `Nhập mã này ở mục “Ghép nối” của trang “Cài đặt Học bạ số” (nhấp chuột phải vào biểu tượng Học bạ số › Tùy chọn) trong ${minutes} phút tới (dùng được một lần).\n` +
          `Enter it under “Ghép nối” in the extension's settings page, “Cài đặt Học bạ số” (right-click the Học bạ số icon › Options), within ${minutes} minutes (one use).`,
      );
    return 0;
  },
};
