/**
 * `hocba install` and `hocba uninstall` (companion/src/deploy/install.ts does the work): what
 * they print is for the IT technician at the school PC, Vietnamese first.
 */
import { isHocbaError } from '@hocba/shared/errors';
import {
  type AutostartKind,
  applyInstall,
  type InstallPlan,
  planInstall,
  uninstall,
} from '../../deploy/install.js';
import type { Command } from '../command.js';
import { parseCommand, usageError } from './args.js';
import { configOverrides } from './config-options.js';
import { checkTimestampOptions, timestampOption } from './timestamp-options.js';

const INSTALL_USAGE = `Cách dùng / usage: hocba install [--module PATH] [--tsa URL [--level B-T|B-LT]] [--data-dir DIR] [--autostart systemd|xdg] [--dry-run] [--json]
  --tsa        máy chủ dấu thời gian RFC 3161 của trường/Sở (ký mức B-T) / the school's or province's RFC 3161 time-stamp server (B-T)
  --level      B-LT: thêm cả dữ liệu thu hồi (OCSP) vào tệp / B-LT: also embed revocation data (OCSP)
  --module     thư viện PKCS#11 của token / the token's PKCS#11 module (mặc định: tự tìm / found automatically)
  --autostart  Linux: systemd (mặc định khi có / default when available) hoặc/or xdg
  --dry-run    chỉ in các tệp và lệnh, không làm gì / print files and commands, change nothing
  --platform   (với --dry-run) xem kế hoạch cho win32|darwin|linux / show the plan for another OS
  mã thoát / exit: 0 đã cài / installed, 1 bị từ chối hoặc một lệnh cài không thành / refused or an install command failed, 2 sai cách dùng / usage error
Ví dụ / examples:
  hocba install --dry-run               # xem trước, không thay đổi gì / preview, change nothing
  hocba install                         # tự chạy khi đăng nhập, tìm driver token / start at login, find the token drivers
  hocba install --module /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so --dry-run
  hocba install --dry-run --platform win32     # kế hoạch cho Windows / the plan on Windows`;

const UNINSTALL_USAGE = `Cách dùng / usage: hocba uninstall [--data-dir DIR] [--purge] [--dry-run] [--json]
  --purge      xoá cả thư mục dữ liệu (tệp đã ký, nhật ký kiểm toán, ghép nối) / also delete the data folder
  Không có --purge: tệp đã ký, nhật ký kiểm toán và ghép nối được giữ / without it they are kept.
  mã thoát / exit: 0 đã gỡ / removed, 1 chưa cài / not installed, 2 sai cách dùng / usage error
Ví dụ / examples:
  hocba uninstall --dry-run             # xem trước / preview
  hocba uninstall                       # gỡ đúng những gì install đã thêm / remove what install added`;

const PLATFORMS = ['linux', 'win32', 'darwin'] as const;

/** A command as one would type it: arguments with spaces or quotes in single quotes. */
function displayCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./\\-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function printPlan(plan: InstallPlan, dryRun: boolean): void {
  const head = dryRun
    ? 'Chạy thử: không thay đổi gì. Lệnh thật sẽ / Dry run: nothing changed. A real run would:'
    : 'Đã cài / Installed:';
  console.log(head);
  const module =
    plan.module.status === 'notFound'
      ? 'chưa tìm thấy / not found'
      : plan.module.modules.map((m) => `${m.path} (${m.vendor})`).join('; ');
  console.log(`  Thư viện PKCS#11 / PKCS#11 module: ${module}`);
  console.log(`  Thư mục dữ liệu / data folder: ${plan.dataDir}`);
  console.log(`  Tự khởi động / autostart: ${plan.autostart}`);
  for (const file of plan.files) {
    console.log(
      `  ${dryRun ? 'ghi / write' : 'đã ghi / wrote'}: ${file.path}  (${file.what.vi} / ${file.what.en})`,
    );
    if (dryRun) for (const line of file.content.trimEnd().split('\n')) console.log(`      | ${line}`);
  }
  console.log(
    `  ${dryRun ? 'ghi / write' : 'đã ghi / wrote'}: ${plan.manifestPath}  (danh sách để gỡ / uninstall manifest)`,
  );
  for (const command of plan.commands)
    console.log(
      `  ${dryRun ? 'chạy / run' : 'đã chạy / ran'}: ${displayCommand(command.argv)}  (${command.what.vi} / ${command.what.en})`,
    );
  for (const warning of plan.warnings) console.log(`  Lưu ý: ${warning.vi}\n  Note: ${warning.en}`);
}

export const installCommand: Command = {
  name: 'install',
  summary: {
    vi: 'Cài tự khởi động khi đăng nhập, chọn thư viện token, ghi cấu hình',
    en: 'Start at login, choose the token module, write the configuration',
  },
  async run(args) {
    const parsed = parseCommand(
      args,
      {
        module: { type: 'string' },
        tsa: { type: 'string' },
        level: { type: 'string' },
        'data-dir': { type: 'string' },
        autostart: { type: 'string' },
        platform: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      INSTALL_USAGE,
    );
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const dryRun = Boolean(v['dry-run']);
    if (v.autostart !== undefined && v.autostart !== 'systemd' && v.autostart !== 'xdg')
      return usageError(
        { vi: '--autostart: systemd hoặc xdg', en: '--autostart: systemd or xdg' },
        INSTALL_USAGE,
      );
    const timestampError = checkTimestampOptions(v, INSTALL_USAGE);
    if (timestampError !== undefined) return timestampError;
    const platform = v.platform as NodeJS.Platform | undefined;
    if (platform !== undefined && (!dryRun || !PLATFORMS.includes(platform as (typeof PLATFORMS)[number])))
      return usageError(
        {
          vi: '--platform chỉ dùng với --dry-run (linux, win32, darwin)',
          en: '--platform only with --dry-run (linux, win32, darwin)',
        },
        INSTALL_USAGE,
      );
    let plan: InstallPlan;
    try {
      plan = planInstall({
        // --data-dir and --module as every command reads them (install declares no --config).
        ...configOverrides(v),
        ...timestampOption(v),
        ...(v.autostart ? { autostart: v.autostart as AutostartKind } : {}),
        ...(platform ? { platform } : {}),
      });
    } catch (error) {
      if (!isHocbaError(error)) throw error;
      console.error(`${error.vi}\n${error.en}`);
      return 1;
    }
    if (dryRun) {
      if (v.json)
        console.log(
          JSON.stringify({ dryRun: true, ...plan, commands: plan.commands.map((c) => c.argv) }, null, 2),
        );
      else printPlan(plan, true);
      return 0;
    }
    const result = applyInstall(plan);
    const failed = result.commands.filter((c) => c.status !== 0);
    if (v.json)
      console.log(
        JSON.stringify(
          { dryRun: false, ...plan, written: result.written, commands: result.commands },
          null,
          2,
        ),
      );
    else {
      printPlan(plan, false);
      for (const c of failed)
        console.log(
          `  Lệnh không thành công / command failed: ${displayCommand(c.argv)} (${c.status ?? 'không chạy được / not run'}) ${c.stderr}`,
        );
      console.log('Kiểm tra bằng / check with: hocba doctor');
    }
    return failed.length ? 1 : 0;
  },
};

export const uninstallCommand: Command = {
  name: 'uninstall',
  summary: {
    vi: 'Gỡ đúng những gì "hocba install" đã thêm (--purge: cả dữ liệu)',
    en: 'Remove exactly what "hocba install" added (--purge: the data too)',
  },
  async run(args) {
    const parsed = parseCommand(
      args,
      {
        'data-dir': { type: 'string' },
        purge: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      UNINSTALL_USAGE,
    );
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    try {
      const dryRun = Boolean(v['dry-run']);
      const result = uninstall({
        ...configOverrides(v),
        purge: Boolean(v.purge),
        dryRun,
      });
      if (v.json) console.log(JSON.stringify({ dryRun, ...result }, null, 2));
      else {
        console.log(
          dryRun ? 'Chạy thử: không thay đổi gì / Dry run: nothing changed' : 'Đã gỡ / Uninstalled:',
        );
        for (const c of result.commands)
          console.log(`  ${dryRun ? 'chạy / run' : 'đã chạy / ran'}: ${displayCommand(c.argv)}`);
        for (const path of result.removed)
          console.log(`  ${dryRun ? 'xoá / remove' : 'đã xoá / removed'}: ${path}`);
        for (const k of result.kept) console.log(`  giữ lại / kept: ${k.path} (${k.why.vi} / ${k.why.en})`);
      }
      return 0;
    } catch (error) {
      if (!isHocbaError(error)) throw error;
      console.error(`${error.vi}\n${error.en}`);
      return 1;
    }
  },
};
