/**
 * Signing a session's documents on one companion connection: one login (one PIN), then the
 * batch in parts of at most `LIMITS.documentsPerMessage`, every signed file kept as soon as
 * its progress event arrives (so a lost connection loses nothing already signed).
 */
import type { Bilingual } from '@hocba/shared/errors';
import {
  type DocumentToSign,
  LIMITS,
  type LoginResult,
  type ProgressEvent,
  type SignResult,
} from '@hocba/shared/protocol';
import type { SignatureRole } from '@hocba/shared/roles';
import type { SessionDocument } from '../../background/sign-sessions.js';
import type { CompanionClient } from '../../companion/client.js';

export interface SignedFile {
  docId: string;
  name: string;
  pdfBase64: string;
  sha256: string;
}

export interface BatchOutcome {
  status: 'completed' | 'cancelled' | 'failed';
  signed: SignedFile[];
  notSigned: { docId: string; name: string; error: Bilingual }[];
}

export function toProtocolDocument(doc: SessionDocument): DocumentToSign {
  return doc.kind === 'record'
    ? ({ docId: doc.docId, name: doc.name, kind: 'record', record: doc.record } as DocumentToSign)
    : ({ docId: doc.docId, name: doc.name, kind: 'pdf', pdfBase64: doc.pdfBase64 ?? '' } as DocumentToSign);
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
    onProgress: (event: ProgressEvent, doc: SessionDocument | undefined) => void;
  },
): Promise<BatchOutcome> {
  const byId = new Map(options.documents.map((d) => [d.docId, d]));
  const signed: SignedFile[] = [];
  const notSigned: BatchOutcome['notSigned'] = [];
  let status: BatchOutcome['status'] = 'completed';
  for (let start = 0; start < options.documents.length; start += LIMITS.documentsPerMessage) {
    const part = options.documents.slice(start, start + LIMITS.documentsPerMessage);
    const result = (await client.request(
      {
        type: 'sign',
        batchId: options.batchId,
        token: { serial: options.serial },
        certificateId: options.certificateId,
        role: options.role,
        total: options.documents.length,
        documents: part.map(toProtocolDocument),
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
          });
        }
        options.onProgress(event, doc);
      },
    )) as SignResult;
    for (const miss of result.notSigned) {
      notSigned.push({
        docId: miss.docId,
        name: byId.get(miss.docId)?.name ?? miss.docId,
        error: miss.error.message,
      });
    }
    if (result.status !== 'completed') {
      status = result.status;
      // Documents of later parts were never sent.
      for (const doc of options.documents.slice(start + part.length)) {
        notSigned.push({ docId: doc.docId, name: doc.name, error: { vi: 'Chưa ký', en: 'Not signed' } });
      }
      break;
    }
  }
  return { status, signed, notSigned };
}
