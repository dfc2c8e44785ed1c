/**
 * The batch journal: a JSON-lines file per batch, its header saying who signs it, then one
 * line per signed document holding everything that document's `document.signed` audit line
 * holds. It is what lets a resumed batch return what was signed instead of signing it again,
 * and what lets `rollForward` write audit lines a killed companion did not.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { SignatureLevel } from '@hocba/shared/protocol';
import { type Archive, safeFileName } from '../../archive/index.js';

/** The journal's first line: who the batch signs as. A resume by anyone else is refused. */
export interface JournalHeader {
  kind: 'batch';
  batchId: string;
  role: string;
  certificateSha256: string;
}

/** One signed document: everything its `document.signed` audit line holds, so it can be rolled forward. */
export interface JournalEntry {
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

/** The fields of a `document.signed` audit line, from its journal entry. */
export const auditFields = (e: JournalEntry) => ({
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

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class BatchJournal {
  constructor(
    readonly dir: string,
    /** Entries whose signed file is no longer in the archive are not read. */
    private readonly archive: Archive,
  ) {}

  private path(batchId: string): string {
    return join(this.dir, safeFileName(batchId, '.jsonl'));
  }

  /** The journal files there are (for `rollForward`). */
  files(): string[] {
    return existsSync(this.dir)
      ? readdirSync(this.dir)
          .filter((f) => f.endsWith('.jsonl') && !f.startsWith('.'))
          .map((f) => join(this.dir, f))
      : [];
  }

  read(batchId: string): { header?: JournalHeader; entries: JournalEntry[] } {
    return this.readFile(this.path(batchId));
  }

  readFile(path: string): { header?: JournalHeader; entries: JournalEntry[] } {
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
   * A journal line; flushed now, or (`sync` false) by `sync` before any report. A last line
   * left without its end (killed mid-append, the disk full mid-line) is ended first: glued
   * to it, this line would be unreadable too, and its document signed again on resume.
   */
  append(batchId: string, entry: JournalEntry | JournalHeader, sync = true): void {
    mkdirSync(this.dir, { recursive: true });
    const fd = openSync(this.path(batchId), 'a+', 0o600);
    try {
      const { size } = fstatSync(fd);
      const last = Buffer.alloc(1);
      const torn = size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
      const line = Buffer.from(`${torn ? '\n' : ''}${JSON.stringify(entry)}\n`, 'utf8');
      let offset = 0;
      while (offset < line.length) offset += writeSync(fd, line, offset, line.length - offset);
      if (sync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Flushes the lines appended without `sync` (a group's, once for all of them). */
  sync(batchId: string): void {
    syncFile(this.path(batchId));
  }
}
