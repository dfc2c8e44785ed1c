/**
 * The audit log: one JSON object per line, append-only, each line carrying the SHA-256 of
 * the line before it (a hash chain); `audit.head` holds the last line's number and hash,
 * and `audit.anchors.jsonl` the heads the signers' tokens signed (see anchor.ts). What it
 * proves and what it cannot: docs/audit.md. Entries are built from named fields only: a
 * PIN or a document's content has no field to go into.
 *
 * Crash safety: each append writes and fsyncs its line (or a group's lines, `appendAll`: one
 * write, one fsync, one head), then renames the new head into place. A process killed in
 * between leaves the head behind the log (or a torn last line); the next append, and every
 * start, rolls forward from the log itself: a torn line is cut off and recorded, a head
 * behind is brought up to the log's end when the hash chain links from the head's line to
 * the end, and a head that does not match the log (ahead of it, or a chain that does not
 * link) is recorded as such (never silently overwritten).
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../archive/index.js';
import { crashPoint } from '../crash/index.js';
import { type AuditAnchor, anchorStatement, certificateSha256 } from './anchor.js';
import {
  type AuditHead,
  auditPaths,
  GENESIS,
  lineHash,
  MAX_HEAD_LAG,
  readHeadFile,
  safeParse,
} from './format.js';
import { withFileLock } from './lock.js';
import { readTail } from './tail.js';

export { type AuditAnchor, anchorStatement, checkAnchorSignature, parseAnchor } from './anchor.js';
export * from './format.js';
export { type AuditReport, verifyAudit, verifyAuditLog } from './verify.js';

export type AuditEvent =
  | { event: 'companion.started'; version: string; port: number; module?: string }
  | { event: 'pairing.created'; pairingId: string; origin: string; label?: string; source: 'code' | 'admin' }
  | { event: 'pairing.revoked'; pairingId: string; origin: string }
  | { event: 'pairing.codeRejected'; origin: string }
  | { event: 'auth.failed'; origin: string; pairingId: string; reason: string }
  | {
      /** Failed proofs and pairing attempts over a period, summed (server/failure-tally.ts). */
      event: 'auth.failures';
      count: number;
      since: string;
      until: string;
      reasons: Record<string, number>;
      origins: string[];
      moreOrigins: number;
    }
  | { event: 'login.succeeded'; pairingId: string; token: string; serial: string }
  | { event: 'login.failed'; pairingId: string; token: string; serial: string; code: string }
  | { event: 'logout'; pairingId: string; serial: string; reason: string }
  | {
      event: 'document.signed';
      pairingId: string;
      batchId: string;
      docId: string;
      name: string;
      role: string;
      signer: string;
      certificateSha256: string;
      inputSha256: string;
      sha256: string;
      archived: string;
      algorithm: string;
      /** PAdES level achieved (B-B, B-T, B-LT). */
      level?: string;
      /** Written at start-up from the batch journal: the companion was killed before its audit line. */
      recovered?: true;
      /** Findings the signer saw in the sign window and signed anyway. */
      overridden?: string[];
    }
  | {
      event: 'document.failed';
      pairingId: string;
      batchId: string;
      docId: string;
      name: string;
      role: string;
      code: string;
    }
  | {
      event: 'batch.finished';
      pairingId: string;
      batchId: string;
      status: string;
      signed: number;
      notSigned: number;
    }
  // The log's own integrity events.
  | { event: 'audit.tornLine'; bytes: number; sha256: string }
  | { event: 'audit.headMismatch'; headSeq: number | null; headHash: string | null; logSeq: number }
  | {
      event: 'audit.anchored';
      anchor: AuditAnchor;
      certificateSha256: string;
    }
  | { event: 'audit.unanchored'; batchId: string; code: string }
  /** The user chose to sign without the configured time-stamp server (B-B). */
  | {
      event: 'timestamp.skipped';
      pairingId: string;
      batchId: string;
      role: string;
      signer: string;
      certificateSha256: string;
    }
  /** B-LT configured, revocation data not obtained: the file is B-T. */
  | { event: 'revocation.missing'; batchId: string; docId: string; code: string; reason: string }
  /** `hocba archive restamp`: a document time-stamp (B-LTA) added; the earlier version is kept. */
  | {
      event: 'archive.restamped';
      archived: string;
      previous: string;
      previousSha256: string;
      sha256: string;
      timestampUntil: string;
    }
  /** A signed file in the archive that no journal names (killed between archive and journal). */
  | { event: 'archive.unrecorded'; archived: string; sha256: string };

function appendLineDurably(path: string, text: string): void {
  const fd = openSync(path, 'a', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class AuditLog {
  readonly paths: ReturnType<typeof auditPaths>;
  /** `batchId docId sha256` of every document.signed line, and every archive path the log names (built on first use). */
  private index?: { signed: Set<string>; archived: Set<string> };

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.paths = auditPaths(path);
    // Roll forward now, so a crash is repaired at start even before anything is logged.
    withFileLock(this.paths.lock, () => this.rollForward());
  }

  append(entry: AuditEvent, now = new Date()): AuditHead {
    return withFileLock(this.paths.lock, () => this.write(this.rollForward(), [entry], now));
  }

  /**
   * Several lines in one write and one fsync, the head written once after them: what a
   * group of signed documents pays instead of one fsync and one head per line.
   */
  appendAll(entries: readonly AuditEvent[], now = new Date()): AuditHead {
    if (entries.length === 0) return this.head();
    return withFileLock(this.paths.lock, () => this.write(this.rollForward(), entries, now));
  }

  /** The head as the log itself says, after rolling forward. */
  head(): AuditHead {
    return withFileLock(this.paths.lock, () => this.rollForward());
  }

  private write(at: AuditHead, entries: readonly AuditEvent[], now: Date): AuditHead {
    const time = now.toISOString();
    let head = at;
    let text = '';
    for (const entry of entries) {
      const line = JSON.stringify({ seq: head.seq + 1, time, prev: head.hash, ...entry });
      text += `${line}\n`;
      head = { seq: head.seq + 1, hash: lineHash(line) };
    }
    appendLineDurably(this.path, text);
    crashPoint('audit.line');
    writeFileAtomic(this.paths.head, JSON.stringify(head));
    crashPoint('audit.head');
    for (const entry of entries) {
      if (entry.event === 'document.signed') this.index?.signed.add(signedKey(entry));
      if (entry.event === 'document.signed' || entry.event === 'archive.unrecorded')
        this.index?.archived.add(entry.archived);
    }
    return head;
  }

  /**
   * The log's true end, repairing what a crash left: a torn last line is cut and recorded,
   * a head behind whose chain links to the end is moved up, any other disagreement is
   * recorded in the log.
   */
  private rollForward(): AuditHead {
    const tail = readTail(this.path, true);
    const last = tail.lines.at(-1);
    let end: AuditHead = { seq: 0, hash: GENESIS };
    if (last !== undefined) {
      const parsed = safeParse(last);
      end = { seq: typeof parsed?.seq === 'number' ? parsed.seq : 0, hash: lineHash(last) };
    }
    const head = readHeadFile(this.paths.head);
    const consistent =
      (head === undefined && end.seq === 0) ||
      (head !== undefined &&
        head !== 'unreadable' &&
        ((head.seq === end.seq && head.hash === end.hash) ||
          // Killed between a group's lines and the head: the head names an earlier line.
          this.chainLinksFrom(head, end.seq)));
    if (!consistent) {
      const known = head !== undefined && head !== 'unreadable';
      end = this.write(
        end,
        [
          {
            event: 'audit.headMismatch',
            headSeq: known ? head.seq : null,
            headHash: known ? head.hash : null,
            logSeq: end.seq,
          },
        ],
        new Date(),
      );
    } else if (head !== undefined && head.seq !== end.seq) {
      writeFileAtomic(this.paths.head, JSON.stringify(end));
    }
    if (tail.torn) end = this.write(end, [{ event: 'audit.tornLine', ...tail.torn }], new Date());
    return end;
  }

  /**
   * Whether a head behind the log names a line of it and every line after that one links
   * to it (consecutive seq, each `prev` the hash of the line before) up to line `endSeq`.
   * A head ahead of the log, or one the chain does not lead from, does not.
   */
  private chainLinksFrom(head: AuditHead, endSeq: number): boolean {
    const behind = endSeq - head.seq;
    if (head.seq < 0 || behind < 1 || behind > MAX_HEAD_LAG) return false;
    // The head's own line too, unless the head is the genesis (then: the whole log).
    const wanted = head.seq === 0 ? behind : behind + 1;
    const lines = readTail(this.path, false, wanted).lines;
    if (lines.length !== wanted) return false;
    let hash = GENESIS;
    let seq = head.seq;
    let rest = lines;
    if (head.seq > 0) {
      const own = safeParse(lines[0]!);
      if (own?.seq !== head.seq) return false;
      hash = lineHash(lines[0]!);
      rest = lines.slice(1);
    }
    if (hash !== head.hash) return false;
    for (const text of rest) {
      const line = safeParse(text);
      if (line?.seq !== seq + 1 || line.prev !== hash) return false;
      seq++;
      hash = lineHash(text);
    }
    return true;
  }

  private indexed(): { signed: Set<string>; archived: Set<string> } {
    if (!this.index) {
      const index = { signed: new Set<string>(), archived: new Set<string>() };
      if (existsSync(this.path))
        for (const text of readFileSync(this.path, 'utf8').split('\n')) {
          const line = safeParse(text);
          if (line?.event === 'document.signed')
            index.signed.add(
              signedKey(line as unknown as { batchId: string; docId: string; sha256: string }),
            );
          if (line?.event === 'document.signed' || line?.event === 'archive.unrecorded')
            index.archived.add(String(line.archived));
        }
      this.index = index;
    }
    return this.index;
  }

  /** Whether a document.signed line for this signed file is in the log. */
  hasSigned(batchId: string, docId: string, sha256: string): boolean {
    return this.indexed().signed.has(signedKey({ batchId, docId, sha256 }));
  }

  /** Whether the log names this archive file (signed, or recorded as found). */
  mentionsArchived(path: string): boolean {
    return this.indexed().archived.has(path);
  }

  /** Signs the current head with the batch's signer and keeps the anchor (file, log). */
  async anchor(
    batchId: string,
    certificate: Uint8Array,
    sign: (statement: Uint8Array) => Promise<{ signature: Uint8Array; algorithm: AuditAnchor['algorithm'] }>,
    now = new Date(),
  ): Promise<AuditAnchor> {
    const head = this.head();
    const unsigned = { seq: head.seq, hash: head.hash, time: now.toISOString(), batchId };
    const { signature, algorithm } = await sign(anchorStatement(unsigned));
    const anchor: AuditAnchor = {
      ...unsigned,
      algorithm,
      certificate: Buffer.from(certificate).toString('base64'),
      signature: Buffer.from(signature).toString('base64'),
    };
    withFileLock(this.paths.lock, () => appendLineDurably(this.paths.anchors, `${JSON.stringify(anchor)}\n`));
    this.append({ event: 'audit.anchored', anchor, certificateSha256: certificateSha256(certificate) }, now);
    return anchor;
  }
}

const signedKey = (e: { batchId: string; docId: string; sha256: string }) =>
  `${e.batchId}\n${e.docId}\n${e.sha256}`;
