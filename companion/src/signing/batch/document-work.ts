/**
 * One document's work before the bookkeeping, safe to run ahead of the document before it:
 * read and check the input, find it in the journal, or sign it (the key operation waits its
 * turn at the gate). Never throws: a failure is a result.
 */
import { readFileSync } from 'node:fs';
import { type HocbaError, toHocbaError } from '@hocba/shared/errors';
import { recordJsonBytes } from '@hocba/shared/pdf';
import type { DocumentToSign } from '@hocba/shared/protocol';
import { type HocBaRecord, requireRecord } from '@hocba/shared/record';
import type { SignatureRole } from '@hocba/shared/roles';
import type { Archive } from '../../archive/index.js';
import type { SignedDocument, SigningEngine, SignOptions } from '../engine.js';
import { KeyOperationNotStarted } from '../key-gate.js';
import { batchError } from './errors.js';
import type { JournalEntry } from './journal.js';
import { sha256Hex } from './sha256.js';

/** What a document came to before the bookkeeping. */
export type DocumentWork =
  | ({
      kind: 'signed';
      doc: DocumentToSign;
      inputSha256: string;
      attachedSha256?: string;
    } & SignedDocument)
  | {
      kind: 'alreadySigned';
      doc: DocumentToSign;
      previous: JournalEntry;
      pdf: Uint8Array;
      inputSha256: string;
    }
  | { kind: 'failed'; error: HocbaError }
  | { kind: 'notStarted' };

export async function workOn(
  { engine, archive }: { engine: SigningEngine; archive: Archive },
  doc: DocumentToSign,
  journal: ReadonlyMap<string, JournalEntry>,
  options: Omit<SignOptions, 'attachRecord'> & { readPdf?: (doc: DocumentToSign) => Uint8Array },
): Promise<DocumentWork> {
  try {
    const { readPdf, ...signOptions } = options;
    const { input, attachRecord } = await prepareInput(engine, doc, signOptions.role, readPdf);
    const inputSha256 = sha256Hex(input);
    if (doc.sha256 && doc.sha256 !== inputSha256)
      throw batchError('DOCUMENT_CHANGED', { name: doc.name, got: inputSha256, want: doc.sha256 });
    const attachedSha256 = attachRecord ? sha256Hex(recordJsonBytes(attachRecord)) : undefined;
    const previous = journal.get(doc.docId);
    if (previous && previous.inputSha256 === inputSha256 && previous.attachedSha256 === attachedSha256) {
      const pdf = readFileSync(archive.path(previous.archived));
      if (sha256Hex(pdf) !== previous.sha256)
        throw batchError('ARCHIVE_CHANGED', { name: doc.name, path: previous.archived });
      return { kind: 'alreadySigned', doc, previous, pdf, inputSha256 };
    }
    // `input` is not read after this: the engine may move it to its worker rather than copy it.
    const signedDocument = await engine.sign(input, {
      ...signOptions,
      ...(attachRecord ? { attachRecord } : {}),
      inputSha256,
      handOver: true,
    });
    return {
      kind: 'signed',
      doc,
      inputSha256,
      ...(attachedSha256 ? { attachedSha256 } : {}),
      ...signedDocument,
    };
  } catch (caught) {
    if (caught instanceof KeyOperationNotStarted) return { kind: 'notStarted' };
    return { kind: 'failed', error: toHocbaError(caught) };
  }
}

/**
 * The unsigned PDF the companion prepared itself (a record rendered, or the portal PDF as
 * sent) and the validated record to attach to it. A record that does not match the
 * format is RECORD_INVALID (JSON Pointer and reason, vi + en) before anything is rendered.
 */
async function prepareInput(
  engine: SigningEngine,
  doc: DocumentToSign,
  role: SignatureRole,
  readPdf?: (doc: DocumentToSign) => Uint8Array,
): Promise<{ input: Uint8Array; attachRecord?: HocBaRecord }> {
  // Only well-formed records are rendered, attached and signed: the same check `hocba check` uses.
  if (doc.kind === 'record') return { input: await engine.renderRecord(requireRecord(doc.record)) };
  const attachRecord = doc.attachRecord ? requireRecord(doc.attachRecord) : undefined;
  const bytes = readPdf ? readPdf(doc) : Buffer.from(doc.pdfBase64, 'base64');
  if (bytes.length === 0) throw batchError('PDF_NOT_BASE64', { name: doc.name });
  // A PDF from outside is read in a worker with a time limit first (engine permitting).
  await engine.checkPdf?.(bytes, { role, attachRecord: attachRecord !== undefined });
  // Bytes of their own (a file read, a base64 decoded): no copy; a view into a pool: copied.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return { input: own ? bytes : new Uint8Array(bytes), ...(attachRecord ? { attachRecord } : {}) };
}
