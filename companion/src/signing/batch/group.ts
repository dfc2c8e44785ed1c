/**
 * Signed documents made durable together, then reported. Each one's own writes need no fsync
 * of their own (`add`); the group's flush makes them all durable at once before any is
 * reported (`flush`). A group waits no longer than its window for the next document.
 */
import type { SignRequest } from '@hocba/shared/protocol';
import type { Archive } from '../../archive/index.js';
import type { AuditLog } from '../../audit/index.js';
import { crashPoint } from '../../crash/index.js';
import type { DocumentWork } from './document-work.js';
import { auditFields, type BatchJournal, type JournalEntry } from './journal.js';
import { progressHead, signedFile } from './progress.js';
import { sha256Hex } from './sha256.js';
import type { BatchContext, BatchState } from './types.js';

/**
 * How long a signed document may wait for the next ones to share its fsyncs before it is
 * reported, and how many may wait (their signed bytes are held until reported).
 */
export const GROUP_WINDOW_MS = 50;
export const GROUP_MAX = 32;

/** A signed document archived and journaled, waiting for its group's fsyncs to be reported. */
interface GroupedDocument {
  entry: JournalEntry;
  pdf: Uint8Array;
  /** When it joined the group (performance.now()). */
  at: number;
  overridden?: string[];
}

/** Who signs the batch's documents, as the journal and the audit log name them. */
export interface GroupSigner {
  certificateSha256: string;
  signerName: string;
}

export class SignedGroup {
  private readonly members: GroupedDocument[] = [];
  private readonly unreported: string[] = [];

  constructor(
    private readonly stores: { archive: Archive; journal: BatchJournal; audit: AuditLog },
    private readonly request: SignRequest,
    private readonly state: BatchState,
    /** The part's list of signed documents, which `flush` adds to as it reports them. */
    private readonly signed: string[],
    private readonly context: BatchContext,
    private readonly signer: GroupSigner,
    private readonly windowMs: number,
  ) {}

  get size(): number {
    return this.members.length;
  }

  /**
   * A signed document's durable writes that need no fsync of their own: the archive file
   * (its bytes flushed, its name not yet) and its journal line (written, not yet flushed).
   * A kill from here on loses nothing (the kernel has both); a power cut may, which is why
   * nothing is reported before `flush`.
   */
  add(work: Extract<DocumentWork, { kind: 'signed' }>): void {
    const { request, context } = this;
    const { doc } = work;
    crashPoint('sign.signed');
    const outputSha256 = sha256Hex(work.pdf);
    const archived = this.stores.archive.store(request.batchId, doc.docId, work.pdf, {
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
      signer: this.signer.signerName,
      certificateSha256: this.signer.certificateSha256,
      inputSha256: work.inputSha256,
      ...(work.attachedSha256 ? { attachedSha256: work.attachedSha256 } : {}),
      sha256: outputSha256,
      archived,
      algorithm: work.algorithm,
      level: work.level,
    };
    this.stores.journal.append(request.batchId, entry, false);
    crashPoint('sign.journaled');
    this.members.push({
      entry,
      pdf: work.pdf,
      at: performance.now(),
      ...(doc.overridden?.length ? { overridden: doc.overridden } : {}),
    });
  }

  /**
   * Makes the group's documents durable together, then reports them: the archive folder's
   * entries, the journal, the audit lines (one write, one fsync, one head). What was
   * reported signed therefore survives a power cut; the group costs 1 fsync a file plus 5
   * for all of it instead of 6 a file (docs/performance.md, "fsyncs a signed record pays").
   * The group is empty afterwards, whether or not it got that far.
   */
  async flush(): Promise<void> {
    try {
      await this.flushMembers();
    } finally {
      // A flush that failed part-way (the disk full): who was not reported, for the batch to say.
      for (const { entry } of this.members)
        if (!this.signed.includes(entry.docId)) this.unreported.push(entry.docId);
      this.members.length = 0;
    }
  }

  /** Documents of groups whose flush failed before they were reported (then forgotten here). */
  takeUnreported(): string[] {
    return this.unreported.splice(0);
  }

  private async flushMembers(): Promise<void> {
    const { request, state, context } = this;
    if (this.members.length === 0) return;
    this.stores.archive.syncBatchFolder(request.batchId);
    this.stores.journal.sync(request.batchId);
    this.stores.audit.appendAll(
      this.members.map(({ entry, overridden }) => ({
        event: 'document.signed',
        ...auditFields(entry),
        ...(overridden ? { overridden } : {}),
      })),
    );
    for (const { entry, pdf } of this.members) {
      state.finished.set(entry.docId, 'signed');
      this.signed.push(entry.docId);
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
   * The next document's result, but the group waits no longer than its window for it: a slow
   * token (100–500 ms a signature) gets each document reported as it is signed.
   */
  async awaitWithinWindow(pending: Promise<DocumentWork>): Promise<DocumentWork> {
    if (this.members.length === 0) return pending;
    const left = this.members[0]!.at + this.windowMs - performance.now();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(0, left));
    });
    const first = await Promise.race([pending, late]);
    clearTimeout(timer);
    if (first !== 'late') return first;
    await this.flush();
    return pending;
  }
}
