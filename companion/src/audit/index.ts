/**
 * The audit log: one JSON object per line, append-only, each line carrying the SHA-256 of
 * the line before it (a hash chain), and `audit.head` holding the last line's hash and
 * number, so `hocba audit verify` sees an edited, inserted or removed line, including the
 * last one. Entries are built from named fields only: a PIN or a document's content has no
 * field to go into.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../archive/index.js';

export type AuditEvent =
  | { event: 'companion.started'; version: string; port: number; module?: string }
  | { event: 'pairing.created'; pairingId: string; origin: string; label?: string; source: 'code' | 'admin' }
  | { event: 'pairing.revoked'; pairingId: string; origin: string }
  | { event: 'pairing.codeRejected'; origin: string }
  | { event: 'auth.failed'; origin: string; pairingId: string; reason: string }
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
    };

export interface AuditLine {
  seq: number;
  time: string;
  prev: string;
  [field: string]: unknown;
}

const GENESIS = '0'.repeat(64);

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class AuditLog {
  private seq = 0;
  private last = GENESIS;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    const head = this.readHead();
    if (head) {
      this.seq = head.seq;
      this.last = head.hash;
    }
  }

  private get headPath(): string {
    return join(dirname(this.path), 'audit.head');
  }

  private readHead(): { seq: number; hash: string } | undefined {
    if (!existsSync(this.headPath)) return undefined;
    return JSON.parse(readFileSync(this.headPath, 'utf8')) as { seq: number; hash: string };
  }

  append(entry: AuditEvent, now = new Date()): void {
    // `hocba pair` appends from another process while the companion runs: continue from the head on disk.
    const head = this.readHead();
    if (head) {
      this.seq = head.seq;
      this.last = head.hash;
    }
    const line = JSON.stringify({ seq: this.seq + 1, time: now.toISOString(), prev: this.last, ...entry });
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, `${line}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.seq++;
    this.last = sha256(line);
    writeFileAtomic(this.headPath, JSON.stringify({ seq: this.seq, hash: this.last }));
  }
}

export type AuditVerdict =
  | { status: 'intact'; lines: number }
  | { status: 'broken'; line: number; reason: string; lines: number }
  | { status: 'missing' };

/** Checks the chain line by line and against the head. */
export function verifyAuditLog(path: string): AuditVerdict {
  if (!existsSync(path)) return { status: 'missing' };
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let prev = GENESIS;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    let parsed: AuditLine;
    try {
      parsed = JSON.parse(text) as AuditLine;
    } catch {
      return { status: 'broken', line: i + 1, reason: 'not JSON', lines: lines.length };
    }
    if (parsed.seq !== i + 1)
      return {
        status: 'broken',
        line: i + 1,
        reason: `sequence ${parsed.seq}, expected ${i + 1}`,
        lines: lines.length,
      };
    if (parsed.prev !== prev)
      return { status: 'broken', line: i + 1, reason: 'previous-line hash differs', lines: lines.length };
    prev = sha256(text);
  }
  const headPath = join(dirname(path), 'audit.head');
  if (existsSync(headPath)) {
    const head = JSON.parse(readFileSync(headPath, 'utf8')) as { seq: number; hash: string };
    if (head.seq !== lines.length || head.hash !== prev)
      return {
        status: 'broken',
        line: lines.length,
        reason: `head says ${head.seq} lines, the log ends at ${lines.length} or differs`,
        lines: lines.length,
      };
  } else if (lines.length > 0)
    return { status: 'broken', line: lines.length, reason: 'audit.head is missing', lines: lines.length };
  return { status: 'intact', lines: lines.length };
}
