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
import type { SignatureRole } from '@hocba/shared/roles';
import { type Archive, safeFileName } from '../archive/index.js';
import type { AuditAnchor, AuditLog } from '../audit/index.js';
import { crashPoint, testGroupWindowMs } from '../crash/index.js';
import { isTokenGone, type Pkcs11Session, type SignatureAlgorithm, tokenError } from '../pkcs11/index.js';
import type { SignedDocument, SigningEngine, SignOptions } from './engine.js';
import { gatedSigner, KeyOperationNotStarted } from './key-gate.js';

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

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * How long a signed document may wait for the next ones to share its fsyncs before it is
 * reported, and how many may wait (their signed bytes are held until reported).
 */
export const GROUP_WINDOW_MS = 50;
export const GROUP_MAX = 32;

/** What a document came to before the bookkeeping (see `BatchSigner.work`). */
type DocumentWork =
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

/** A signed document archived and journaled, waiting for its group's fsyncs to be reported. */
interface GroupedDocument {
  entry: JournalEntry;
  pdf: Uint8Array;
  /** When it joined the group (performance.now()). */
  at: number;
  overridden?: string[];
}

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

/** A progress event; with `BatchContext.signedBytes`, `pdf` in place of `pdfBase64`. */
export type BatchProgress = Omit<ProgressEvent, 'v' | 'type'> & { pdf?: Uint8Array };

/** What every progress report of a batch starts with: which batch, which document, how far. */
function progressHead(
  request: { id: string; batchId: string },
  state: { finished: ReadonlyMap<string, unknown>; total: number },
  docId: string,
) {
  return { id: request.id, batchId: request.batchId, docId, done: state.finished.size, total: state.total };
}

/** The signed file as the caller asked for it (see `BatchContext.signedBytes`). */
function signedFile(pdf: Uint8Array, context: BatchContext): { pdf: Uint8Array } | { pdfBase64: string } {
  if (context.signedBytes) return { pdf };
  return { pdfBase64: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('base64') };
}

export interface BatchContext {
  pairingId: string;
  session: Pkcs11Session;
  emit: (event: BatchProgress) => Promise<void>;
  /**
   * In-process callers that write the signed file themselves (`hocba sign`): the event
   * carries the bytes (`pdf`) instead of their base64 (`pdfBase64`), which the protocol
   * needs on the wire but a file does not.
   */
  signedBytes?: boolean;
  /** Extra chain certificates from the configuration. */
  chain: readonly Uint8Array[];
  now?: () => Date;
  /**
   * Reads a PDF document's bytes when its turn comes (`hocba sign`: from its file) instead
   * of from the request's base64, so a long batch never holds every input at once.
   */
  readPdf?: (doc: DocumentToSign) => Uint8Array;
}

export class BatchSigner {
  private readonly batches = new Map<string, BatchState>();

  constructor(
    private readonly engine: SigningEngine,
    private readonly archive: Archive,
    private readonly audit: AuditLog,
    private readonly journalDir: string,
    /** Tests may widen it to make a group deterministic; see GROUP_WINDOW_MS. */
    private readonly groupWindowMs = testGroupWindowMs() ?? GROUP_WINDOW_MS,
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

  /** A journal line; flushed now, or (`sync` false) by the group's `syncFile` before any report. */
  private appendJournal(batchId: string, entry: JournalEntry | JournalHeader, sync = true): void {
    mkdirSync(this.journalDir, { recursive: true });
    const path = this.journalPath(batchId);
    appendFileSync(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    if (sync) syncFile(path);
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
    // The next document is prepared (read, checked, parsed, its update built and hashed)
    // while the token signs the current one; the gate keeps the key operations one at a time.
    let ended = false;
    const gated = gatedSigner(
      signer,
      () => ended || stop !== undefined || state.cancelled || !session.isOpen,
    );
    const group: GroupedDocument[] = [];
    const flush = () =>
      this.flushGroup(group, request, state, signed, context).finally(() => {
        group.length = 0;
      });
    const inflight = new Map<number, Promise<DocumentWork>>();
    const start = (index: number) => {
      const doc = request.documents[index];
      if (!doc || inflight.has(index)) return;
      inflight.set(
        index,
        this.work(doc, journal, {
          signer: gated,
          role: request.role,
          ...(algorithm ? { algorithm } : {}),
          signerName,
          ...(request.withoutTimestamp ? { withoutTimestamp: true } : {}),
          ...(context.readPdf ? { readPdf: context.readPdf } : {}),
        }),
      );
    };
    try {
      for (let index = 0; index < request.documents.length; index++) {
        const doc = request.documents[index]!;
        if (!stop && state.cancelled) stop = { status: 'cancelled', error: batchError('CANCELLED') };
        if (!stop && !session.isOpen) stop = { status: 'failed', error: tokenError('NOT_LOGGED_IN') };
        if (!stop) {
          start(index);
          // One document ahead, no more: memory stays flat however long the batch.
          if (!state.cancelled) start(index + 1);
        }
        // Let a cancel (or other messages) in between documents, even when nothing below waits
        // on I/O (a resumed batch answered from the journal).
        await new Promise((resolve) => setImmediate(resolve));
        const pending = inflight.get(index);
        inflight.delete(index);
        let work = pending ? await this.awaitWithinWindow(pending, group, flush) : undefined;
        if (work?.kind === 'notStarted') {
          if (!stop && state.cancelled) stop = { status: 'cancelled', error: batchError('CANCELLED') };
          stop ??= { status: 'failed', error: tokenError('NOT_LOGGED_IN') };
          work = undefined;
        }
        // Prepared ahead of a stop: not reached, unless the token had already signed it (kept).
        if (stop && work?.kind !== 'signed') work = undefined;
        if (!work) {
          const error =
            stop?.status === 'cancelled'
              ? batchError('CANCELLED')
              : batchError('NOT_REACHED', { reason: (stop?.error ?? tokenError('NOT_LOGGED_IN')).vi });
          notSigned.push({ docId: doc.docId, error: error.toJSON() });
          continue;
        }
        if (work.kind === 'signed' && !work.revocationError) {
          this.commitSigned(work, request, context, certificateSha256, signerName, group);
          if (group.length >= GROUP_MAX || index === request.documents.length - 1) await flush();
          continue;
        }
        // Anything else is reported on its own, after the group before it.
        await flush();
        if (work.kind === 'signed') {
          this.audit.append({
            event: 'revocation.missing',
            batchId: request.batchId,
            docId: doc.docId,
            code: work.revocationError!.code,
            reason: work.revocationError!.en,
          });
          this.commitSigned(work, request, context, certificateSha256, signerName, group);
          await flush();
        } else if (work.kind === 'alreadySigned') {
          const { previous, pdf, inputSha256 } = work;
          if (!this.audit.hasSigned(request.batchId, doc.docId, previous.sha256))
            this.audit.append({ event: 'document.signed', ...auditFields(previous), recovered: true });
          state.finished.set(doc.docId, 'alreadySigned');
          signed.push(doc.docId);
          await context.emit({
            ...progressHead(request, state, doc.docId),
            status: 'alreadySigned',
            ...signedFile(pdf, context),
            sha256: previous.sha256,
            inputSha256,
            archived: previous.archived,
            ...(previous.level ? { level: previous.level } : {}),
          });
        } else {
          const { error } = work;
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
            ...progressHead(request, state, doc.docId),
            status: 'failed',
            error: error.toJSON(),
          });
        }
      }
      await flush();
    } finally {
      // A document prepared ahead of a stop: its key operation is refused by the gate; wait
      // for it, so nothing of this batch touches the session once it has returned.
      ended = true;
      await Promise.all(inflight.values());
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

  /**
   * Everything a document needs before the bookkeeping, safe to run ahead of the document
   * before it: read and check the input, find it in the journal, or sign it (the key
   * operation waits its turn at the gate). Never throws: a failure is a result.
   */
  private async work(
    doc: DocumentToSign,
    journal: ReadonlyMap<string, JournalEntry>,
    options: Omit<SignOptions, 'attachRecord'> & { readPdf?: (doc: DocumentToSign) => Uint8Array },
  ): Promise<DocumentWork> {
    try {
      const { readPdf, ...signOptions } = options;
      const { input, attachRecord } = await this.prepare(doc, signOptions.role, readPdf);
      const inputSha256 = sha256(input);
      if (doc.sha256 && doc.sha256 !== inputSha256)
        throw batchError('DOCUMENT_CHANGED', { name: doc.name, got: inputSha256, want: doc.sha256 });
      const attachedSha256 = attachRecord ? sha256(recordJsonBytes(attachRecord)) : undefined;
      const previous = journal.get(doc.docId);
      if (previous && previous.inputSha256 === inputSha256 && previous.attachedSha256 === attachedSha256) {
        const pdf = readFileSync(this.archive.path(previous.archived));
        if (sha256(pdf) !== previous.sha256)
          throw batchError('ARCHIVE_CHANGED', { name: doc.name, path: previous.archived });
        return { kind: 'alreadySigned', doc, previous, pdf, inputSha256 };
      }
      // `input` is not read after this: the engine may move it to its worker rather than copy it.
      const signedDocument = await this.engine.sign(input, {
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
   * A signed document's durable writes that need no fsync of their own: the archive file
   * (its bytes flushed, its name not yet) and its journal line (written, not yet flushed).
   * A kill from here on loses nothing (the kernel has both); a power cut may, which is why
   * nothing is reported before `flushGroup`.
   */
  private commitSigned(
    work: Extract<DocumentWork, { kind: 'signed' }>,
    request: SignRequest,
    context: BatchContext,
    certificateSha256: string,
    signerName: string,
    group: GroupedDocument[],
  ): void {
    const { doc } = work;
    crashPoint('sign.signed');
    const outputSha256 = sha256(work.pdf);
    const archived = this.archive.store(request.batchId, doc.docId, work.pdf, {
      syncFolder: false,
      sha256: outputSha256,
    });
    crashPoint('sign.archived');
    const entry: JournalEntry = {
      batchId: request.batchId,
      docId: doc.docId,
      name: doc.name,
      pairingId: context.pairingId,
      role: request.role,
      signer: signerName,
      certificateSha256,
      inputSha256: work.inputSha256,
      ...(work.attachedSha256 ? { attachedSha256: work.attachedSha256 } : {}),
      sha256: outputSha256,
      archived,
      algorithm: work.algorithm,
      level: work.level,
    };
    this.appendJournal(request.batchId, entry, false);
    crashPoint('sign.journaled');
    group.push({
      entry,
      pdf: work.pdf,
      at: performance.now(),
      ...(doc.overridden?.length ? { overridden: doc.overridden } : {}),
    });
  }

  /**
   * Makes a group of signed documents durable together, then reports them: the archive
   * folder's entries, the journal, the audit lines (one write, one fsync, one head). What
   * was reported signed therefore survives a power cut; the group costs 1 fsync a file plus
   * 5 for all of it instead of 6 a file (docs/performance.md, "fsyncs a signed record pays").
   */
  private async flushGroup(
    group: readonly GroupedDocument[],
    request: SignRequest,
    state: BatchState,
    signed: string[],
    context: BatchContext,
  ): Promise<void> {
    if (group.length === 0) return;
    this.archive.syncBatchFolder(request.batchId);
    syncFile(this.journalPath(request.batchId));
    this.audit.appendAll(
      group.map(({ entry, overridden }) => ({
        event: 'document.signed',
        ...auditFields(entry),
        ...(overridden ? { overridden } : {}),
      })),
    );
    for (const { entry, pdf } of group) {
      state.finished.set(entry.docId, 'signed');
      signed.push(entry.docId);
      await context.emit({
        ...progressHead(request, state, entry.docId),
        status: 'signed',
        ...signedFile(pdf, context),
        sha256: entry.sha256,
        inputSha256: entry.inputSha256,
        archived: entry.archived,
        ...(entry.level ? { level: entry.level } : {}),
      });
      crashPoint('sign.reported');
    }
  }

  /**
   * The next document's result, but a group waits no longer than its window for it: a slow
   * token (100–500 ms a signature) gets each document reported as it is signed.
   */
  private async awaitWithinWindow(
    pending: Promise<DocumentWork>,
    group: readonly GroupedDocument[],
    flush: () => Promise<void>,
  ): Promise<DocumentWork> {
    if (group.length === 0) return pending;
    const left = group[0]!.at + this.groupWindowMs - performance.now();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(0, left));
    });
    const first = await Promise.race([pending, late]);
    clearTimeout(timer);
    if (first !== 'late') return first;
    await flush();
    return pending;
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
  private async prepare(
    doc: DocumentToSign,
    role: SignatureRole,
    readPdf?: (doc: DocumentToSign) => Uint8Array,
  ): Promise<{ input: Uint8Array; attachRecord?: HocBaRecord }> {
    // Only well-formed records are rendered, attached and signed: the same check `hocba check` uses.
    if (doc.kind === 'record') return { input: await this.engine.renderRecord(requireRecord(doc.record)) };
    const attachRecord = doc.attachRecord ? requireRecord(doc.attachRecord) : undefined;
    const bytes = readPdf ? readPdf(doc) : Buffer.from(doc.pdfBase64, 'base64');
    if (bytes.length === 0) throw batchError('PDF_NOT_BASE64', { name: doc.name });
    // A PDF from outside is read in a worker with a time limit first (engine permitting).
    await this.engine.checkPdf?.(bytes, { role, attachRecord: attachRecord !== undefined });
    // Bytes of their own (a file read, a base64 decoded): no copy; a view into a pool: copied.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    return { input: own ? bytes : new Uint8Array(bytes), ...(attachRecord ? { attachRecord } : {}) };
  }
}
