/**
 * The engine `hocba serve` and `hocba sign` use: the shared PDF module end to end.
 *
 * - A record is rendered by the shared renderer (`renderRecordPdf`, Thông tư 27 layout,
 *   DejaVu Sans from the `dejavu-fonts-ttf` package). The renderer itself embeds the record
 *   JSON (associated file `hocba-record.json`, SHA-256 in XMP), so the receiving school's
 *   verifier finds the record inside the signed PDF.
 * - A portal PDF with `attachRecord` first gets the record attached as an incremental update
 *   (`attachRecordToPdf`); the signature, the next update, covers it.
 * - Signing is `signPdf`: incremental update, CMS with ESS signingCertificateV2, role order,
 *   seal lock, certificate checks, the visible Vietnamese stamp in the rendered record's
 *   signature block.
 *
 * The engine signs only what it prepared from a record or a PDF: there is no way in to sign a
 * bare hash.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineErrors, isHocbaError, toHocbaError } from '@hocba/shared/errors';
import {
  addLtv,
  attachRecordToPdf,
  PdfDocument,
  readAttachedRecord,
  readCertificate,
  readSignatureFields,
  recordJsonBytes,
  renderRecordPdf,
  type Sha256Parts,
  signPdf,
} from '@hocba/shared/pdf';
import { type HocBaRecord, requireRecord } from '@hocba/shared/record';
import type { TimestampConfig } from '../config/index.js';
import type { SigningEngine } from './engine.js';
import { PdfChecker } from './pdf-check.js';

export const engineError = defineErrors({
  RECORD_ATTACHMENT_DIFFERS: {
    vi: 'Tệp PDF đã chứa dữ liệu học bạ khác với học bạ gửi kèm; tài liệu không được ký.',
    en: 'The PDF already carries a record that differs from the one sent with it; the document was not signed.',
  },
  TIMESTAMP_UNREACHABLE: {
    vi: 'Không lấy được dấu thời gian từ máy chủ {url} ({reason}); tài liệu chưa được ký. Kiểm tra mạng rồi ký lại, hoặc chọn "ký không có dấu thời gian" (mức B-B: chỉ có giờ của máy tính, lựa chọn này được ghi vào nhật ký kiểm toán).',
    en: 'Could not get a time-stamp from {url} ({reason}); the document was not signed. Check the network and sign again, or choose "sign without a time-stamp" (level B-B: only the PC clock\'s time; the choice is recorded in the audit log).',
  },
  CERTIFICATE_REVOKED: {
    vi: 'Chứng thư số "{subject}" đã bị thu hồi (theo OCSP {url}); tài liệu không được ký.',
    en: 'The certificate "{subject}" is revoked (OCSP {url}); the document was not signed.',
  },
  ATTACH_AFTER_SIGNATURE: {
    vi: 'Tệp PDF đã có chữ ký nhưng chưa chứa dữ liệu học bạ; đính kèm bây giờ sẽ làm thay đổi tài liệu đã ký, nên không ký.',
    en: 'The PDF is already signed and carries no record; attaching one now would change a signed document, so it was not signed.',
  },
});

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

/**
 * node:crypto's SHA-256, streamed over the parts: the engine's byte-range hash without a
 * round trip through WebCrypto's thread pool and without joining the two ranges first.
 */
export const nodeSha256Parts: Sha256Parts = (parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};

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

/** Same record? Both sides through the format's parser, so key order does not matter. */
function sameRecord(attached: Uint8Array, record: HocBaRecord): boolean {
  try {
    const existing = requireRecord(JSON.parse(new TextDecoder().decode(attached)));
    return JSON.stringify(existing) === JSON.stringify(record);
  } catch {
    return false;
  }
}

/** The portal PDF with the record attached (or as it is, when it already carries it). */
async function withRecord(pdf: Uint8Array, record: HocBaRecord): Promise<Uint8Array> {
  const doc = new PdfDocument(pdf);
  const attached = readAttachedRecord(doc);
  if (attached) {
    if (sameRecord(attached, record)) return pdf; // an earlier signer attached it
    throw engineError('RECORD_ATTACHMENT_DIFFERS');
  }
  // A catalog change after a signature is a modification the verifier rightly reports.
  if (readSignatureFields(doc).some((f) => f.signed)) throw engineError('ATTACH_AFTER_SIGNATURE');
  return (await attachRecordToPdf(pdf, recordJsonBytes(record))).pdf;
}

export function pdfEngine(options: PdfEngineOptions): SigningEngine {
  const { fonts } = options;
  const net = boundedFetch(options.fetch ?? fetch, options.networkTimeoutMs ?? 20_000);
  let checker: PdfChecker | undefined;
  return {
    async checkPdf(pdf, { role, attachRecord }) {
      checker ??= new PdfChecker();
      // Signing reads the attached record to attach one (withRecord) or for a principal's
      // capacity on the stamp (signingCapacity); otherwise neither it nor the check does.
      await checker.check(pdf, { readRecord: attachRecord || role === 'principal' });
    },
    async renderRecord(record) {
      // The record is validated before it gets here; the renderer embeds exactly this JSON.
      return (await renderRecordPdf(record, { fonts })).pdf;
    },
    async sign(pdf, { signer, role, algorithm, attachRecord, withoutTimestamp }) {
      const input = attachRecord ? await withRecord(pdf, attachRecord) : pdf;
      const tsa = withoutTimestamp ? undefined : options.timestampUrl;
      let result: Awaited<ReturnType<typeof signPdf>>;
      try {
        result = await signPdf(input, {
          signer,
          role,
          ...(algorithm ? { algorithm } : {}),
          ...(tsa ? { timestampUrl: tsa, fetch: net } : {}),
          stamp: { font: fonts.regular },
          sha256: nodeSha256Parts,
        });
      } catch (error) {
        if (isHocbaError(error) && error.code === 'PDF_TIMESTAMP_FAILED')
          throw engineError('TIMESTAMP_UNREACHABLE', {
            url: tsa ?? '',
            reason: String(error.details?.reason ?? error.en),
          });
        throw error;
      }
      if (!tsa || options.level !== 'B-LT')
        return { pdf: result.pdf, algorithm: result.algorithm, level: result.level };
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
