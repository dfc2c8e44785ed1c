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
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineErrors } from '@hocba/shared/errors';
import {
  attachRecordToPdf,
  PdfDocument,
  readAttachedRecord,
  readSignatureFields,
  recordJsonBytes,
  renderRecordPdf,
  signPdf,
} from '@hocba/shared/pdf';
import { type HocBaRecord, requireRecord } from '@hocba/shared/record';
import type { SigningEngine } from './engine.js';
import { PdfChecker } from './pdf-check.js';

export const engineError = defineErrors({
  RECORD_ATTACHMENT_DIFFERS: {
    vi: 'Tệp PDF đã chứa dữ liệu học bạ khác với học bạ gửi kèm; tài liệu không được ký.',
    en: 'The PDF already carries a record that differs from the one sent with it; the document was not signed.',
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
  let checker: PdfChecker | undefined;
  return {
    async checkPdf(pdf) {
      checker ??= new PdfChecker();
      await checker.check(pdf);
    },
    async renderRecord(record) {
      // The record is validated before it gets here; the renderer embeds exactly this JSON.
      return (await renderRecordPdf(record, { fonts })).pdf;
    },
    async sign(pdf, { signer, role, algorithm, attachRecord }) {
      const input = attachRecord ? await withRecord(pdf, attachRecord) : pdf;
      const result = await signPdf(input, {
        signer,
        role,
        ...(algorithm ? { algorithm } : {}),
        ...(options.timestampUrl ? { timestampUrl: options.timestampUrl } : {}),
        stamp: { font: fonts.regular },
      });
      return { pdf: result.pdf, algorithm: result.algorithm };
    },
  };
}

export async function defaultEngine(options: Partial<PdfEngineOptions> = {}): Promise<SigningEngine> {
  return pdfEngine({ ...options, fonts: options.fonts ?? loadDejaVuFonts() });
}
