/**
 * Signing a session's documents on one companion connection: one login (one PIN), then the
 * batch in parts (at most `LIMITS.documentsPerMessage` documents and `PART_BYTES` of
 * content each, fetched from the portal tab just before they are sent), every signed file
 * kept as soon as its progress event arrives (so a lost connection loses nothing already
 * signed).
 */
import { type Bilingual, defineErrors, isHocbaError } from '@hocba/shared/errors';
import {
  type DocumentToSign,
  LIMITS,
  type LoginResult,
  type ProgressEvent,
  type SignatureLevel,
  type SignResult,
} from '@hocba/shared/protocol';
import type { SignatureRole } from '@hocba/shared/roles';
import type { DocumentPayload, SessionDocument } from '../../background/sign-sessions.js';
import type { CompanionClient } from '../../companion/client.js';
import { documentDigest } from '../../companion/document-digest.js';

export const signPageError = defineErrors({
  DOCUMENT_CHANGED: {
    vi: 'Học bạ của {name} không còn đúng như trong danh sách đã xem (mã SHA-256 khác); không ký. Hãy mở lại trang lớp và ký lại.',
    en: 'The record of {name} is no longer what the list showed (different SHA-256); not signed. Open the class page again and sign again.',
  },
  DOCUMENT_GONE: {
    vi: 'Không lấy được học bạ của {name} từ thẻ cổng thông tin (thẻ đã đóng hoặc tải lại?). Các tệp đã ký vẫn được giữ; hãy mở lại trang lớp và ký phần còn lại.',
    en: 'Could not get the record of {name} from the portal tab (closed or reloaded?). Files already signed are kept; open the class page again and sign the rest.',
  },
});

export interface SignedFile {
  docId: string;
  name: string;
  pdfBase64: string;
  sha256: string;
  /** PAdES level the companion achieved (B-B, B-T, B-LT). */
  level?: SignatureLevel;
}

export interface BatchOutcome {
  status: 'completed' | 'cancelled' | 'failed';
  signed: SignedFile[];
  notSigned: { docId: string; name: string; error: Bilingual; code?: string }[];
}

/** Content per `sign` message: under the companion's message bound, with room for the envelope. */
export const PART_BYTES = LIMITS.messageBytes - 4 * 1024 * 1024;

/** Cuts the documents into parts by count and size; a document alone over the size is its own part. */
export function planParts(documents: readonly SessionDocument[]): SessionDocument[][] {
  const parts: SessionDocument[][] = [];
  let part: SessionDocument[] = [];
  let bytes = 0;
  for (const doc of documents) {
    if (part.length > 0 && (part.length >= LIMITS.documentsPerMessage || bytes + doc.bytes > PART_BYTES)) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(doc);
    bytes += doc.bytes;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

/**
 * A record's `sha256` here names its JSON text, while the companion's names the PDF it renders
 * from it: a record carries the digest of the PDF the signer previewed (when she did).
 */
export function toProtocolDocument(doc: SessionDocument, payload: DocumentPayload): DocumentToSign {
  // What the signer overrode, one document at a time in the sign window: for the audit log.
  const overridden = doc.overridden?.length ? { overridden: doc.overridden } : {};
  return doc.kind === 'record'
    ? ({
        docId: doc.docId,
        name: doc.name,
        kind: 'record',
        record: payload.record,
        // The record's PDF as previewed in the sign window: the companion's rendering must match.
        ...(doc.previewSha256 ? { sha256: doc.previewSha256 } : {}),
        ...overridden,
      } as DocumentToSign)
    : ({
        ...overridden,
        docId: doc.docId,
        name: doc.name,
        kind: 'pdf',
        pdfBase64: payload.pdfBase64 ?? '',
        // The bytes listed, previewed and checked: the companion refuses any other (DOCUMENT_CHANGED).
        sha256: doc.sha256,
      } as DocumentToSign);
}

export async function login(
  client: CompanionClient,
  serial: string,
  pin: string,
  confirmFinalTry: boolean,
): Promise<LoginResult> {
  return (await client.request({ type: 'login', token: { serial }, pin, confirmFinalTry })) as LoginResult;
}

export async function signDocuments(
  client: CompanionClient,
  options: {
    batchId: string;
    serial: string;
    certificateId: string;
    role: SignatureRole;
    documents: SessionDocument[];
    /** Fetches the content of these documents (from the portal tab that holds them). */
    load: (docIds: string[]) => Promise<DocumentPayload[]>;
    onProgress: (event: ProgressEvent, doc: SessionDocument | undefined) => void;
    /** What documents of parts never sent (after a stop) are told. */
    notSentReason: Bilingual;
    /** The user chose to go on without the unreachable time-stamp server (B-B, audited). */
    withoutTimestamp?: boolean;
  },
): Promise<BatchOutcome> {
  const byId = new Map(options.documents.map((d) => [d.docId, d]));
  const signed: SignedFile[] = [];
  const notSigned: BatchOutcome['notSigned'] = [];
  let status: BatchOutcome['status'] = 'completed';
  const parts = planParts(options.documents);
  async function signPart(part: SessionDocument[]): Promise<SignResult> {
    const payloads = new Map((await options.load(part.map((d) => d.docId))).map((p) => [p.docId, p]));
    for (const d of part) {
      const payload = payloads.get(d.docId);
      if (payload && (await documentDigest({ kind: d.kind, ...payload })) !== d.sha256) {
        throw signPageError('DOCUMENT_CHANGED', { name: d.name });
      }
    }
    return (await client.request(
      {
        type: 'sign',
        batchId: options.batchId,
        token: { serial: options.serial },
        certificateId: options.certificateId,
        role: options.role,
        total: options.documents.length,
        documents: part.map((d) => {
          const payload = payloads.get(d.docId);
          if (!payload) throw signPageError('DOCUMENT_GONE', { name: d.name });
          return toProtocolDocument(d, payload);
        }),
        ...(options.withoutTimestamp ? { withoutTimestamp: true } : {}),
      },
      (event) => {
        const doc = byId.get(event.docId);
        if (
          (event.status === 'signed' || event.status === 'alreadySigned') &&
          event.pdfBase64 &&
          event.sha256
        ) {
          signed.push({
            docId: event.docId,
            name: doc?.name ?? event.docId,
            pdfBase64: event.pdfBase64,
            sha256: event.sha256,
            ...(event.level ? { level: event.level } : {}),
          });
        }
        options.onProgress(event, doc);
      },
    )) as SignResult;
  }
  for (const [index, part] of parts.entries()) {
    let result: SignResult;
    try {
      result = await signPart(part);
    } catch (error) {
      // The connection dropped or the tab went away mid-part: what was signed is kept, the
      // rest of this part and the later parts are reported with the reason.
      status = 'failed';
      const reason = isHocbaError(error)
        ? { vi: error.vi, en: error.en }
        : { vi: String(error), en: String(error) };
      const done = new Set(signed.map((f) => f.docId));
      for (const doc of parts.slice(index).flat()) {
        if (!done.has(doc.docId)) notSigned.push({ docId: doc.docId, name: doc.name, error: reason });
      }
      break;
    }
    for (const miss of result.notSigned) {
      notSigned.push({
        docId: miss.docId,
        name: byId.get(miss.docId)?.name ?? miss.docId,
        error: miss.error.message,
        code: miss.error.code,
      });
    }
    if (result.status !== 'completed') {
      status = result.status;
      // Documents of later parts were never sent.
      for (const doc of parts.slice(index + 1).flat()) {
        // Same meaning as the companion's NOT_REACHED: the window shows them as one group.
        notSigned.push({
          docId: doc.docId,
          name: doc.name,
          error: options.notSentReason,
          code: 'NOT_REACHED',
        });
      }
      break;
    }
  }
  return { status, signed, notSigned };
}
