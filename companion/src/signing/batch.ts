/**
 * Signs the documents of a batch, one after the other, with the one login the batch got.
 * Each signed PDF goes through one write order: archive (atomic, never over another file)
 * → journal (fsync) → audit line → report. A companion killed anywhere in it loses nothing:
 * at the next start `rollForward` writes the audit line of every journaled file the log
 * lacks and records archived files no journal names; sending the same batchId again
 * resumes: what the journal holds is returned, not signed twice, but only to the same
 * signer's certificate in the same role. Each part ends with the audit log's head signed by
 * the same key in the same login (an anchor: see audit/anchor.ts).
 *
 * This file is the batch's loop; its steps are in ./batch: the key checked (batch-signer),
 * one document's work (document-work), the journal (journal, roll-forward), the group of
 * signed documents made durable and reported together (group), the anchor (anchor).
 */
import type { ErrorInfo, HocbaError } from '@hocba/shared/errors';
import type { SignRequest } from '@hocba/shared/protocol';
import type { Archive } from '../archive/index.js';
import type { AuditLog } from '../audit/index.js';
import { testGroupWindowMs } from '../crash/index.js';
import { isTokenGone, tokenError } from '../pkcs11/index.js';
import { anchorAuditHead } from './batch/anchor.js';
import { openBatchKey } from './batch/batch-signer.js';
import { type DocumentWork, workOn } from './batch/document-work.js';
import { batchError } from './batch/errors.js';
import { GROUP_MAX, GROUP_WINDOW_MS, SignedGroup } from './batch/group.js';
import { auditFields, BatchJournal, type JournalEntry } from './batch/journal.js';
import { progressHead, signedFile } from './batch/progress.js';
import { rollForward } from './batch/roll-forward.js';
import { storageFailure, tryWrite } from './batch/storage-failure.js';
import type { BatchContext, BatchPartResult, BatchState } from './batch/types.js';
import type { SigningEngine } from './engine.js';
import { gatedSigner } from './key-gate.js';

export { batchError } from './batch/errors.js';
export { GROUP_MAX, GROUP_WINDOW_MS } from './batch/group.js';
export { storageFailure, tryWrite } from './batch/storage-failure.js';
export type { BatchContext, BatchPartResult, BatchProgress } from './batch/types.js';

export class BatchSigner {
  private readonly batches = new Map<string, BatchState>();
  private readonly journal: BatchJournal;

  constructor(
    private readonly engine: SigningEngine,
    private readonly archive: Archive,
    private readonly audit: AuditLog,
    journalDir: string,
    /** Tests may widen it to make a group deterministic; see GROUP_WINDOW_MS. */
    private readonly groupWindowMs = testGroupWindowMs() ?? GROUP_WINDOW_MS,
  ) {
    this.journal = new BatchJournal(journalDir, archive);
  }

  /** See ./batch/roll-forward.ts: what a companion killed mid-batch left unrecorded. */
  rollForward(): { recovered: number; unrecorded: number } {
    return rollForward(this.journal, this.archive, this.audit);
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
      // The journal's header or a first audit line not written (disk full): said, typed.
      throw storageFailure(error) ?? error;
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
    const key = openBatchKey(session, request, context.chain, now);
    const { signer, algorithm, signerName } = key;
    const journal = this.resume(request, context, key);

    let stop: { status: 'cancelled' | 'failed'; error: HocbaError } | undefined;
    // The next document is prepared (read, checked, parsed, its update built and hashed)
    // while the token signs the current one; the gate keeps the key operations one at a time.
    let ended = false;
    const gated = gatedSigner(
      signer,
      () => ended || stop !== undefined || state.cancelled || !session.isOpen,
    );
    const group = new SignedGroup(
      { archive: this.archive, journal: this.journal, audit: this.audit },
      request,
      state,
      signed,
      context,
      key,
      this.groupWindowMs,
    );
    const inflight = new Map<number, Promise<DocumentWork>>();
    const start = (index: number) => {
      const doc = request.documents[index];
      if (!doc || inflight.has(index)) return;
      inflight.set(
        index,
        workOn({ engine: this.engine, archive: this.archive }, doc, journal, {
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
        try {
          let work = pending ? await group.awaitWithinWindow(pending) : undefined;
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
            group.add(work);
            if (group.size >= GROUP_MAX || index === request.documents.length - 1) await group.flush();
            continue;
          }
          // Anything else is reported on its own, after the group before it.
          await group.flush();
          if (work.kind === 'signed') {
            this.audit.append({
              event: 'revocation.missing',
              batchId: request.batchId,
              docId: doc.docId,
              code: work.revocationError!.code,
              reason: work.revocationError!.en,
            });
            group.add(work);
            await group.flush();
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
        } catch (caught) {
          // What was signed could not be saved (the disk full, the folder not writable).
          const error = storageFailure(caught);
          if (!error) throw caught;
          stop = { status: 'failed', error };
          // The key operation may still be under way: nothing touches the session after return.
          await pending;
          this.notSaved(notSigned, signed, [...group.takeUnreported(), doc.docId], error);
        }
      }
      try {
        await group.flush();
      } catch (caught) {
        const error = storageFailure(caught);
        if (!error) throw caught;
        stop = { status: 'failed', error };
        this.notSaved(notSigned, signed, group.takeUnreported(), error);
      }
    } finally {
      // A document prepared ahead of a stop: its key operation is refused by the gate; wait
      // for it, so nothing of this batch touches the session once it has returned.
      ended = true;
      await Promise.all(inflight.values());
    }
    const status = stop?.status ?? (state.cancelled ? 'cancelled' : 'completed');
    if (status !== 'completed' || state.finished.size >= state.total) state.closed = true;
    // On a full disk the closing lines may not be written: the answer still goes out.
    const closed = tryWrite(() =>
      this.audit.append({
        event: 'batch.finished',
        pairingId: context.pairingId,
        batchId: request.batchId,
        status,
        signed: signed.length,
        notSigned: notSigned.length,
      }),
    );
    let auditHead: Awaited<ReturnType<typeof anchorAuditHead>>;
    if (closed && signed.length > 0)
      try {
        auditHead = await anchorAuditHead(this.audit, request.batchId, session, signer, algorithm);
      } catch (caught) {
        if (!storageFailure(caught)) throw caught;
      }
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
   * Documents signed but not saved, or saved and not reported, when a write failed: each
   * once in notSigned with the storage error (a resumed batch returns those the journal
   * holds, without signing them again).
   */
  private notSaved(
    notSigned: { docId: string; error: ErrorInfo }[],
    signed: readonly string[],
    docIds: readonly string[],
    error: HocbaError,
  ): void {
    for (const docId of new Set(docIds))
      if (!signed.includes(docId) && !notSigned.some((n) => n.docId === docId))
        notSigned.push({ docId, error: error.toJSON() });
  }

  /**
   * Resume only as the same signer in the same role: a batch one certificate or role started
   * is never completed (or "already signed") for another. Returns what this signer's journal
   * already holds, by document.
   */
  private resume(
    request: SignRequest,
    context: BatchContext,
    { signerName, certificateSha256 }: { signerName: string; certificateSha256: string },
  ): Map<string, JournalEntry> {
    const { header, entries } = this.journal.read(request.batchId);
    if (header && (header.role !== request.role || header.certificateSha256 !== certificateSha256))
      throw batchError('BATCH_MISMATCH', { batchId: request.batchId });
    if (!header)
      this.journal.append(request.batchId, {
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
    return journal;
  }
}
