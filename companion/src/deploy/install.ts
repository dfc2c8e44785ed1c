/**
 * `hocba install` / `hocba uninstall`: makes the companion start at login for this user and
 * writes its configuration. Installing is a plan first (files to write, commands to run),
 * so `--dry-run` prints exactly what a real run does. A manifest in the data folder lists
 * what the install added, so uninstall removes exactly that and nothing the school made
 * (archive, audit log, pairings) unless `--purge`.
 *
 * Linux: a systemd user unit (Restart=on-failure) when `systemctl --user` answers, else an
 * XDG autostart entry (desktop sessions without a systemd user manager). Windows: a Run value
 * naming hocba-companion.exe, the windowless launcher that restarts the companion (the same
 * value the NSIS installer writes; smoke-tested under Wine by `npm run package -- --windows
 * --check`). macOS: a LaunchAgent with KeepAlive, a plan only.
 *
 * The token drivers are not pinned in config.json: the companion loads every known driver on
 * the PC at each start (a driver installed later counts too); only --module is written.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Bilingual, defineErrors } from '@hocba/shared/errors';
import { writeFileAtomic } from '../archive/index.js';
import { type ConfigFile, defaultDataDir, readConfigFile } from '../config/index.js';
import { findModules, type ModuleCandidate } from '../pkcs11/modules.js';
import { hocbaCommand } from './command-name.js';

export const installError = defineErrors({
  MODULE_FILE_MISSING: {
    vi: 'Không có tệp thư viện PKCS#11 {path}. Hãy cài driver của token trước, hoặc sửa đường dẫn --module.',
    en: 'The PKCS#11 module {path} does not exist. Install the token driver first, or fix the --module path.',
  },
  NOT_INSTALLED: {
    vi: 'Chương trình ký chưa được cài cho người dùng này (không có {path}); không có gì để gỡ.',
    en: 'The companion is not installed for this user (no {path}); nothing to uninstall.',
  },
  UNSUPPORTED_PLATFORM: {
    vi: 'Chưa hỗ trợ cài tự khởi động trên {platform}.',
    en: 'Autostart installation is not supported on {platform}.',
  },
});

/** What the unit, the autostart entry and the plist all call: the service's name. */
export const SERVICE_NAME = 'hocba-companion';
export const MANIFEST_FILE = 'install-manifest.json';
/** The Run value the NSIS installer writes too (scripts/windows/installer.mjs): one autostart, not two. */
export const WINDOWS_RUN_KEY_PATH = 'Software\\Microsoft\\Windows\\CurrentVersion\\Run';
export const WINDOWS_RUN_VALUE = 'HocBaCompanion';
const WINDOWS_RUN_KEY = `HKCU\\${WINDOWS_RUN_KEY_PATH}`;
const LAUNCH_AGENT_LABEL = 'vn.hocba.companion';

export type AutostartKind = 'systemd' | 'xdg' | 'windowsRunKey' | 'launchAgent';

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command; injectable so tests never touch the real systemctl, reg or launchctl. */
export type CommandRunner = (argv: readonly string[]) => CommandResult;

export const runCommand: CommandRunner = (argv) => {
  const [cmd, ...args] = argv;
  const result = spawnSync(cmd!, args, { encoding: 'utf8', timeout: 20_000 });
  return {
    status: result.error ? null : result.status,
    stdout: result.stdout ?? '',
    stderr: result.error ? result.error.message : (result.stderr ?? ''),
  };
};

/** How autostart runs the companion: absolute node and absolute script, no PATH lookup at login. */
export interface Launcher {
  node: string;
  script: string;
  /** Windows: hocba-companion.exe beside node.exe in the Windows bundle (no console window). */
  windowless?: string;
}

export function defaultLauncher(exists: (path: string) => boolean = existsSync): Launcher {
  const windowless = join(dirname(process.execPath), 'hocba-companion.exe');
  return {
    node: process.execPath,
    // dist/deploy/install.js → bin/hocba.js, the same in the repository and in the release bundle.
    script: fileURLToPath(new URL('../../bin/hocba.js', import.meta.url)),
    ...(process.platform === 'win32' && exists(windowless) ? { windowless } : {}),
  };
}

export type ModulesFound =
  | { status: 'configured' | 'found'; modules: ModuleCandidate[] }
  | { status: 'notFound'; tried: string[] };

export interface PlannedFile {
  path: string;
  content: string;
  mode: number;
  what: Bilingual;
}

export interface PlannedCommand {
  argv: string[];
  what: Bilingual;
}

export interface InstallPlan {
  platform: NodeJS.Platform;
  autostart: AutostartKind;
  dataDir: string;
  manifestPath: string;
  /** The drivers the companion will load (every known one found, plus --module). */
  module: ModulesFound;
  files: PlannedFile[];
  /** Run after the files are written. */
  commands: PlannedCommand[];
  /** Run by uninstall before the files are removed. */
  stopCommands: PlannedCommand[];
  /** Run by uninstall after the files are removed. */
  cleanupCommands: PlannedCommand[];
  warnings: Bilingual[];
}

export interface InstallOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  dataDir?: string;
  /** A PKCS#11 module path given by the technician; else chosen automatically. */
  module?: string;
  /** The school's or province's time-stamp server (config.json `timestamp`). */
  timestamp?: { url: string; level?: 'B-T' | 'B-LT' };
  autostart?: AutostartKind;
  launcher?: Launcher;
  run?: CommandRunner;
  exists?: (path: string) => boolean;
  /** Only for plans: the user id macOS' launchctl needs. */
  uid?: number;
}

export interface InstalledFile {
  path: string;
  sha256: string;
  /** false: the file existed before and the install only changed it (uninstall keeps it). */
  created: boolean;
}

export interface InstallManifest {
  version: 1;
  installedAt: string;
  platform: NodeJS.Platform;
  autostart: AutostartKind;
  files: InstalledFile[];
  stopCommands: string[][];
  cleanupCommands: string[][];
}

function homeOf(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'win32') return env.USERPROFILE || homedir();
  return env.HOME || homedir();
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

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

export function planInstall(options: InstallOptions = {}): InstallPlan {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const exists = options.exists ?? existsSync;
  const run = options.run ?? runCommand;
  const home = homeOf(env, platform);
  const dataDir = resolve(options.dataDir ?? defaultDataDir({ ...env, HOME: home }, platform));
  const launcher = options.launcher ?? defaultLauncher(exists);
  const serveArgs = [launcher.node, launcher.script, 'serve', '--data-dir', dataDir];
  const warnings: Bilingual[] = [];

  let module: ModulesFound;
  if (options.module) {
    if (!exists(options.module)) throw installError('MODULE_FILE_MISSING', { path: options.module });
    module = {
      status: 'configured',
      modules: findModules(options.module, { exists, platform }).load,
    };
  } else {
    const configPath = join(dataDir, 'config.json');
    const configured = exists(configPath) ? readConfigFile(configPath).module : undefined;
    const search = findModules(configured, { exists, platform });
    module = search.load.length
      ? { status: configured ? 'configured' : 'found', modules: search.load }
      : { status: 'notFound', tried: search.tried };
    if (module.status === 'notFound')
      warnings.push({
        vi: `Chưa tìm thấy driver (thư viện PKCS#11) của token nào đã biết. Cài driver của nhà cung cấp chứng thư số rồi chạy lại “${hocbaCommand(platform)} install”, hoặc chỉ đường dẫn bằng --module.`,
        en: `No known token driver (PKCS#11 module) was found. Install the CA vendor’s driver and run “${hocbaCommand(platform)} install” again, or give the path with --module.`,
      });
  }

  const files: PlannedFile[] = [];
  const commands: PlannedCommand[] = [];
  const stopCommands: PlannedCommand[] = [];
  const cleanupCommands: PlannedCommand[] = [];

  const configPath = join(dataDir, 'config.json');
  const existing: ConfigFile = exists(configPath) ? readConfigFile(configPath) : {};
  const moduleChanged = Boolean(options.module && existing.module !== options.module);
  const timestamp = options.timestamp
    ? {
        ...existing.timestamp,
        url: options.timestamp.url,
        ...(options.timestamp.level ? { level: options.timestamp.level } : {}),
      }
    : undefined;
  const timestampChanged =
    timestamp !== undefined && JSON.stringify(timestamp) !== JSON.stringify(existing.timestamp);
  if (moduleChanged || timestampChanged) {
    const next: ConfigFile = {
      ...existing,
      ...(moduleChanged ? { module: options.module } : {}),
      ...(timestampChanged ? { timestamp } : {}),
    };
    files.push({
      path: configPath,
      content: `${JSON.stringify(next, null, 2)}\n`,
      mode: 0o600,
      what: {
        vi: `cấu hình chương trình ký (${[moduleChanged ? 'thư viện PKCS#11' : '', timestampChanged ? 'máy chủ dấu thời gian' : ''].filter(Boolean).join(', ')})`,
        en: `companion configuration (${[moduleChanged ? 'PKCS#11 module' : '', timestampChanged ? 'time-stamp server' : ''].filter(Boolean).join(', ')})`,
      },
    });
  }

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

  return {
    platform,
    autostart,
    dataDir,
    manifestPath: join(dataDir, MANIFEST_FILE),
    module,
    files,
    commands,
    stopCommands,
    cleanupCommands,
    warnings,
  };
}

export interface AppliedCommand {
  argv: string[];
  status: number | null;
  stderr: string;
}

export interface InstallResult {
  plan: InstallPlan;
  written: InstalledFile[];
  commands: AppliedCommand[];
}

function readManifest(path: string): InstallManifest | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as InstallManifest;
}

/** Writes the plan's files, records them in the manifest, then runs its commands. */
export function applyInstall(plan: InstallPlan, run: CommandRunner = runCommand): InstallResult {
  const previous = readManifest(plan.manifestPath);
  const written: InstalledFile[] = [];
  for (const file of plan.files) {
    // A file an earlier install created is still ours to remove, even if this run rewrites it.
    const createdBefore = previous?.files.find((f) => f.path === file.path)?.created ?? false;
    const created = createdBefore || !existsSync(file.path);
    writeFileAtomic(file.path, file.content, file.mode);
    written.push({ path: file.path, sha256: sha256(file.content), created });
  }
  for (const old of previous?.files ?? []) {
    if (written.some((f) => f.path === old.path)) continue;
    // An autostart entry of an earlier install in another mode (xdg, then systemd): two
    // autostarts would race for the port, so the one this plan does not name goes.
    const isConfig = old.path === join(plan.dataDir, 'config.json');
    if (old.created && !isConfig) rmSync(old.path, { force: true });
    else written.push(old);
  }
  const manifest: InstallManifest = {
    version: 1,
    installedAt: new Date().toISOString(),
    platform: plan.platform,
    autostart: plan.autostart,
    files: written,
    stopCommands: plan.stopCommands.map((c) => c.argv),
    cleanupCommands: plan.cleanupCommands.map((c) => c.argv),
  };
  writeFileAtomic(plan.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, 0o600);
  const commands = plan.commands.map((c) => {
    const result = run(c.argv);
    return { argv: c.argv, status: result.status, stderr: result.stderr.trim() };
  });
  return { plan, written, commands };
}

export interface UninstallOptions {
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  purge?: boolean;
  run?: CommandRunner;
  dryRun?: boolean;
}

export interface UninstallResult {
  dataDir: string;
  removed: string[];
  /** Kept, with the reason in both languages. */
  kept: { path: string; why: Bilingual }[];
  commands: AppliedCommand[];
  purged: boolean;
}

/** Removes what the manifest lists (and, with purge, the whole data folder). */
export function uninstall(options: UninstallOptions = {}): UninstallResult {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const run = options.run ?? runCommand;
  const dataDir = resolve(
    options.dataDir ?? defaultDataDir({ ...env, HOME: homeOf(env, platform) }, platform),
  );
  const manifestPath = join(dataDir, MANIFEST_FILE);
  const manifest = readManifest(manifestPath);
  if (!manifest && !options.purge) throw installError('NOT_INSTALLED', { path: manifestPath });
  const result: UninstallResult = { dataDir, removed: [], kept: [], commands: [], purged: false };
  const exec = (argv: string[]) => {
    if (options.dryRun) result.commands.push({ argv, status: null, stderr: '' });
    else {
      const r = run(argv);
      result.commands.push({ argv, status: r.status, stderr: r.stderr.trim() });
    }
  };
  for (const argv of manifest?.stopCommands ?? []) exec(argv);
  for (const file of manifest?.files ?? []) {
    if (!existsSync(file.path)) continue;
    if (!file.created) {
      result.kept.push({
        path: file.path,
        why: { vi: 'đã có trước khi cài', en: 'existed before the install' },
      });
      continue;
    }
    const isConfig = file.path === join(dataDir, 'config.json');
    if (isConfig && !options.purge && sha256(readFileSync(file.path, 'utf8')) !== file.sha256) {
      // The school added pairings or settings since: not ours alone any more.
      result.kept.push({
        path: file.path,
        why: { vi: 'đã được sửa sau khi cài', en: 'changed since the install' },
      });
      continue;
    }
    if (!options.dryRun) rmSync(file.path, { force: true });
    result.removed.push(file.path);
  }
  if (manifest) {
    if (!options.dryRun) rmSync(manifestPath, { force: true });
    result.removed.push(manifestPath);
  }
  for (const argv of manifest?.cleanupCommands ?? []) exec(argv);
  if (options.purge && existsSync(dataDir)) {
    if (!options.dryRun) rmSync(dataDir, { recursive: true, force: true });
    result.removed.push(dataDir);
    result.purged = true;
  } else if (existsSync(dataDir))
    result.kept.push({
      path: dataDir,
      why: {
        vi: 'thư mục dữ liệu: lưu trữ tệp đã ký, nhật ký kiểm toán, ghép nối (xoá bằng --purge)',
        en: 'data folder: signed archive, audit log, pairings (remove with --purge)',
      },
    });
  return result;
}
