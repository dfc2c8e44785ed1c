/**
 * The token side of the doctor: the PKCS#11 module loads, tokens are present, their
 * certificates can sign and are in date, and no PIN is about to lock.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import type { ErrorInfo, HocbaError } from '@hocba/shared/errors';
import type { CertificateInfo, PinStatus, TokenInfo } from '@hocba/shared/protocol';
import type { CompanionConfig } from '../../config/index.js';
import { findModules, type ModuleCandidate, ModuleSet, type Pkcs11Module } from '../../pkcs11/index.js';
import { finding } from './findings.js';
import { type Check, type CheckDraft, type CheckStatus, check, worst } from './report.js';

export const EXPIRY_WARNING_DAYS = 30;

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

export function pinFinding(token: TokenInfo): { status: CheckStatus; finding?: ErrorInfo } {
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

export interface TokenCheckOptions {
  config: CompanionConfig;
  now: Date;
  loadModule?: (path: string) => Pkcs11Module;
  /** Whose command the hints name (hocba.cmd on Windows). */
  platform?: NodeJS.Platform;
}

/** A PIN's state as the technician reads it (the finding below says what to do). */
const pinWords: Record<PinStatus, string> = {
  ok: 'bình thường / ok',
  countLow: 'đã nhập sai / wrong PINs entered',
  finalTry: 'còn MỘT lần thử / ONE try left',
  locked: 'đã khoá / locked',
  toBeChanged: 'cần đổi PIN / must be changed',
  notInitialized: 'chưa có PIN / no PIN set',
};

const moduleTitle = { vi: 'Thư viện PKCS#11 (driver token)', en: 'PKCS#11 modules (token drivers)' };
const tokensTitle = { vi: 'USB token', en: 'USB tokens' };

function reasonOf(error: HocbaError): string {
  return String(error.details?.reason ?? error.en);
}

/**
 * What a file's first bytes say: a library of some platform (ELF, PE DLL, Mach-O), a 32-bit
 * one (PE i386, ELFCLASS32), a Windows program (a PE without IMAGE_FILE_DLL: the vendor's
 * setup.exe, the commonest wrong file), or something else.
 */
export type FileKind = 'library' | 'library32' | 'program' | 'other' | 'unknown';

const MACH_O_MAGIC = [
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
  [0xca, 0xfe, 0xba, 0xbe], // Mach-O, thin and universal
];

/** How much of a file is read: every real PE header offset (e_lfanew) is well inside. */
const HEAD_BYTES = 1000;
const IMAGE_FILE_DLL = 0x2000;
const MACHINE_I386 = 0x14c;

/** A PE file by its COFF header: DLL or program, 32-bit or not; 'unknown' when the header is past what was read. */
function peKind(head: Buffer, n: number): FileKind {
  if (n < 0x40) return 'other';
  const pe = head.readUInt32LE(0x3c);
  if (pe + 24 > n) return n < HEAD_BYTES ? 'other' : 'unknown';
  // "PE\0\0": an MZ without it is a DOS program or a broken file, no library either way.
  if (head.readUInt32BE(pe) !== 0x50450000) return 'other';
  const machine = head.readUInt16LE(pe + 4);
  const characteristics = head.readUInt16LE(pe + 22);
  if (!(characteristics & IMAGE_FILE_DLL)) return 'program';
  return machine === MACHINE_I386 ? 'library32' : 'library';
}

/** Reads at most HEAD_BYTES; 'unknown' when the file cannot be read (the loader's words then stand). */
export function fileKind(path: string): FileKind {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, head, 0, HEAD_BYTES, 0);
    const starts = (magic: number[]) => n >= magic.length && magic.every((b, i) => head[i] === b);
    if (starts([0x4d, 0x5a])) return peKind(head, n); // MZ
    // ELF: its class (byte 4) says 32- or 64-bit.
    if (starts([0x7f, 0x45, 0x4c, 0x46])) return n > 4 && head[4] === 1 ? 'library32' : 'library';
    return MACH_O_MAGIC.some(starts) ? 'library' : 'other';
  } catch {
    return 'unknown';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** What the file's bytes say, before the loader's words. */
const FILE_SAYS: Partial<Record<FileKind, string>> = {
  program:
    'tệp là một chương trình .exe (như bộ cài), không phải .dll / the file is a program (.exe, e.g. an installer), not a .dll',
  library32: 'tệp là thư viện 32-bit / the file is a 32-bit library',
};

/**
 * Why a driver did not load, in the words of the fix: the loader's own message tells a
 * library without C_GetFunctionList (a CSP/minidriver, another DLL), a 32-bit build
 * ("wrong ELF class", Windows error 193) and a folder apart, and the file's own first bytes
 * tell a file that is no library at all (an installer, a PDF, a broken download) and a 32-bit
 * one, whatever the loader said; anything else keeps the general advice.
 */
export function moduleLoadFinding(
  path: string,
  reason: string,
  platform: NodeJS.Platform,
  kind: FileKind = 'unknown',
): ErrorInfo {
  const says = FILE_SAYS[kind];
  const params = { path, reason: says ? `${says}; ${reason}` : reason };
  if (/C_GetFunctionList/i.test(reason)) return finding('MODULE_NOT_PKCS11', params, platform);
  // Before the architecture test: Windows answers 193 for a 32-bit DLL, a setup.exe and a text file alike.
  if (kind === 'other' || kind === 'program') return finding('MODULE_NOT_A_LIBRARY', params, platform);
  if (kind === 'library32') return finding('MODULE_WRONG_ARCHITECTURE', params, platform);
  if (
    /wrong ELF class|ELFCLASS|not a valid Win32|\b193\b|incompatible architecture|mach-o, but wrong/i.test(
      reason,
    )
  )
    return finding('MODULE_WRONG_ARCHITECTURE', params, platform);
  if (/is a directory|EISDIR/i.test(reason)) return finding('MODULE_NOT_A_FILE', params, platform);
  return finding('MODULE_LOAD_FAILED', params, platform);
}

/**
 * Every driver: the configured one and each known one on disk. A configured module that is
 * missing or fails is an error (the technician chose it); a found one that fails while others
 * load is a warning, and never hides the others' tokens.
 */
function moduleCheck(
  config: CompanionConfig,
  platform: NodeJS.Platform,
  loadModule?: (path: string) => Pkcs11Module,
) {
  const search = findModules(config.module, { search: config.moduleSearch });
  if (search.load.length === 0)
    return {
      check: check({
        id: 'module',
        title: moduleTitle,
        status: 'error',
        summary: 'không tìm thấy / not found',
        findings: [finding('MODULE_NOT_FOUND', {}, platform)],
        details: { tried: search.tried },
      }),
    };
  const missing = search.load.filter((c) => c.source === 'configured' && !existsSync(c.path));
  const set = ModuleSet.open({ load: search.load.filter((c) => !missing.includes(c)) }, loadModule);
  const findings: ErrorInfo[] = [
    ...missing.map((c) =>
      config.moduleFrom === 'option'
        ? finding('MODULE_OPTION_MISSING', { path: c.path }, platform)
        : config.moduleFrom === 'env'
          ? finding('MODULE_ENV_MISSING', { path: c.path }, platform)
          : finding('MODULE_FILE_MISSING', { path: c.path, config: config.configPath }, platform),
    ),
    ...set.failed.map((f) =>
      moduleLoadFinding(f.candidate.path, reasonOf(f.error), platform, fileKind(f.candidate.path)),
    ),
  ];
  const described = set.loaded.map(({ candidate, module }) => {
    try {
      return { candidate, ...module.describe() };
    } catch {
      return { candidate, description: '?', manufacturer: '?' };
    }
  });
  const configuredBroken = missing.length > 0 || set.failed.some((f) => f.candidate.source === 'configured');
  const status: CheckStatus =
    set.loaded.length === 0 || configuredBroken ? 'error' : findings.length ? 'warning' : 'ok';
  const summary = [
    ...described.map(
      (d) =>
        `${d.candidate.path}: ${d.description} (${d.manufacturer})${d.candidate.source === 'found' ? ` [${d.candidate.vendor}]` : ''}`,
    ),
    ...[...missing, ...set.failed.map((f) => f.candidate)].map((c) => `${c.path}: lỗi / failed`),
  ].join('; ');
  return {
    set,
    /** The driver IT chose, when it is missing or does not load: "no token" is then its fault. */
    configuredBroken: configuredBroken ? config.module : undefined,
    check: check({
      id: 'module',
      title: moduleTitle,
      status,
      summary,
      findings,
      details: {
        modules: [
          ...described.map((d) => ({
            ...d.candidate,
            status: 'loaded',
            description: d.description,
            manufacturer: d.manufacturer,
          })),
          ...missing.map((c) => ({ ...c, status: 'missing' })),
          ...set.failed.map((f) => ({ ...f.candidate, status: 'failed', error: f.error.code })),
        ],
        notLoaded: search.skipped,
      },
    }),
  };
}

/** The module, tokens, certificates and pin checks, in that order. */
export function tokenChecks(options: TokenCheckOptions): Check[] {
  const { config, now, platform = process.platform } = options;
  const checks: Check[] = [];
  const add = (draft: CheckDraft) => checks.push(check(draft));
  const { set, check: modules, configuredBroken } = moduleCheck(config, platform, options.loadModule);
  checks.push(modules);

  if (!set || set.loaded.length === 0) {
    set?.close();
    for (const [id, title] of [
      ['tokens', tokensTitle],
      ['certificates', { vi: 'Chứng thư số', en: 'Certificates' }],
      ['pin', { vi: 'PIN', en: 'PIN' }],
    ] as const)
      add({
        id,
        title,
        status: 'skipped',
        summary: 'chưa kiểm tra / not checked',
        findings: [finding('NEEDS_MODULE')],
      });
    return checks;
  }

  let listed: { module: ModuleCandidate; token: TokenInfo }[];
  try {
    listed = set.listTokensWithModule(now);
  } finally {
    set.close();
  }
  const tokens = listed.map((l) => l.token);
  const listFindings = set.listFailures.map((f) =>
    finding('TOKENS_FAILED', { reason: `${f.candidate.path}: ${f.error.code}` }),
  );
  add({
    id: 'tokens',
    title: tokensTitle,
    status: listFindings.length ? (tokens.length ? 'warning' : 'error') : tokens.length ? 'ok' : 'warning',
    summary: tokens.length
      ? listed
          .map(
            ({ token: t, module }) =>
              `${t.label} (${t.manufacturer} ${t.model}, serial ${t.serial}) [${module.vendor}]`,
          )
          .join('; ')
      : 'không có / none',
    findings: [
      ...listFindings,
      ...(tokens.length || listFindings.length
        ? []
        : configuredBroken
          ? [finding('NO_TOKEN_DRIVER_BROKEN', { path: configuredBroken }, platform)]
          : [finding('NO_TOKEN', {}, platform)]),
    ],
    details: listed.map(({ token: t, module }) => ({
      label: t.label,
      serial: t.serial,
      manufacturer: t.manufacturer,
      model: t.model,
      module: module.path,
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
    if (token.certificates.length === 0) {
      // Nothing to judge: a key made on the token whose certificate was never loaded, or an empty token.
      certFindings.push(finding('NO_CERTIFICATE', { token: `${token.label} (${token.serial})` }));
      certStatuses.push('error');
    } else if (usable.length === 0) {
      certFindings.push(finding('NO_SIGNING_CERTIFICATE', { token: `${token.label} (${token.serial})` }));
      certStatuses.push('error');
    }
  }
  add({
    id: 'certificates',
    title: { vi: 'Chứng thư số', en: 'Certificates' },
    status: tokens.length ? worst(certStatuses) : 'skipped',
    summary: tokens.length ? `${certDetails.length} chứng thư / certificates` : 'không có token / no token',
    findings: certFindings,
    details: certDetails,
  });
  const pins = tokens.map((t) => ({ token: t, ...pinFinding(t) }));
  add({
    id: 'pin',
    title: { vi: 'PIN', en: 'PIN' },
    status: tokens.length ? worst(pins.map((p) => p.status)) : 'skipped',
    summary: pins.length
      ? pins.map((p) => `${p.token.label}: ${pinWords[p.token.pin.status]}`).join('; ')
      : 'không có token / no token',
    findings: pins.flatMap((p) => (p.finding ? [p.finding] : [])),
    details: pins.map((p) => ({ token: p.token.serial, pin: p.token.pin })),
  });
  return checks;
}
