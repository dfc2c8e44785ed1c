/**
 * What the check worker does for a document about to be signed, on one reading of its
 * bytes: the check (structure, pages, signature fields, the attached record when signing
 * reads it), the record attached when asked, then the signature prepared up to the signed
 * attributes. The main thread only has the token sign them and puts the CMS in the hole:
 * it never parses a PDF from outside.
 */
import { createHash } from 'node:crypto';
import { defineErrors } from '@hocba/shared/errors';
import {
  attachRecordToPdf,
  PdfDocument,
  type PreparedPdfSignature,
  preparePdfSignature,
  readAttachedRecord,
  readSignatureFields,
  recordJsonBytes,
  type Sha256Parts,
  type SignatureAlgorithm,
  type SignerIdentity,
} from '@hocba/shared/pdf';
import { type HocBaRecord, requireRecord } from '@hocba/shared/record';
import type { SignatureRole } from '@hocba/shared/roles';
import { recordReadsTwoWays } from '@hocba/shared/verify';

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
  RECORD_READS_TWO_WAYS: {
    vi: 'Tệp PDF chứa học bạ đọc ra hai cách khác nhau (tuỳ trình đọc PDF, thấy học bạ khác nhau), nên phần mềm kiểm tra sẽ báo học bạ không hợp lệ; tài liệu không được ký. Hãy tải lại tệp từ cổng thông tin hoặc ký học bạ do phần mềm tạo ra.',
    en: 'The PDF holds a record that reads two ways (PDF readers find different records in it), so the verifier would call the record invalid; the document was not signed. Download the file from the portal again or sign the record as this software renders it.',
  },
  ATTACH_AFTER_SIGNATURE: {
    vi: 'Tệp PDF đã có chữ ký nhưng chưa chứa dữ liệu học bạ; đính kèm bây giờ sẽ làm thay đổi tài liệu đã ký, nên không ký.',
    en: 'The PDF is already signed and carries no record; attaching one now would change a signed document, so it was not signed.',
  },
});

/**
 * node:crypto's SHA-256, streamed over the parts: the engine's byte-range hash without a
 * round trip through WebCrypto's thread pool and without joining the two ranges first.
 */
export const nodeSha256Parts: Sha256Parts = (parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};

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
async function withRecord(doc: PdfDocument, record: HocBaRecord): Promise<Uint8Array> {
  const attached = readAttachedRecord(doc);
  if (attached) {
    if (sameRecord(attached, record)) return doc.bytes; // an earlier signer attached it
    throw engineError('RECORD_ATTACHMENT_DIFFERS');
  }
  // A catalog change after a signature is a modification the verifier rightly reports.
  if (readSignatureFields(doc).some((f) => f.signed)) throw engineError('ATTACH_AFTER_SIGNATURE');
  return (await attachRecordToPdf(doc.bytes, recordJsonBytes(record))).pdf;
}

/** The check alone: can signing read this PDF? Returns the document as read. */
export function checkPdfDocument(bytes: Uint8Array, readRecord: boolean): PdfDocument {
  const doc = new PdfDocument(bytes);
  doc.pages();
  readSignatureFields(doc);
  if (readRecord) readAttachedRecord(doc);
  return doc;
}

export interface PrepareInput {
  role: SignatureRole;
  identity: SignerIdentity;
  algorithm?: SignatureAlgorithm;
  /** The signing time, chosen by the main thread. */
  time: Date;
  /** Validated by the main thread before it gets here. */
  attachRecord?: HocBaRecord;
  /** DejaVu Sans regular, for the visible stamp. */
  font: Uint8Array;
  /** SHA-256 (hex) of the bytes, as the batch computed it (the new file ID is derived from it). */
  inputSha256?: string;
}

/** The prepared signature without the certificate's parsed form (the main thread has its own). */
export type PreparedInWorker = Omit<PreparedPdfSignature, 'certificate'>;

export async function checkAndPrepare(bytes: Uint8Array, input: PrepareInput): Promise<PreparedInWorker> {
  // Signing reads the attached record to attach one or for a principal's capacity on the stamp.
  const doc = checkPdfDocument(bytes, input.attachRecord !== undefined || input.role === 'principal');
  const pdf = input.attachRecord ? await withRecord(doc, input.attachRecord) : bytes;
  const { certificate: _parsed, ...prepared } = await preparePdfSignature(pdf, {
    signer: input.identity,
    role: input.role,
    ...(input.algorithm ? { algorithm: input.algorithm } : {}),
    time: input.time,
    stamp: { font: input.font },
    sha256: nodeSha256Parts,
    document: doc,
    // The batch's digest is of these bytes; a record attached first makes other bytes.
    ...(pdf === bytes && input.inputSha256 ? { inputSha256: Buffer.from(input.inputSha256, 'hex') } : {}),
  });
  // Read as the verifier will read it once our signature covers it (the revision we add);
  // the verifier's own sentence goes with the error (details) for the log.
  const twoWays = recordReadsTwoWays(prepared.pdf);
  if (twoWays) throw engineError('RECORD_READS_TWO_WAYS', { reason: twoWays.vi, reasonEn: twoWays.en });
  return prepared;
}
