/**
 * One file of `hocba verify`, in whichever thread verifies it: read when its turn comes
 * (a read error becomes a report). Apart from the pool
 * (verify-pool.ts) so the worker thread (verify-worker.ts) needs nothing of the pool.
 */
import { readFileSync } from 'node:fs';
import type { DocumentReport } from '@hocba/shared/verify';

export type VerifyFn = (bytes: Uint8Array) => Promise<DocumentReport>;

/** A report for a file that could not be read at all. */
export function unreadable(message: string): DocumentReport {
  return {
    verdict: 'indeterminate',
    reason: { vi: 'Không đọc được tệp.', en: 'The file could not be read.' },
    signatures: [],
    modifiedAfterSigning: false,
    problems: [{ code: 'UNREADABLE', message: { vi: message, en: message } }],
    size: 0,
    revisions: 0,
    record: null,
  };
}

/**
 * Reads `path` when its turn comes and verifies it; a read error is a report, not a throw.
 * Read in place: fs/promises' readFile is four thread-pool round trips (open, stat, read,
 * close), ~0.15 ms of CPU a file against ~0.1 ms, for a file the page cache holds.
 */
export async function verifyPath(path: string, verify: VerifyFn): Promise<DocumentReport> {
  let bytes: Uint8Array;
  try {
    const buf = readFileSync(path);
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    return unreadable(e instanceof Error ? e.message : String(e));
  }
  return verify(bytes);
}
