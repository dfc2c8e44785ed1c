/**
 * `hocba doctor`: one screen for the IT technician. Each check has an explicit status (ok,
 * warning, error, skipped: never a boolean, so "not checked" is never read as "fine") and
 * every finding that is not ok is a typed value with a code and a sentence saying what to do,
 * Vietnamese first. Nothing here changes the PC; the only side effect is a probe file in the
 * data folder, removed at once.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Bilingual, defineErrors, type ErrorInfo, isHocbaError } from '@hocba/shared/errors';
import type { CertificateInfo, TokenInfo } from '@hocba/shared/protocol';
import { challengeSchema } from '@hocba/shared/protocol';
import WebSocket from 'ws';
import type { CompanionConfig } from '../config/index.js';
import { PairingStore } from '../pairing/index.js';
import { chooseModule, Pkcs11Module } from '../pkcs11/index.js';
import { dataPaths } from '../server/companion.js';
import { MANIFEST_FILE } from './install.js';
import { readLogEntries } from './logs.js';

export type CheckStatus = 'ok' | 'warning' | 'error' | 'skipped';

export interface Check {
  id: string;
  title: Bilingual;
  status: CheckStatus;
  /** What was found, in plain words (paths, names, versions). */
  summary: string;
  /** Why it is not ok and how to fix it. Absent when ok. */
  findings: ErrorInfo[];
  details?: unknown;
}

export interface DoctorReport {
  version: string;
  dataDir: string;
  status: CheckStatus;
  checks: Check[];
}

/** The extension's fixed ID (manifest `key`), used to probe the port when nothing is paired yet. */
export const EXTENSION_ORIGIN = 'chrome-extension://jfholdamahenahlfmimleieloadpkmgo';
export const EXPIRY_WARNING_DAYS = 30;
const MIN_FREE_BYTES_ERROR = 100 * 1024 * 1024;
const MIN_FREE_BYTES_WARNING = 1024 * 1024 * 1024;

export const doctorFinding = defineErrors({
  MODULE_NOT_FOUND: {
    vi: 'Không tìm thấy driver (thư viện PKCS#11) của token. Cài driver của nhà cung cấp chứng thư số (xem docs/install.md) rồi chạy "hocba install", hoặc "hocba install --module <đường dẫn>".',
    en: 'No token driver (PKCS#11 module) found. Install the CA vendor’s driver (see docs/install.md) then run "hocba install", or "hocba install --module <path>".',
  },
  MODULE_FILE_MISSING: {
    vi: 'Tệp thư viện PKCS#11 {path} không tồn tại. Cài lại driver token, hoặc sửa "module" trong {config} (hocba install --module <đường dẫn đúng>).',
    en: 'The PKCS#11 module file {path} does not exist. Reinstall the token driver, or fix "module" in {config} (hocba install --module <right path>).',
  },
  MODULE_LOAD_FAILED: {
    vi: 'Không nạp được thư viện PKCS#11 {path} ({reason}). Có thể sai kiến trúc (32/64-bit) hoặc không phải thư viện PKCS#11: cài bản driver 64-bit của nhà cung cấp.',
    en: 'Could not load the PKCS#11 module {path} ({reason}). It may be the wrong architecture (32/64-bit) or not a PKCS#11 library: install the vendor’s 64-bit driver.',
  },
  NEEDS_MODULE: {
    vi: 'Chưa kiểm tra được vì thư viện PKCS#11 chưa nạp được; sửa lỗi ở trên trước.',
    en: 'Not checked because the PKCS#11 module could not be loaded; fix that first.',
  },
  NO_TOKEN: {
    vi: 'Không thấy USB token nào. Cắm token vào máy (đèn token sáng) rồi chạy lại "hocba doctor".',
    en: 'No USB token found. Plug the token in (its light on) and run "hocba doctor" again.',
  },
  TOKENS_FAILED: {
    vi: 'Không đọc được token: {reason}. Rút token ra, cắm lại và thử lại.',
    en: 'Could not read the tokens: {reason}. Unplug the token, plug it back in and retry.',
  },
  NO_SIGNING_CERTIFICATE: {
    vi: 'Token {token} không có chứng thư số nào dùng để ký được. Liên hệ nhà cung cấp chứng thư số.',
    en: 'Token {token} has no certificate that can sign. Contact the certificate provider.',
  },
  CERT_EXPIRED: {
    vi: 'Chứng thư số "{subject}" đã hết hạn ngày {date}. Liên hệ nhà cung cấp để gia hạn; chữ ký bằng chứng thư hết hạn không có giá trị.',
    en: 'The certificate "{subject}" expired on {date}. Ask the provider to renew it; signatures with an expired certificate are not valid.',
  },
  CERT_NOT_YET_VALID: {
    vi: 'Chứng thư số "{subject}" chỉ có hiệu lực từ {date}. Kiểm tra đồng hồ của máy tính.',
    en: 'The certificate "{subject}" is valid only from {date}. Check the computer’s clock.',
  },
  CERT_EXPIRING: {
    vi: 'Chứng thư số "{subject}" sẽ hết hạn ngày {date} (còn {days} ngày). Liên hệ nhà cung cấp để gia hạn sớm.',
    en: 'The certificate "{subject}" expires on {date} ({days} days left). Ask the provider to renew it soon.',
  },
  CERT_NO_SIGNING_USAGE: {
    vi: 'Chứng thư số "{subject}" không cho phép ký (thiếu digitalSignature/nonRepudiation). Dùng chứng thư khác trên token hoặc liên hệ nhà cung cấp.',
    en: 'The certificate "{subject}" does not allow signing (no digitalSignature/nonRepudiation). Use another certificate or contact the provider.',
  },
  PIN_LOCKED: {
    vi: 'PIN của token {token} đã bị khoá. Mang token đến nhà cung cấp chứng thư số để mở khoá (PUK/SO PIN).',
    en: 'The PIN of token {token} is locked. Take the token to the certificate provider to unlock it (PUK/SO PIN).',
  },
  PIN_FINAL_TRY: {
    vi: 'Token {token} chỉ còn MỘT lần thử PIN. Nhập sai lần nữa là token bị khoá: kiểm tra PIN với người giữ token trước khi ký.',
    en: 'Token {token} has ONE PIN try left. One more mistake locks it: check the PIN with its holder before signing.',
  },
  PIN_COUNT_LOW: {
    vi: 'Token {token} đã bị nhập sai PIN: còn ít lần thử. Nhập PIN cẩn thận.',
    en: 'Token {token} had wrong PINs: few tries are left. Type the PIN carefully.',
  },
  PIN_TO_BE_CHANGED: {
    vi: 'Token {token} yêu cầu đổi PIN. Đổi PIN bằng phần mềm quản lý token của nhà cung cấp.',
    en: 'Token {token} requires a PIN change. Change it with the vendor’s token manager.',
  },
  PIN_NOT_INITIALIZED: {
    vi: 'Token {token} chưa có PIN người dùng. Liên hệ nhà cung cấp chứng thư số.',
    en: 'Token {token} has no user PIN set. Contact the certificate provider.',
  },
  COMPANION_NOT_RUNNING: {
    vi: 'Chương trình ký chưa chạy (cổng {port} trống). Chạy "hocba install" để tự chạy khi đăng nhập, hoặc "systemctl --user start hocba-companion" / "hocba serve".',
    en: 'The companion is not running (port {port} is free). Run "hocba install" to start it at login, or "systemctl --user start hocba-companion" / "hocba serve".',
  },
  COMPANION_UNCONFIRMED: {
    vi: 'Cổng {port} có chương trình trả lời giống chương trình ký nhưng không nhận ghép đôi của máy này (có thể chạy với thư mục dữ liệu khác hoặc người dùng khác). Ghép đôi tiện ích ("hocba pair") rồi chạy lại.',
    en: 'Port {port} answers like the companion but refuses this PC’s pairings (another data folder or user?). Pair the extension ("hocba pair") and run again.',
  },
  PORT_TAKEN: {
    vi: 'Cổng {port} đang bị một chương trình khác dùng ({answer}). Tắt chương trình đó, hoặc đặt "port" khác trong {config} và cùng cổng đó trong chính sách của tiện ích (companionPort).',
    en: 'Port {port} is used by another program ({answer}). Stop it, or set another "port" in {config} and the same companionPort in the extension policy.',
  },
  NOT_PAIRED: {
    vi: 'Tiện ích chưa được ghép đôi với máy này. Chạy "hocba pair" và nhập mã trong trang Tuỳ chọn của tiện ích, hoặc dùng chính sách do "hocba policy" tạo.',
    en: 'The extension is not paired with this PC. Run "hocba pair" and enter the code in the extension’s options, or deploy the policy made by "hocba policy".',
  },
  DATA_DIR_NOT_WRITABLE: {
    vi: 'Không ghi được vào thư mục dữ liệu {path} ({reason}). Cấp quyền ghi cho người dùng này, hoặc chọn thư mục khác bằng --data-dir / HOCBA_DATA_DIR.',
    en: 'Cannot write to the data folder {path} ({reason}). Give this user write access, or choose another folder with --data-dir / HOCBA_DATA_DIR.',
  },
  DISK_LOW: {
    vi: 'Ổ đĩa chứa {path} chỉ còn {free}. Giải phóng dung lượng (tệp đã ký được lưu ở đây).',
    en: 'The disk holding {path} has only {free} free. Free some space (signed files are archived here).',
  },
  DISK_UNKNOWN: {
    vi: 'Không đọc được dung lượng trống của {path} ({reason}).',
    en: 'Could not read the free space of {path} ({reason}).',
  },
  LOG_ERRORS: {
    vi: 'Nhật ký có {count} lỗi gần đây (xem bên dưới, hoặc "hocba logs --errors").',
    en: 'The log has {count} recent errors (below, or "hocba logs --errors").',
  },
  NOT_INSTALLED: {
    vi: 'Chưa cài tự khởi động cho người dùng này. Chạy "hocba install".',
    en: 'Autostart is not installed for this user. Run "hocba install".',
  },
  NODE_TOO_OLD: {
    vi: 'Node.js {version} quá cũ; cần Node.js 20 trở lên.',
    en: 'Node.js {version} is too old; Node.js 20 or later is required.',
  },
});

type FindingCode = keyof typeof doctorFinding.catalog & string;

function finding(code: FindingCode, params?: Record<string, string | number>): ErrorInfo {
  return doctorFinding(code, params).toJSON();
}

const RANK: Record<CheckStatus, number> = { ok: 0, skipped: 1, warning: 2, error: 3 };

export function worst(statuses: CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');
}

function humanBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

export interface CertificateVerdict {
  status: CheckStatus;
  findings: ErrorInfo[];
}

/** Valid? expiring within 30 days? allowed to sign? */
export function judgeCertificate(cert: CertificateInfo, now: Date): CertificateVerdict {
  const subject = cert.subject.commonName ?? cert.subject.text;
  const findings: ErrorInfo[] = [];
  let status: CheckStatus = 'ok';
  const notAfter = new Date(cert.notAfter);
  if (cert.validity === 'expired' || notAfter < now) {
    findings.push(finding('CERT_EXPIRED', { subject, date: cert.notAfter.slice(0, 10) }));
    status = 'error';
  } else if (cert.validity === 'notYetValid') {
    findings.push(finding('CERT_NOT_YET_VALID', { subject, date: cert.notBefore.slice(0, 10) }));
    status = 'error';
  } else {
    const days = Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
    if (days < EXPIRY_WARNING_DAYS) {
      findings.push(finding('CERT_EXPIRING', { subject, date: cert.notAfter.slice(0, 10), days }));
      status = 'warning';
    }
  }
  if (cert.keyUsage !== 'signing') {
    findings.push(finding('CERT_NO_SIGNING_USAGE', { subject }));
    if (status === 'ok') status = 'warning';
  }
  return { status, findings };
}

function pinFinding(token: TokenInfo): { status: CheckStatus; finding?: ErrorInfo } {
  const name = `${token.label} (${token.serial})`;
  switch (token.pin.status) {
    case 'locked':
      return { status: 'error', finding: finding('PIN_LOCKED', { token: name }) };
    case 'finalTry':
      return { status: 'warning', finding: finding('PIN_FINAL_TRY', { token: name }) };
    case 'countLow':
      return { status: 'warning', finding: finding('PIN_COUNT_LOW', { token: name }) };
    case 'toBeChanged':
      return { status: 'warning', finding: finding('PIN_TO_BE_CHANGED', { token: name }) };
    case 'notInitialized':
      return { status: 'error', finding: finding('PIN_NOT_INITIALIZED', { token: name }) };
    default:
      return { status: 'ok' };
  }
}

export type PortProbe =
  | { state: 'free' }
  | { state: 'companion'; version: string; protocol: number }
  | { state: 'refused'; httpStatus: number }
  | { state: 'other'; answer: string };

/**
 * Who listens on the port: the companion greets a paired origin with a `challenge` carrying
 * its version (it shows no banner to anyone else, by design); a refusal with 403 is what it
 * answers an unpaired origin; anything else is another program.
 */
export function probePort(port: number, origin: string, timeoutMs = 3000): Promise<PortProbe> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (probe: PortProbe) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      resolve(probe);
    };
    const socket = new WebSocket(`ws://127.0.0.1:${port}/`, {
      headers: { Origin: origin },
      handshakeTimeout: timeoutMs,
    });
    const timer = setTimeout(() => done({ state: 'other', answer: 'no answer' }), timeoutMs + 500);
    socket.on('message', (data) => {
      try {
        const message = challengeSchema.parse(JSON.parse(String(data)));
        done({
          state: 'companion',
          version: message.companion.version,
          protocol: message.companion.protocol,
        });
      } catch {
        done({ state: 'other', answer: 'unexpected WebSocket message' });
      }
    });
    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      done(
        status === 403
          ? { state: 'refused', httpStatus: status }
          : { state: 'other', answer: `HTTP ${status}` },
      );
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') done({ state: 'free' });
      else done({ state: 'other', answer: error.code ?? error.message });
    });
  });
}

export interface DoctorOptions {
  config: CompanionConfig;
  version: string;
  now?: Date;
  /** How many recent log errors to show. */
  logErrors?: number;
  loadModule?: (path: string) => Pkcs11Module;
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { config } = options;
  const now = options.now ?? new Date();
  const checks: Check[] = [];
  const add = (check: Omit<Check, 'findings'> & { findings?: ErrorInfo[] }) =>
    checks.push({ findings: [], ...check });

  // Node itself: the launcher needs a Node with the features the companion uses.
  const major = Number(process.versions.node.split('.')[0]);
  add({
    id: 'node',
    title: { vi: 'Node.js', en: 'Node.js' },
    status: major >= 20 ? 'ok' : 'error',
    summary: `${process.versions.node} (${process.execPath})`,
    ...(major >= 20 ? {} : { findings: [finding('NODE_TOO_OLD', { version: process.versions.node })] }),
  });

  // PKCS#11 module: configured or found, present, loads.
  const choice = chooseModule(config.module);
  let module: Pkcs11Module | undefined;
  const moduleTitle = { vi: 'Thư viện PKCS#11 (driver token)', en: 'PKCS#11 module (token driver)' };
  if (choice.status === 'notFound') {
    add({
      id: 'module',
      title: moduleTitle,
      status: 'error',
      summary: 'không tìm thấy / not found',
      findings: [finding('MODULE_NOT_FOUND')],
      details: { tried: choice.tried },
    });
  } else if (!existsSync(choice.path)) {
    add({
      id: 'module',
      title: moduleTitle,
      status: 'error',
      summary: choice.path,
      findings: [finding('MODULE_FILE_MISSING', { path: choice.path, config: config.configPath })],
    });
  } else {
    try {
      module = (options.loadModule ?? Pkcs11Module.load)(choice.path);
      const described = module.describe();
      add({
        id: 'module',
        title: moduleTitle,
        status: 'ok',
        summary: `${choice.path}: ${described.description} (${described.manufacturer})${choice.status === 'found' ? ` [${choice.vendor}]` : ''}`,
        details: { path: choice.path, source: choice.status, ...described },
      });
    } catch (error) {
      const reason = isHocbaError(error) ? String(error.details?.reason ?? error.en) : String(error);
      add({
        id: 'module',
        title: moduleTitle,
        status: 'error',
        summary: choice.path,
        findings: [finding('MODULE_LOAD_FAILED', { path: choice.path, reason })],
      });
    }
  }

  // Tokens, certificates and PIN counters.
  const tokensTitle = { vi: 'USB token', en: 'USB tokens' };
  if (!module) {
    for (const [id, title] of [
      ['tokens', tokensTitle],
      ['certificates', { vi: 'Chứng thư số', en: 'Certificates' }],
      ['pin', { vi: 'PIN', en: 'PIN' }],
    ] as const)
      add({ id, title, status: 'skipped', summary: '-', findings: [finding('NEEDS_MODULE')] });
  } else {
    let tokens: TokenInfo[] | undefined;
    try {
      tokens = module.listTokens(now);
    } catch (error) {
      add({
        id: 'tokens',
        title: tokensTitle,
        status: 'error',
        summary: '-',
        findings: [finding('TOKENS_FAILED', { reason: isHocbaError(error) ? error.code : String(error) })],
      });
    } finally {
      module.close();
    }
    if (tokens) {
      add({
        id: 'tokens',
        title: tokensTitle,
        status: tokens.length ? 'ok' : 'warning',
        summary: tokens.length
          ? tokens.map((t) => `${t.label} (${t.manufacturer} ${t.model}, serial ${t.serial})`).join('; ')
          : 'không có / none',
        ...(tokens.length ? {} : { findings: [finding('NO_TOKEN')] }),
        details: tokens.map((t) => ({
          label: t.label,
          serial: t.serial,
          manufacturer: t.manufacturer,
          model: t.model,
        })),
      });
      const certFindings: ErrorInfo[] = [];
      const certStatuses: CheckStatus[] = [];
      const certDetails: unknown[] = [];
      for (const token of tokens) {
        const verdicts = token.certificates.map((c) => ({ cert: c, verdict: judgeCertificate(c, now) }));
        for (const { cert, verdict } of verdicts) {
          certFindings.push(...verdict.findings);
          certDetails.push({
            token: token.serial,
            subject: cert.subject.text,
            issuer: cert.issuer.text,
            notAfter: cert.notAfter,
            keyUsage: cert.keyUsage,
            status: verdict.status,
          });
        }
        const usable = verdicts.filter((v) => v.verdict.status !== 'error' && v.cert.keyUsage === 'signing');
        certStatuses.push(...verdicts.map((v) => v.verdict.status));
        if (usable.length === 0) {
          certFindings.push(finding('NO_SIGNING_CERTIFICATE', { token: `${token.label} (${token.serial})` }));
          certStatuses.push('error');
        }
      }
      add({
        id: 'certificates',
        title: { vi: 'Chứng thư số', en: 'Certificates' },
        status: tokens.length ? worst(certStatuses) : 'skipped',
        summary: tokens.length
          ? `${certDetails.length} chứng thư / certificates`
          : 'không có token / no token',
        findings: certFindings,
        details: certDetails,
      });
      const pins = tokens.map((t) => ({ token: t, ...pinFinding(t) }));
      add({
        id: 'pin',
        title: { vi: 'PIN', en: 'PIN' },
        status: tokens.length ? worst(pins.map((p) => p.status)) : 'skipped',
        summary: pins.length ? pins.map((p) => `${p.token.label}: ${p.token.pin.status}`).join('; ') : '-',
        findings: pins.flatMap((p) => (p.finding ? [p.finding] : [])),
        details: pins.map((p) => ({ token: p.token.serial, pin: p.token.pin })),
      });
    }
  }

  // Pairings and the port.
  const pairings = new PairingStore(config.dataDir, config.pairings).list();
  add({
    id: 'pairing',
    title: { vi: 'Ghép đôi với tiện ích', en: 'Extension pairing' },
    status: pairings.length ? 'ok' : 'warning',
    summary: pairings.length
      ? pairings.map((p) => `${p.id} ${p.origin} (${p.source})`).join('; ')
      : 'chưa ghép đôi / not paired',
    ...(pairings.length ? {} : { findings: [finding('NOT_PAIRED')] }),
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
      findings: [finding('COMPANION_NOT_RUNNING', { port: config.port })],
    });
  else if (probe.state === 'refused' && pairings.length === 0)
    // Nothing is paired yet: the companion refuses every extension until "hocba pair" opens
    // a pairing window. That is the expected state of a fresh install, reported once above.
    add({
      id: 'port',
      title: portTitle,
      status: 'ok',
      summary:
        'chương trình ký đang chạy, chờ ghép đôi / a program answers like the companion and waits for pairing (403)',
    });
  else if (probe.state === 'refused')
    add({
      id: 'port',
      title: portTitle,
      status: 'warning',
      summary: 'từ chối ghép đôi / refused (403)',
      findings: [finding('COMPANION_UNCONFIRMED', { port: config.port })],
    });
  else
    add({
      id: 'port',
      title: portTitle,
      status: 'error',
      summary: `chương trình khác / another program (${probe.answer})`,
      findings: [
        finding('PORT_TAKEN', { port: config.port, answer: probe.answer, config: config.configPath }),
      ],
    });

  // Data folder: writable, space.
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

  // Autostart.
  const installed = existsSync(join(config.dataDir, MANIFEST_FILE));
  add({
    id: 'autostart',
    title: { vi: 'Tự khởi động', en: 'Autostart' },
    status: installed ? 'ok' : 'warning',
    summary: installed ? 'đã cài / installed' : 'chưa cài / not installed',
    ...(installed ? {} : { findings: [finding('NOT_INSTALLED')] }),
  });

  // The log's last errors.
  const errors = readLogEntries(dataPaths(config.dataDir).logs, { errorsOnly: true }).slice(
    -(options.logErrors ?? 5),
  );
  add({
    id: 'log',
    title: { vi: 'Lỗi gần đây trong nhật ký', en: 'Recent errors in the log' },
    status: errors.length ? 'warning' : 'ok',
    summary: errors.length ? `${errors.length} lỗi / errors` : 'không có lỗi / no errors',
    ...(errors.length ? { findings: [finding('LOG_ERRORS', { count: errors.length })] } : {}),
    details: errors.map((e) => e.line),
  });

  return {
    version: options.version,
    dataDir: config.dataDir,
    status: worst(checks.map((c) => c.status)),
    checks,
  };
}

const MARK: Record<CheckStatus, string> = { ok: 'OK', warning: 'CẢNH BÁO', error: 'LỖI', skipped: 'BỎ QUA' };
const MARK_EN: Record<CheckStatus, string> = {
  ok: 'ok',
  warning: 'warning',
  error: 'error',
  skipped: 'skipped',
};

/** The one screen: a line per check, then what to do for each problem (Vietnamese, then English). */
export function formatDoctorReport(report: DoctorReport): string {
  const lines = [`hocba doctor ${report.version}: ${report.dataDir}`, ''];
  for (const check of report.checks) {
    lines.push(
      `[${MARK[check.status].padEnd(8)}] ${check.title.vi} / ${check.title.en} (${MARK_EN[check.status]}): ${check.summary}`,
    );
    for (const f of check.findings)
      lines.push(`           → ${f.message.vi}`, `             ${f.message.en}`);
    if (check.id === 'log' && Array.isArray(check.details))
      for (const line of check.details as string[]) lines.push(`             ${line}`);
  }
  const summary: Record<CheckStatus, string> = {
    ok: 'Mọi thứ sẵn sàng. / Everything is ready.',
    skipped: 'Một số mục chưa kiểm tra được. / Some checks were skipped.',
    warning: 'Có cảnh báo, xem hướng dẫn ở trên. / There are warnings: see above.',
    error:
      'Có lỗi cần sửa trước khi ký, xem hướng dẫn ở trên. / There are errors to fix before signing: see above.',
  };
  lines.push('', summary[report.status]);
  return lines.join('\n');
}
