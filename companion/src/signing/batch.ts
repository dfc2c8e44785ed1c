/**
 * Signs the documents of a batch, one after the other, with the one login the batch got.
 * Each signed PDF is archived (atomically) and journaled before it is reported, so that a
 * pulled token, a failing module, a cancel or a killed companion leaves every document
 * either signed, archived and reported, or listed as not signed; sending the same batchId
 * again resumes: what the journal holds is returned, not signed twice.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineErrors, type ErrorInfo, type HocbaError, toHocbaError } from '@hocba/shared/errors';
import { recordJsonBytes } from '@hocba/shared/pdf';
import type { DocumentToSign, ProgressEvent, SignRequest } from '@hocba/shared/protocol';
import { type HocBaRecord, requireRecord } from '@hocba/shared/record';
import { type Archive, safeFileName } from '../archive/index.js';
import type { AuditLog } from '../audit/index.js';
import { isTokenGone, type Pkcs11Session, type SignatureAlgorithm, tokenError } from '../pkcs11/index.js';
import type { SigningEngine } from './engine.js';

export const batchError = defineErrors({
  CANCELLED: { vi: 'Đã huỷ: tài liệu này chưa được ký.', en: 'Cancelled: this document was not signed.' },
  NOT_REACHED: {
    vi: 'Chưa ký: lô dừng trước tài liệu này ({reason}).',
    en: 'Not signed: the batch stopped before this document ({reason}).',
  },
  DOCUMENT_CHANGED: {
    vi: 'Tài liệu "{name}" khác với bản đã xem trước (SHA-256 {got}, đã xem {want}); không ký.',
    en: 'Document "{name}" differs from the one previewed (SHA-256 {got}, previewed {want}); not signed.',
  },
  CERTIFICATE_EXPIRED: {
    vi: 'Chứng thư số đã hết hạn ngày {date}; không thể ký.',
    en: 'The certificate expired on {date}; cannot sign.',
  },
  CERTIFICATE_NOT_YET_VALID: {
    vi: 'Chứng thư số chỉ có hiệu lực từ ngày {date}; chưa thể ký.',
    en: 'The certificate is valid only from {date}; cannot sign yet.',
  },
  CERTIFICATE_NO_SIGNING: {
    vi: 'Chứng thư số không cho phép ký (thiếu digitalSignature/nonRepudiation).',
    en: 'The certificate does not allow signing (no digitalSignature/nonRepudiation).',
  },
  BATCH_MISMATCH: {
    vi: 'Lô {batchId} đã bắt đầu với vai trò, chứng thư hoặc số tài liệu khác.',
    en: 'Batch {batchId} was started with another role, certificate or size.',
  },
  PDF_NOT_BASE64: {
    vi: 'Tệp PDF "{name}" không đọc được (base64).',
    en: 'PDF "{name}" could not be read (base64).',
  },
});

interface JournalEntry {
  docId: string;
  inputSha256: string;
  /** SHA-256 of the record JSON attached to a portal PDF before signing, if any. */
  attachedSha256?: string;
  sha256: string;
  archived: string;
}

interface BatchState {
  batchId: string;
  role: string;
  certificateId: string;
  total: number;
  finished: Map<string, 'signed' | 'alreadySigned' | 'failed'>;
  running: boolean;
  cancelled: boolean;
  closed: boolean;
}

export interface BatchPartResult {
  status: 'completed' | 'cancelled' | 'failed';
  signed: string[];
  notSigned: { docId: string; error: ErrorInfo }[];
  batch: 'open' | 'closed';
  error?: ErrorInfo;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

export interface BatchContext {
  pairingId: string;
  session: Pkcs11Session;
  emit: (event: Omit<ProgressEvent, 'v' | 'type'>) => Promise<void>;
  /** Extra chain certificates from the configuration. */
  chain: readonly Uint8Array[];
  now?: () => Date;
}

export class BatchSigner {
  private readonly batches = new Map<string, BatchState>();

  constructor(
    private readonly engine: SigningEngine,
    private readonly archive: Archive,
    private readonly audit: AuditLog,
    private readonly journalDir: string,
  ) {}

  private journalPath(batchId: string): string {
    return join(this.journalDir, safeFileName(batchId, '.jsonl'));
  }

  private readJournal(batchId: string): Map<string, JournalEntry> {
    const out = new Map<string, JournalEntry>();
    const path = this.journalPath(batchId);
    if (!existsSync(path)) return out;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      try {
        const entry = JSON.parse(line) as JournalEntry;
        // The archive file must still be there: the journal is written after it.
        if (entry.docId && existsSync(this.archive.path(entry.archived))) out.set(entry.docId, entry);
      } catch {
        // A torn last line (killed mid-append): that document is simply signed again.
      }
    }
    return out;
  }

  private appendJournal(batchId: string, entry: JournalEntry): void {
    mkdirSync(this.journalDir, { recursive: true });
    const path = this.journalPath(batchId);
    appendFileSync(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  isRunning(batchId: string): boolean {
    return this.batches.get(batchId)?.running ?? false;
  }

  /** True while any batch is signing: a new login must not pull the session from under it. */
  anyRunning(): boolean {
    for (const state of this.batches.values()) if (state.running) return true;
    return false;
  }

  /** Asks a running batch to stop after the document being signed. */
  cancel(batchId: string): 'cancelling' | 'notRunning' {
    const state = this.batches.get(batchId);
    if (!state || state.closed) return 'notRunning';
    state.cancelled = true;
    return 'cancelling';
  }

  async signPart(request: SignRequest, context: BatchContext): Promise<BatchPartResult> {
    let state = this.batches.get(request.batchId);
    if (
      state &&
      (state.role !== request.role ||
        state.certificateId !== request.certificateId ||
        state.total !== request.total)
    ) {
      throw batchError('BATCH_MISMATCH', { batchId: request.batchId });
    }
    if (!state || state.closed) {
      state = {
        batchId: request.batchId,
        role: request.role,
        certificateId: request.certificateId,
        total: request.total,
        finished: new Map(),
        running: false,
        cancelled: false,
        closed: false,
      };
      this.batches.set(request.batchId, state);
    }
    state.running = true;
    try {
      return await this.run(request, state, context);
    } finally {
      state.running = false;
    }
  }

  private async run(
    request: SignRequest,
    state: BatchState,
    context: BatchContext,
  ): Promise<BatchPartResult> {
    const now = context.now ?? (() => new Date());
    const signed: string[] = [];
    const notSigned: { docId: string; error: ErrorInfo }[] = [];
    const journal = this.readJournal(request.batchId);
    const { session } = context;

    const details = session.certificateDetails(request.certificateId);
    const signer = session.signer(request.certificateId, context.chain);
    if (details) {
      const error =
        now() > details.notAfter
          ? batchError('CERTIFICATE_EXPIRED', { date: details.notAfter.toISOString().slice(0, 10) })
          : now() < details.notBefore
            ? batchError('CERTIFICATE_NOT_YET_VALID', { date: details.notBefore.toISOString().slice(0, 10) })
            : details.keyUsage === 'noSigning'
              ? batchError('CERTIFICATE_NO_SIGNING')
              : undefined;
      if (error) throw error;
    }
    const algorithm: SignatureAlgorithm | undefined =
      request.algorithm && signer.algorithms.includes(request.algorithm) ? request.algorithm : undefined;
    if (request.algorithm && !algorithm)
      throw tokenError('ALGORITHM_UNSUPPORTED', { algorithm: request.algorithm });
    if (signer.algorithms.length === 0) throw batchError('CERTIFICATE_NO_SIGNING');
    const signerName = details?.subject.text ?? '';
    const certificateSha256 = sha256(signer.certificate);

    let stop: { status: 'cancelled' | 'failed'; error: HocbaError } | undefined;
    for (const doc of request.documents) {
      if (!stop && state.cancelled) stop = { status: 'cancelled', error: batchError('CANCELLED') };
      if (!stop && !session.isOpen) stop = { status: 'failed', error: tokenError('NOT_LOGGED_IN') };
      if (stop) {
        const error =
          stop.status === 'cancelled'
            ? batchError('CANCELLED')
            : batchError('NOT_REACHED', { reason: stop.error.vi });
        notSigned.push({ docId: doc.docId, error: error.toJSON() });
        continue;
      }
      // Let a cancel (or other messages) in between documents.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        const { input, attachRecord } = await this.prepare(doc);
        const inputSha256 = sha256(input);
        if (doc.sha256 && doc.sha256 !== inputSha256)
          throw batchError('DOCUMENT_CHANGED', { name: doc.name, got: inputSha256, want: doc.sha256 });
        const attachedSha256 = attachRecord ? sha256(recordJsonBytes(attachRecord)) : undefined;
        const previous = journal.get(doc.docId);
        if (previous && previous.inputSha256 === inputSha256 && previous.attachedSha256 === attachedSha256) {
          const pdf = readFileSync(this.archive.path(previous.archived));
          state.finished.set(doc.docId, 'alreadySigned');
          signed.push(doc.docId);
          await context.emit({
            id: request.id,
            batchId: request.batchId,
            docId: doc.docId,
            done: state.finished.size,
            total: state.total,
            status: 'alreadySigned',
            pdfBase64: pdf.toString('base64'),
            sha256: previous.sha256,
            inputSha256,
            archived: previous.archived,
          });
          continue;
        }
        const { pdf: output, algorithm: used } = await this.engine.sign(input, {
          signer,
          role: request.role,
          ...(algorithm ? { algorithm } : {}),
          signerName,
          ...(attachRecord ? { attachRecord } : {}),
        });
        const outputSha256 = sha256(output);
        const archived = this.archive.store(request.batchId, doc.docId, output);
        this.appendJournal(request.batchId, {
          docId: doc.docId,
          inputSha256,
          ...(attachedSha256 ? { attachedSha256 } : {}),
          sha256: outputSha256,
          archived,
        });
        this.audit.append({
          event: 'document.signed',
          pairingId: context.pairingId,
          batchId: request.batchId,
          docId: doc.docId,
          name: doc.name,
          role: request.role,
          signer: signerName,
          certificateSha256,
          inputSha256,
          sha256: outputSha256,
          archived,
          algorithm: used,
          ...(doc.overridden?.length ? { overridden: doc.overridden } : {}),
        });
        state.finished.set(doc.docId, 'signed');
        signed.push(doc.docId);
        await context.emit({
          id: request.id,
          batchId: request.batchId,
          docId: doc.docId,
          done: state.finished.size,
          total: state.total,
          status: 'signed',
          pdfBase64: Buffer.from(output).toString('base64'),
          sha256: outputSha256,
          inputSha256,
          archived,
        });
      } catch (caught) {
        const error = toHocbaError(caught);
        this.audit.append({
          event: 'document.failed',
          pairingId: context.pairingId,
          batchId: request.batchId,
          docId: doc.docId,
          name: doc.name,
          role: request.role,
          code: error.code,
        });
        notSigned.push({ docId: doc.docId, error: error.toJSON() });
        if (isTokenGone(error) || session.tokenGone) {
          stop = { status: 'failed', error };
        } else state.finished.set(doc.docId, 'failed');
        await context.emit({
          id: request.id,
          batchId: request.batchId,
          docId: doc.docId,
          done: state.finished.size,
          total: state.total,
          status: 'failed',
          error: error.toJSON(),
        });
      }
    }
    const status = stop?.status ?? (state.cancelled ? 'cancelled' : 'completed');
    if (status !== 'completed' || state.finished.size >= state.total) state.closed = true;
    this.audit.append({
      event: 'batch.finished',
      pairingId: context.pairingId,
      batchId: request.batchId,
      status,
      signed: signed.length,
      notSigned: notSigned.length,
    });
    return {
      status,
      signed,
      notSigned,
      batch: state.closed ? 'closed' : 'open',
      ...(stop ? { error: stop.error.toJSON() } : {}),
    };
  }

  /**
   * The unsigned PDF the companion prepared itself (a record rendered, or the portal PDF as
   * sent) and the validated record to attach to it. A record that does not match the
   * format is RECORD_INVALID (JSON Pointer and reason, vi + en) before anything is rendered.
   */
  private async prepare(doc: DocumentToSign): Promise<{ input: Uint8Array; attachRecord?: HocBaRecord }> {
    // Only well-formed records are rendered, attached and signed: the same check `hocba check` uses.
    if (doc.kind === 'record') return { input: await this.engine.renderRecord(requireRecord(doc.record)) };
    const attachRecord = doc.attachRecord ? requireRecord(doc.attachRecord) : undefined;
    const bytes = Buffer.from(doc.pdfBase64, 'base64');
    if (bytes.length === 0) throw batchError('PDF_NOT_BASE64', { name: doc.name });
    return { input: new Uint8Array(bytes), ...(attachRecord ? { attachRecord } : {}) };
  }
}
