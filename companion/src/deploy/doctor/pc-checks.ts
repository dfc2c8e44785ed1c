/**
 * The PC side of the doctor: Node itself, the pairings and who holds the port, the data
 * folder (writable, disk space), autostart, and the log's recent errors. The only side
 * effect is a probe file in the data folder, removed at once.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataPaths } from '../../config/data-paths.js';
import type { CompanionConfig } from '../../config/index.js';
import { type Pairing, PairingStore } from '../../pairing/index.js';
import {
  type CommandRunner,
  MANIFEST_FILE,
  runCommand,
  WINDOWS_RUN_KEY_PATH,
  WINDOWS_RUN_VALUE,
} from '../install.js';
import { readLogEntries } from '../logs.js';
import { finding } from './findings.js';
import { EXTENSION_ORIGIN, probePort } from './port.js';
import { type Check, type CheckDraft, type CheckStatus, check } from './report.js';

/** How a pairing was made, in the technician's words. */
const PAIRING_SOURCE: Record<'code' | 'config', string> = {
  code: 'ghép bằng mã “hocba pair” / paired with a code',
  config: 'ghép sẵn trong config.json / provisioned in config.json',
};

const MIN_FREE_BYTES_ERROR = 100 * 1024 * 1024;
const MIN_FREE_BYTES_WARNING = 1024 * 1024 * 1024;

function humanBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/** Node itself: the launcher needs a Node with the features the companion uses. */
export function nodeCheck(): Check {
  const major = Number(process.versions.node.split('.')[0]);
  return check({
    id: 'node',
    title: { vi: 'Node.js', en: 'Node.js' },
    status: major >= 20 ? 'ok' : 'error',
    summary: `${process.versions.node} (${process.execPath})`,
    ...(major >= 20 ? {} : { findings: [finding('NODE_TOO_OLD', { version: process.versions.node })] }),
  });
}

/** How the companion should have been started here, from `hocba install`'s manifest: the fix differs. */
function notRunningCode(
  dataDir: string,
): 'COMPANION_NOT_RUNNING' | 'COMPANION_NOT_RUNNING_SYSTEMD' | 'COMPANION_NOT_RUNNING_XDG' {
  try {
    const { autostart } = JSON.parse(readFileSync(join(dataDir, MANIFEST_FILE), 'utf8')) as {
      autostart?: unknown;
    };
    if (autostart === 'systemd') return 'COMPANION_NOT_RUNNING_SYSTEMD';
    if (autostart === 'xdg') return 'COMPANION_NOT_RUNNING_XDG';
  } catch {
    // Not installed (or a manifest that cannot be read): the general advice.
  }
  return 'COMPANION_NOT_RUNNING';
}

/** The command that names the program listening on a port, as typed on the platform. */
export function portFinder(port: number, platform: NodeJS.Platform): string {
  if (platform === 'win32')
    return `netstat -ano | findstr :${port}, rồi tìm PID trong Task Manager / then find the PID in Task Manager`;
  if (platform === 'darwin') return `lsof -nP -iTCP:${port} -sTCP:LISTEN`;
  return `ss -ltnp 'sport = :${port}'`;
}

/** Pairings, then who answers on the port. */
export async function pairingAndPortChecks(
  config: CompanionConfig,
  platform: NodeJS.Platform = process.platform,
): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (draft: CheckDraft) => checks.push(check(draft));
  const store = new PairingStore(config.dataDir, config.pairings);
  let pairings: Pairing[];
  let broken: string | undefined;
  try {
    pairings = store.list();
  } catch (error) {
    // A pairings.json that does not parse: said with its path, and the port still probed.
    broken = error instanceof Error ? error.message : String(error);
    pairings = [];
  }
  const pairingsFile = join(config.dataDir, 'pairings.json');
  add({
    id: 'pairing',
    title: { vi: 'Ghép nối với tiện ích', en: 'Extension pairing' },
    status: broken ? 'error' : pairings.length ? 'ok' : 'warning',
    summary: broken
      ? `${pairingsFile}: hỏng / broken`
      : pairings.length
        ? pairings.map((p) => `${p.id} ${p.origin} (${PAIRING_SOURCE[p.source]})`).join('; ')
        : 'chưa ghép nối / not paired',
    ...(broken
      ? { findings: [finding('PAIRINGS_INVALID', { path: pairingsFile, reason: broken }, platform)] }
      : pairings.length
        ? {}
        : { findings: [finding('NOT_PAIRED', {}, platform)] }),
  });
  const probe = await probePort(config.port, pairings[0]?.origin ?? EXTENSION_ORIGIN);
  const portTitle = { vi: `Cổng 127.0.0.1:${config.port}`, en: `Port 127.0.0.1:${config.port}` };
  if (probe.state === 'companion')
    add({
      id: 'port',
      title: portTitle,
      status: 'ok',
      summary: `chương trình ký ${probe.version} đang chạy / companion ${probe.version} running (protocol ${probe.protocol})`,
    });
  else if (probe.state === 'free')
    add({
      id: 'port',
      title: portTitle,
      status: 'warning',
      summary: 'trống / free',
      findings: [
        platform === 'win32'
          ? finding(
              'COMPANION_NOT_RUNNING_WINDOWS',
              { port: config.port, launcher: join(dirname(process.execPath), 'hocba-companion.exe') },
              platform,
            )
          : finding(notRunningCode(config.dataDir), { port: config.port }, platform),
      ],
    });
  else if (probe.state === 'refused' && pairings.length === 0)
    // Nothing is paired yet: the companion refuses every extension until "hocba pair" opens
    // a pairing window. That is the expected state of a fresh install, reported once above.
    add({
      id: 'port',
      title: portTitle,
      status: 'ok',
      summary:
        'chương trình ký đang chạy, chờ ghép nối / a program answers like the companion and waits for pairing (403)',
    });
  else if (probe.state === 'refused')
    add({
      id: 'port',
      title: portTitle,
      status: 'warning',
      summary: 'từ chối ghép nối / refused (403)',
      findings: [finding('COMPANION_UNCONFIRMED', { port: config.port }, platform)],
    });
  else
    add({
      id: 'port',
      title: portTitle,
      status: 'error',
      summary: `chương trình khác / another program (${probe.answer})`,
      findings: [
        finding(
          'PORT_TAKEN',
          {
            port: config.port,
            answer: probe.answer,
            config: config.configPath,
            finder: portFinder(config.port, platform),
          },
          platform,
        ),
      ],
    });

  return checks;
}

/** The data folder is writable and its disk has room. */
export function storageChecks(config: CompanionConfig): Check[] {
  const checks: Check[] = [];
  const add = (draft: CheckDraft) => checks.push(check(draft));
  const dataTitle = { vi: 'Thư mục dữ liệu', en: 'Data folder' };
  try {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const probeFile = join(config.dataDir, `.doctor-${randomBytes(4).toString('hex')}`);
    writeFileSync(probeFile, 'ok');
    rmSync(probeFile);
    add({
      id: 'dataDir',
      title: dataTitle,
      status: 'ok',
      summary: `${config.dataDir} (ghi được / writable)`,
    });
  } catch (error) {
    add({
      id: 'dataDir',
      title: dataTitle,
      status: 'error',
      summary: config.dataDir,
      findings: [
        finding('DATA_DIR_NOT_WRITABLE', {
          path: config.dataDir,
          reason: (error as NodeJS.ErrnoException).code ?? String(error),
        }),
      ],
    });
  }
  const diskTitle = { vi: 'Dung lượng đĩa', en: 'Disk space' };
  try {
    const stats = statfsSync(existsSync(config.dataDir) ? config.dataDir : '.');
    const free = stats.bavail * stats.bsize;
    const status: CheckStatus =
      free < MIN_FREE_BYTES_ERROR ? 'error' : free < MIN_FREE_BYTES_WARNING ? 'warning' : 'ok';
    add({
      id: 'disk',
      title: diskTitle,
      status,
      summary: `${humanBytes(free)} trống / free`,
      ...(status === 'ok'
        ? {}
        : { findings: [finding('DISK_LOW', { path: config.dataDir, free: humanBytes(free) })] }),
      details: { freeBytes: free },
    });
  } catch (error) {
    add({
      id: 'disk',
      title: diskTitle,
      status: 'skipped',
      summary: '-',
      findings: [finding('DISK_UNKNOWN', { path: config.dataDir, reason: String(error) })],
    });
  }

  return checks;
}

/**
 * Windows: the Run value the installer (or `hocba install`) writes, per user (HKCU) or for
 * all users (HKLM); what it names. Undefined when neither has it.
 */
export function windowsRunValue(
  run: CommandRunner = runCommand,
): { hive: string; command: string } | undefined {
  for (const hive of ['HKCU', 'HKLM']) {
    const result = run(['reg', 'query', `${hive}\\${WINDOWS_RUN_KEY_PATH}`, '/v', WINDOWS_RUN_VALUE]);
    const line = result.stdout
      .split(/\r?\n/)
      .find((l) => l.includes(WINDOWS_RUN_VALUE) && l.includes('REG_'));
    if (result.status === 0 && line) return { hive, command: line.replace(/^.*REG_\w+\s+/, '').trim() };
  }
  return undefined;
}

export function autostartCheck(
  config: CompanionConfig,
  platform: NodeJS.Platform = process.platform,
  run: CommandRunner = runCommand,
): Check {
  const title = { vi: 'Tự khởi động', en: 'Autostart' };
  if (platform === 'win32') {
    const value = windowsRunValue(run);
    return check({
      id: 'autostart',
      title,
      status: value ? 'ok' : 'warning',
      summary: value
        ? `${value.hive}\\…\\Run\\${WINDOWS_RUN_VALUE}: ${value.command}`
        : 'chưa cài / not installed',
      ...(value ? {} : { findings: [finding('NOT_INSTALLED_WINDOWS', {}, platform)] }),
    });
  }
  const installed = existsSync(join(config.dataDir, MANIFEST_FILE));
  return check({
    id: 'autostart',
    title,
    status: installed ? 'ok' : 'warning',
    summary: installed ? 'đã cài / installed' : 'chưa cài / not installed',
    ...(installed ? {} : { findings: [finding('NOT_INSTALLED', {}, platform)] }),
  });
}

/** The log's last errors (how many: `limit`). */
export function logCheck(
  config: CompanionConfig,
  limit: number,
  platform: NodeJS.Platform = process.platform,
): Check {
  const errors = readLogEntries(dataPaths(config.dataDir).logs, { errorsOnly: true }).slice(-limit);
  return check({
    id: 'log',
    title: { vi: 'Lỗi gần đây trong nhật ký', en: 'Recent errors in the log' },
    status: errors.length ? 'warning' : 'ok',
    summary: errors.length ? `${errors.length} lỗi / errors` : 'không có lỗi / no errors',
    ...(errors.length ? { findings: [finding('LOG_ERRORS', { count: errors.length }, platform)] } : {}),
    details: errors.map((e) => e.line),
  });
}
