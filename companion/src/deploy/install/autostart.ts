/**
 * Starting the companion at login, per platform. Linux: a systemd user unit
 * (Restart=on-failure) when `systemctl --user` answers, else an XDG autostart entry (desktop
 * sessions without a systemd user manager). Windows: a Run value naming hocba-companion.exe,
 * the windowless launcher that restarts the companion (the same value the NSIS installer
 * writes). macOS: a LaunchAgent with KeepAlive, a plan only.
 */
import { join } from 'node:path';
import type { Bilingual } from '@hocba/shared/errors';
import { hocbaCommand } from '../command-name.js';
import type { CommandRunner } from './command-runner.js';
import { installError } from './errors.js';
import type { Launcher } from './launcher.js';
import type { AutostartKind, PlannedCommand, PlannedFile } from './plan.js';

/** What the unit, the autostart entry and the plist all call: the service's name. */
export const SERVICE_NAME = 'hocba-companion';
/** The Run value the NSIS installer writes too (scripts/windows/installer.mjs): one autostart, not two. */
export const WINDOWS_RUN_KEY_PATH = 'Software\\Microsoft\\Windows\\CurrentVersion\\Run';
export const WINDOWS_RUN_VALUE = 'HocBaCompanion';
const WINDOWS_RUN_KEY = `HKCU\\${WINDOWS_RUN_KEY_PATH}`;
const LAUNCH_AGENT_LABEL = 'vn.hocba.companion';

/** systemd's quoting: each argument in double quotes, `\` and `"` escaped, `%` doubled. */
function systemdQuote(arg: string): string {
  return `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;
}

/** Desktop Entry Exec quoting (same reserved characters; `%` is a field code there too). */
function desktopQuote(arg: string): string {
  return `"${arg
    .replace(/\\/g, '\\\\\\\\')
    .replace(/(["`$])/g, '\\\\$1')
    .replace(/%/g, '%%')}"`;
}

function windowsQuote(arg: string): string {
  return `"${arg.replace(/"/g, '\\"')}"`;
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `systemctl --user` reachable: a user manager runs for this session. */
export function systemdUserAvailable(run: CommandRunner): boolean {
  const result = run(['systemctl', '--user', 'show-environment']);
  return result.status === 0;
}

export interface AutostartPlan {
  autostart: AutostartKind;
  files: PlannedFile[];
  commands: PlannedCommand[];
  stopCommands: PlannedCommand[];
  cleanupCommands: PlannedCommand[];
  warnings: Bilingual[];
}

export function planAutostart(options: {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  dataDir: string;
  launcher: Launcher;
  /** node, script, `serve --data-dir <dataDir>`: what autostart runs. */
  serveArgs: string[];
  autostart: AutostartKind | undefined;
  run: CommandRunner;
  /** Only for plans: the user id macOS' launchctl needs. */
  uid: number | undefined;
}): AutostartPlan {
  const { platform, env, home, dataDir, launcher, serveArgs, run } = options;
  const files: PlannedFile[] = [];
  const commands: PlannedCommand[] = [];
  const stopCommands: PlannedCommand[] = [];
  const cleanupCommands: PlannedCommand[] = [];
  const warnings: Bilingual[] = [];
  let autostart: AutostartKind;
  if (platform === 'linux') {
    autostart = options.autostart ?? (systemdUserAvailable(run) ? 'systemd' : 'xdg');
    const configHome = env.XDG_CONFIG_HOME || join(home, '.config');
    if (autostart === 'systemd') {
      const unit = join(configHome, 'systemd', 'user', `${SERVICE_NAME}.service`);
      files.push({
        path: unit,
        mode: 0o644,
        what: { vi: 'dịch vụ systemd của người dùng', en: 'systemd user unit' },
        content: [
          '# Written by `hocba install`; removed by `hocba uninstall`.',
          '[Unit]',
          'Description=Học bạ số: chương trình ký / signing companion',
          '',
          '[Service]',
          'Type=simple',
          `ExecStart=${serveArgs.map(systemdQuote).join(' ')}`,
          // A token driver crash must not leave the school without signing until the next login.
          'Restart=on-failure',
          'RestartSec=5',
          '',
          '[Install]',
          'WantedBy=default.target',
          '',
        ].join('\n'),
      });
      commands.push(
        {
          argv: ['systemctl', '--user', 'daemon-reload'],
          what: { vi: 'nạp lại systemd', en: 'reload systemd' },
        },
        {
          argv: ['systemctl', '--user', 'enable', '--now', `${SERVICE_NAME}.service`],
          what: { vi: 'bật và chạy ngay', en: 'enable and start now' },
        },
      );
      stopCommands.push({
        argv: ['systemctl', '--user', 'disable', '--now', `${SERVICE_NAME}.service`],
        what: { vi: 'dừng và tắt tự khởi động', en: 'stop and disable' },
      });
      cleanupCommands.push({
        argv: ['systemctl', '--user', 'daemon-reload'],
        what: { vi: 'nạp lại systemd', en: 'reload systemd' },
      });
    } else if (autostart === 'xdg') {
      files.push({
        path: join(configHome, 'autostart', `${SERVICE_NAME}.desktop`),
        mode: 0o644,
        what: { vi: 'tự khởi động khi đăng nhập (XDG)', en: 'XDG autostart entry' },
        content: [
          '# Written by `hocba install`; removed by `hocba uninstall`.',
          '[Desktop Entry]',
          'Type=Application',
          'Name=Học bạ số (chương trình ký)',
          'Comment=Signing companion for the Học bạ số extension',
          `Exec=${serveArgs.map(desktopQuote).join(' ')}`,
          'Terminal=false',
          'NoDisplay=true',
          'X-GNOME-Autostart-enabled=true',
          '',
        ].join('\n'),
      });
      warnings.push({
        vi: `Không có systemd cho người dùng: chương trình ký sẽ tự chạy từ lần đăng nhập sau (hoặc chạy “${hocbaCommand(platform)} serve” ngay bây giờ).`,
        en: `No systemd user manager: the companion starts at the next login (or run “${hocbaCommand(platform)} serve” now).`,
      });
    } else throw installError('UNSUPPORTED_PLATFORM', { platform: `${platform}/${autostart}` });
  } else if (platform === 'win32') {
    // A Run key needs no administrator (a logon Scheduled Task does) and is per user, as wanted.
    // It names the windowless launcher, which restarts the companion when it exits; node.exe
    // itself would open a console window that a teacher closes (docs/install.md).
    autostart = 'windowsRunKey';
    const args = ['--data-dir', dataDir];
    if (!launcher.windowless)
      warnings.push({
        vi: 'Không thấy hocba-companion.exe cạnh node.exe: chương trình ký sẽ chạy trong một cửa sổ dòng lệnh khi đăng nhập và không tự chạy lại. Hãy cài bằng hocba-so-setup-<phiên bản>.exe.',
        en: 'No hocba-companion.exe beside node.exe: the companion will run in a console window at login and is not restarted. Install with hocba-so-setup-<version>.exe.',
      });
    const commandLine = (launcher.windowless ? [launcher.windowless, ...args] : serveArgs)
      .map(windowsQuote)
      .join(' ');
    commands.push({
      argv: ['reg', 'add', WINDOWS_RUN_KEY, '/v', WINDOWS_RUN_VALUE, '/t', 'REG_SZ', '/d', commandLine, '/f'],
      what: { vi: 'tự chạy khi đăng nhập (khoá Run)', en: 'start at login (Run key)' },
    });
    stopCommands.push({
      argv: ['reg', 'delete', WINDOWS_RUN_KEY, '/v', WINDOWS_RUN_VALUE, '/f'],
      what: { vi: 'xoá khoá Run', en: 'remove the Run key' },
    });
  } else if (platform === 'darwin') {
    autostart = 'launchAgent';
    const plist = join(home, 'Library', 'LaunchAgents', `${LAUNCH_AGENT_LABEL}.plist`);
    const uid = options.uid ?? process.getuid?.() ?? 501;
    files.push({
      path: plist,
      mode: 0o644,
      what: { vi: 'LaunchAgent của người dùng', en: 'user LaunchAgent' },
      content: [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
        '<plist version="1.0"><dict>',
        `  <key>Label</key><string>${LAUNCH_AGENT_LABEL}</string>`,
        '  <key>ProgramArguments</key><array>',
        ...serveArgs.map((a) => `    <string>${xmlEscape(a)}</string>`),
        '  </array>',
        '  <key>RunAtLoad</key><true/>',
        '  <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>',
        '</dict></plist>',
        '',
      ].join('\n'),
    });
    commands.push({
      argv: ['launchctl', 'bootstrap', `gui/${uid}`, plist],
      what: { vi: 'nạp LaunchAgent', en: 'load the LaunchAgent' },
    });
    stopCommands.push({
      argv: ['launchctl', 'bootout', `gui/${uid}/${LAUNCH_AGENT_LABEL}`],
      what: { vi: 'dừng LaunchAgent', en: 'unload the LaunchAgent' },
    });
  } else throw installError('UNSUPPORTED_PLATFORM', { platform });
  return { autostart, files, commands, stopCommands, cleanupCommands, warnings };
}
