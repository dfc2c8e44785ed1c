/**
 * The token side of the doctor: the PKCS#11 module loads, tokens are present, their
 * certificates can sign and are in date, and no PIN is about to lock.
 */
import { existsSync } from 'node:fs';
import { type ErrorInfo, isHocbaError } from '@hocba/shared/errors';
import type { CertificateInfo, TokenInfo } from '@hocba/shared/protocol';
import type { CompanionConfig } from '../../config/index.js';
import { chooseModule, Pkcs11Module } from '../../pkcs11/index.js';
import { finding } from './findings.js';
import { type Check, type CheckStatus, check, worst } from './report.js';

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
}

/** The module, tokens, certificates and pin checks, in that order. */
export function tokenChecks(options: TokenCheckOptions): Check[] {
  const { config, now } = options;
  const checks: Check[] = [];
  const add = (draft: Parameters<typeof check>[0]) => checks.push(check(draft));
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

  return checks;
}
