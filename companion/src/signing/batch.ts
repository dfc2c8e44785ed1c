/**
 * Signs the documents of a batch, one after the other, with the one login the batch got.
 * Each signed PDF goes through one write order: archive (atomic, never over another file)
 * → journal (fsync) → audit line → report. A companion killed anywhere in it loses nothing:
 * at the next start `rollForward` writes the audit line of every journaled file the log
 * lacks and records archived files no journal names; sending the same batchId again
 * resumes: what the journal holds is returned, not signed twice, but only to the same
 * signer's certificate in the same role. Each part ends with the audit log's head signed by
 * the same key in the same login (an anchor: see audit/anchor.ts).
 */
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import { defineErrors, type ErrorInfo, type HocbaError, toHocbaError } from '@hocba/shared/errors';
import { recordJsonBytes } from '@hocba/shared/pdf';
import type { DocumentToSign, ProgressEvent, SignatureLevel, SignRequest } from '@hocba/shared/protocol';
import { type HocBaRecord, requireRecord } from '@hocba/shared/record';
import { type Archive, safeFileName } from '../archive/index.js';
import type { AuditAnchor, AuditLog } from '../audit/index.js';
import { crashPoint } from '../crash/index.js';
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

  ARCHIVE_CHANGED: {
    vi: 'Tệp đã ký của "{name}" trong kho lưu ({path}) đã bị thay đổi; không trả lại tệp này.',
    en: 'The signed file of "{name}" in the archive ({path}) was changed; it is not returned.',
  },
  PDF_NOT_BASE64: {
    vi: 'Tệp PDF "{name}" không đọc được (base64).',
    en: 'PDF "{name}" could not be read (base64).',
  },
});

/** The journal's first line: who the batch signs as. A resume by anyone else is refused. */
interface JournalHeader {
  kind: 'batch';
  batchId: string;
  role: string;
  certificateSha256: string;
}

/** One signed document: everything its `document.signed` audit line holds, so it can be rolled forward. */
interface JournalEntry {
  batchId: string;
  docId: string;
  name: string;
  pairingId: string;
  role: string;
  signer: string;
  certificateSha256: string;
  inputSha256: string;
  /** SHA-256 of the record JSON attached to a portal PDF before signing, if any. */
  attachedSha256?: string;
  sha256: string;
  archived: string;
  algorithm: string;
  /** PAdES level achieved (older journals: absent). */
  level?: SignatureLevel;
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
  /** The audit log's head, signed by this batch's key: the extension keeps it. */
  auditHead?: AuditAnchor;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const auditFields = (e: JournalEntry) => ({
  pairingId: e.pairingId,
  batchId: e.batchId,
  docId: e.docId,
  name: e.name,
  role: e.role,
  signer: e.signer,
  certificateSha256: e.certificateSha256,
  inputSha256: e.inputSha256,
  sha256: e.sha256,
  archived: e.archived,
  algorithm: e.algorithm,
  ...(e.level ? { level: e.level } : {}),
});

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

  private readJournalFile(path: string): { header?: JournalHeader; entries: JournalEntry[] } {
    const out: { header?: JournalHeader; entries: JournalEntry[] } = { entries: [] };
    if (!existsSync(path)) return out;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      try {
        const value = JSON.parse(line) as Partial<JournalHeader & JournalEntry>;
        if (value.kind === 'batch') out.header ??= value as JournalHeader;
        // Only complete entries (this format) whose archive file is still there.
        else if (
          typeof value.docId === 'string' &&
          typeof value.sha256 === 'string' &&
          typeof value.certificateSha256 === 'string' &&
          typeof value.archived === 'string' &&
          existsSync(this.archive.path(value.archived))
        )
          out.entries.push(value as JournalEntry);
      } catch {
        // A torn last line (killed mid-append): that document is simply signed again.
      }
    }
    return out;
  }

  /**
   * At start: the audit line of every journaled file the log lacks (killed between journal
   * and audit), and a record of archived files no journal names (killed between archive and
   * journal; the document was signed again on resume, but this file exists and is kept).
   */
  rollForward(): { recovered: number; unrecorded: number } {
    let recovered = 0;
    let unrecorded = 0;
    const named = new Set<string>();
    const journals = existsSync(this.journalDir)
      ? readdirSync(this.journalDir).filter((f) => f.endsWith('.jsonl') && !f.startsWith('.'))
      : [];
    for (const file of journals) {
      for (const e of this.readJournalFile(join(this.journalDir, file)).entries) {
        named.add(e.archived);
        if (this.audit.hasSigned(e.batchId, e.docId, e.sha256)) continue;
        this.audit.append({ event: 'document.signed', ...auditFields(e), recovered: true });
        recovered++;
      }
    }
    const root = this.archive.root;
    const files = existsSync(root) ? (readdirSync(root, { recursive: true }) as string[]) : [];
    for (const file of files) {
      if (!file.endsWith('.pdf') || file.split(sep).at(-1)!.startsWith('.')) continue;
      const rel = relative(root, join(root, file));
      if (named.has(rel) || this.audit.mentionsArchived(rel)) continue;
      this.audit.append({
        event: 'archive.unrecorded',
        archived: rel,
        sha256: sha256(readFileSync(join(root, rel))),
      });
      unrecorded++;
    }
    return { recovered, unrecorded };
  }

  private appendJournal(batchId: string, entry: JournalEntry | JournalHeader): void {
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
    } catch (error) {
      // Refused before any document (wrong signer for a journaled batch, expired certificate):
      // the batch is not bound to this request's role and certificate.
      if (state.finished.size === 0) this.batches.delete(request.batchId);
      throw error;
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

    // Resume only as the same signer in the same role: a batch one certificate or role
    // started is never completed (or "already signed") for another.
    const { header, entries } = this.readJournalFile(this.journalPath(request.batchId));
    if (header && (header.role !== request.role || header.certificateSha256 !== certificateSha256))
      throw batchError('BATCH_MISMATCH', { batchId: request.batchId });
    if (!header)
      this.appendJournal(request.batchId, {
        kind: 'batch',
        batchId: request.batchId,
        role: request.role,
        certificateSha256,
      });
    // Going on without the time-stamp server is the user's choice: on the record.
    if (request.withoutTimestamp)
      this.audit.append({
        event: 'timestamp.skipped',
        pairingId: context.pairingId,
        batchId: request.batchId,
        role: request.role,
        signer: signerName,
        certificateSha256,
      });
    const journal = new Map<string, JournalEntry>();
    for (const e of entries)
      if (e.role === request.role && e.certificateSha256 === certificateSha256) journal.set(e.docId, e);

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
          if (sha256(pdf) !== previous.sha256)
            throw batchError('ARCHIVE_CHANGED', { name: doc.name, path: previous.archived });
          if (!this.audit.hasSigned(request.batchId, doc.docId, previous.sha256))
            this.audit.append({ event: 'document.signed', ...auditFields(previous), recovered: true });
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
            ...(previous.level ? { level: previous.level } : {}),
          });
          continue;
        }
        const {
          pdf: output,
          algorithm: used,
          level,
          revocationError,
        } = await this.engine.sign(input, {
          signer,
          role: request.role,
          ...(algorithm ? { algorithm } : {}),
          signerName,
          ...(attachRecord ? { attachRecord } : {}),
          ...(request.withoutTimestamp ? { withoutTimestamp: true } : {}),
        });
        if (revocationError)
          this.audit.append({
            event: 'revocation.missing',
            batchId: request.batchId,
            docId: doc.docId,
            code: revocationError.code,
            reason: revocationError.en,
          });
        crashPoint('sign.signed');
        const outputSha256 = sha256(output);
        const archived = this.archive.store(request.batchId, doc.docId, output);
        crashPoint('sign.archived');
        this.appendJournal(request.batchId, {
          batchId: request.batchId,
          docId: doc.docId,
          name: doc.name,
          pairingId: context.pairingId,
          role: request.role,
          signer: signerName,
          certificateSha256,
          inputSha256,
          ...(attachedSha256 ? { attachedSha256 } : {}),
          sha256: outputSha256,
          archived,
          algorithm: used,
          level,
        });
        crashPoint('sign.journaled');
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
          level,
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
          level,
        });
        crashPoint('sign.reported');
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
        // The token gone, or the time-stamp server unreachable: every next document would fail
        // the same way (and the TSA wait each time); the user decides how to go on.
        if (isTokenGone(error) || session.tokenGone || error.code === 'TIMESTAMP_UNREACHABLE') {
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
    const auditHead = signed.length > 0 ? await this.anchor(request, context, signer, algorithm) : undefined;
    return {
      status,
      signed,
      notSigned,
      batch: state.closed ? 'closed' : 'open',
      ...(stop ? { error: stop.error.toJSON() } : {}),
      ...(auditHead ? { auditHead } : {}),
    };
  }

  /** The log's head signed with the batch's key, in the same login; never fails the batch. */
  private async anchor(
    request: SignRequest,
    context: BatchContext,
    signer: {
      certificate: Uint8Array;
      algorithms: readonly SignatureAlgorithm[];
      sign: (data: Uint8Array, algorithm: SignatureAlgorithm) => Promise<Uint8Array>;
    },
    preferred: SignatureAlgorithm | undefined,
  ): Promise<AuditAnchor | undefined> {
    const { session } = context;
    const algorithm = preferred ?? signer.algorithms[0];
    if (!algorithm || !session.isOpen || session.tokenGone) {
      this.audit.append({ event: 'audit.unanchored', batchId: request.batchId, code: 'NOT_LOGGED_IN' });
      return undefined;
    }
    try {
      return await this.audit.anchor(request.batchId, signer.certificate, async (statement) => ({
        signature: await signer.sign(statement, algorithm),
        algorithm,
      }));
    } catch (caught) {
      this.audit.append({
        event: 'audit.unanchored',
        batchId: request.batchId,
        code: toHocbaError(caught).code,
      });
      return undefined;
    }
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
    // A PDF from outside is read in a worker with a time limit first (engine permitting).
    await this.engine.checkPdf?.(new Uint8Array(bytes));
    return { input: new Uint8Array(bytes), ...(attachRecord ? { attachRecord } : {}) };
  }
}
