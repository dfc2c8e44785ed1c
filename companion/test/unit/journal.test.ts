/**
 * The batch journal after a torn append. A companion killed mid-append, or a disk that fills
 * mid-line, leaves the last line without its end; the next document's line must not be glued
 * onto it (the two would read as one broken line, and a resumed batch would sign that next
 * document again).
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Archive, safeFileName } from '../../src/archive/index.js';
import { BatchJournal, type JournalEntry } from '../../src/signing/batch/journal.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function journalIn(): { journal: BatchJournal; archive: Archive; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-journal-'));
  dirs.push(dir);
  const archive = new Archive(join(dir, 'archive'));
  return { journal: new BatchJournal(join(dir, 'batches'), archive), archive, dir };
}

function entry(archive: Archive, docId: string): JournalEntry {
  const archived = archive.store('b1', docId, new TextEncoder().encode(`%PDF-1.7 ${docId}`));
  return {
    batchId: 'b1',
    docId,
    name: docId,
    pairingId: 'p',
    role: 'gvcn',
    signer: 'GVCN',
    certificateSha256: 'c'.repeat(64),
    inputSha256: 'i'.repeat(64),
    sha256: 's'.repeat(64),
    archived,
    algorithm: 'rsa-pkcs1-sha256',
  };
}

describe('the batch journal after a torn line', () => {
  it('the next entry starts on a line of its own and is read back', () => {
    const { journal, archive, dir } = journalIn();
    journal.append('b1', { kind: 'batch', batchId: 'b1', role: 'gvcn', certificateSha256: 'c'.repeat(64) });
    journal.append('b1', entry(archive, 'd1'));
    // What a kill or a full disk leaves: half of d2's line, no newline.
    const path = join(dir, 'batches', safeFileName('b1', '.jsonl'));
    appendFileSync(path, JSON.stringify(entry(archive, 'd2')).slice(0, 70));
    // The resumed batch reads d1 only, signs d2 again and d3.
    expect(journal.read('b1').entries.map((e) => e.docId)).toEqual(['d1']);
    journal.append('b1', entry(archive, 'd2'));
    journal.append('b1', entry(archive, 'd3'));
    const read = journal.read('b1');
    expect(read.header?.batchId).toBe('b1');
    expect(read.entries.map((e) => e.docId)).toEqual(['d1', 'd2', 'd3']);
    // The torn half stays as it was, on a line of its own (nothing written is rewritten).
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(6);
  });

  it('a torn header does not swallow the header written after it (the batch stays bound to its signer)', () => {
    const { journal, dir } = journalIn();
    const path = join(dir, 'batches', safeFileName('b1', '.jsonl'));
    mkdirSync(join(dir, 'batches'));
    appendFileSync(path, '{"kind":"batch","batchId":"b1","ro');
    expect(journal.read('b1').header).toBeUndefined();
    journal.append('b1', { kind: 'batch', batchId: 'b1', role: 'gvcn', certificateSha256: 'c'.repeat(64) });
    expect(journal.read('b1').header).toMatchObject({ role: 'gvcn', certificateSha256: 'c'.repeat(64) });
  });
});
