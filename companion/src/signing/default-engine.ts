/**
 * The engine `hocba serve` and `hocba sign` use: the shared PDF module end to end.
 *
 * - A record is rendered by the shared renderer (`renderRecordPdf`, Thông tư 27 layout,
 *   DejaVu Sans from the `dejavu-fonts-ttf` package). The renderer itself embeds the record
 *   JSON (associated file `hocba-record.json`, SHA-256 in XMP), so the receiving school's
 *   verifier finds the record inside the signed PDF.
 * - A portal PDF with `attachRecord` first gets the record attached as an incremental update
 *   (`attachRecordToPdf`); the signature, the next update, covers it.
 * - Signing is `preparePdfSignature` in the check worker (pdf-prepare.ts: the check, the
 *   record attached, incremental update, role order, seal lock, certificate checks, the
 *   visible Vietnamese stamp), then on the main thread the token's signature and
 *   `finishPdfSignature` (CMS with ESS signingCertificateV2, time-stamp).
 *
 * The engine signs only what it prepared from a record or a PDF: there is no way in to sign a
 * bare hash.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isHocbaError, toHocbaError } from '@hocba/shared/errors';
import {
  addLtv,
  type CertificateInfo,
  finishPdfSignature,
  readCertificate,
  renderRecordPdf,
  type SignerIdentity,
} from '@hocba/shared/pdf';
import type { TimestampConfig } from '../config/index.js';
import type { SigningEngine } from './engine.js';
import { PdfChecker } from './pdf-check.js';
import { engineError } from './pdf-prepare.js';

export { engineError, nodeSha256Parts } from './pdf-prepare.js';

export interface Fonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

export interface PdfEngineOptions {
  /** DejaVu Sans regular and bold (Vietnamese glyphs): the rendered record and the stamp. */
  fonts: Fonts;
  /** RFC 3161 time-stamp authority for PAdES B-T (none: B-B). */
  timestampUrl?: string;
  /** B-LT: also embed the chain's revocation data (OCSP) in /DSS after signing. */
  level?: 'B-T' | 'B-LT';
  /** Bound on every network call (TSA, OCSP), milliseconds (default 20 s). */
  networkTimeoutMs?: number;
  fetch?: typeof fetch;
}

/** fetch with a deadline: a TSA or OCSP server that never answers cannot hold a batch. */
function boundedFetch(base: typeof fetch, ms: number): typeof fetch {
  return (input, init) => base(input, { ...init, signal: AbortSignal.timeout(ms) });
}

/** DejaVu Sans from the `dejavu-fonts-ttf` package the companion depends on. */
export function loadDejaVuFonts(): Fonts {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return {
    regular: new Uint8Array(readFileSync(join(dir, 'DejaVuSans.ttf'))),
    bold: new Uint8Array(readFileSync(join(dir, 'DejaVuSans-Bold.ttf'))),
  };
}

export function pdfEngine(options: PdfEngineOptions): SigningEngine {
  const { fonts } = options;
  const net = boundedFetch(options.fetch ?? fetch, options.networkTimeoutMs ?? 20_000);
  // Every PDF, a portal's or our own rendering, is read once, in the checker's worker (time
  // and heap limits), which prepares the signature from that reading: the main thread only
  // has the token sign and puts the CMS in the hole.
  let checker: PdfChecker | undefined;
  // The signer's certificate read once a batch (its parsed form goes into each CMS).
  const certificates = new WeakMap<Uint8Array, CertificateInfo>();
  const certificateOf = (der: Uint8Array) => {
    const known = certificates.get(der);
    if (known) return known;
    const info = readCertificate(der);
    certificates.set(der, info);
    return info;
  };
  // What the worker gets of the signer, made once per signer: compact copies, because a
  // structured clone copies a view's whole backing buffer (a token's attribute buffer, a pool).
  const identities = new WeakMap<object, SignerIdentity>();
  const identityOf = (signer: SignerIdentity) => {
    const known = identities.get(signer);
    if (known) return known;
    const identity = {
      certificate: signer.certificate.slice(),
      chain: signer.chain.map((c) => c.slice()),
      algorithms: [...signer.algorithms],
    };
    identities.set(signer, identity);
    return identity;
  };
  return {
    async renderRecord(record) {
      // The record is validated before it gets here; the renderer embeds exactly this JSON.
      return (await renderRecordPdf(record, { fonts })).pdf;
    },
    async sign(pdf, { signer, role, algorithm, attachRecord, withoutTimestamp, inputSha256, handOver }) {
      checker ??= new PdfChecker(undefined, undefined, fonts.regular);
      const tsa = withoutTimestamp ? undefined : options.timestampUrl;
      const prepared = {
        ...(await checker.prepare(
          pdf,
          {
            role,
            identity: identityOf(signer),
            ...(algorithm ? { algorithm } : {}),
            time: new Date(),
            ...(attachRecord ? { attachRecord } : {}),
            ...(inputSha256 ? { inputSha256 } : {}),
          },
          handOver,
        )),
        certificate: certificateOf(signer.certificate),
      };
      const value = await signer.sign(prepared.signedAttributes, prepared.algorithm);
      let result: { pdf: Uint8Array; algorithm: typeof prepared.algorithm };
      try {
        result = {
          // The prepared bytes were moved here from the worker: the CMS goes straight in.
          pdf: await finishPdfSignature(prepared, value, {
            inPlace: true,
            ...(tsa ? { timestampUrl: tsa, fetch: net } : {}),
          }),
          algorithm: prepared.algorithm,
        };
      } catch (error) {
        if (isHocbaError(error) && error.code === 'PDF_TIMESTAMP_FAILED')
          throw engineError('TIMESTAMP_UNREACHABLE', {
            url: tsa ?? '',
            reason: String(error.details?.reason ?? error.en),
          });
        throw error;
      }
      const level = tsa ? 'B-T' : 'B-B';
      if (!tsa || options.level !== 'B-LT') return { pdf: result.pdf, algorithm: result.algorithm, level };
      // B-LT: OCSP for the signer's chain and the TSA's, in /DSS, same batch, no PIN again.
      try {
        const ltv = await addLtv(result.pdf, { fetch: net });
        const signerInfo = readCertificate(signer.certificate);
        const revoked = ltv.ocsp.find((o) => o.status === 'revoked' && o.subject === signerInfo.commonName);
        if (revoked) throw engineError('CERTIFICATE_REVOKED', { subject: revoked.subject, url: revoked.url });
        return { pdf: ltv.pdf, algorithm: result.algorithm, level: 'B-LT' };
      } catch (error) {
        if (isHocbaError(error) && error.code === 'CERTIFICATE_REVOKED') throw error;
        // The signature and its time-stamp stand: the file is B-T, said, not silently.
        return {
          pdf: result.pdf,
          algorithm: result.algorithm,
          level: 'B-T',
          revocationError: toHocbaError(error),
        };
      }
    },
  };
}

/** The engine options a configured time-stamp server gives (none: B-B). */
export function timestampEngineOptions(
  timestamp: TimestampConfig | undefined,
): Pick<PdfEngineOptions, 'timestampUrl' | 'level' | 'networkTimeoutMs'> {
  if (!timestamp) return {};
  return {
    timestampUrl: timestamp.url,
    level: timestamp.level,
    networkTimeoutMs: timestamp.timeoutSeconds * 1000,
  };
}

export async function defaultEngine(options: Partial<PdfEngineOptions> = {}): Promise<SigningEngine> {
  return pdfEngine({ ...options, fonts: options.fonts ?? loadDejaVuFonts() });
}
