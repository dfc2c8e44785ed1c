/**
 * One file of `hocba verify`, in whichever thread verifies it: read when its turn comes
 * (a read error becomes a report). Apart from the pool
 * (verify-pool.ts) so the worker thread (verify-worker.ts) needs nothing of the pool.
 */
import { isHocbaError } from '@hocba/shared/errors';
import { DEFAULT_MAX_BYTES, type DocumentReport } from '@hocba/shared/verify';
import { readBoundedFile } from '../files.js';

export type VerifyFn = (bytes: Uint8Array) => Promise<DocumentReport>;

/** A report for a file that could not be read at all (a device, a FIFO, too large, gone). */
export function unreadable(message: string, code = 'UNREADABLE', en = message): DocumentReport {
  return {
    verdict: 'indeterminate',
    reason: { vi: 'Không đọc được tệp.', en: 'The file could not be read.' },
    signatures: [],
    modifiedAfterSigning: false,
    problems: [{ code, message: { vi: message, en } }],
    size: 0,
    revisions: 0,
    record: null,
  };
}

/**
 * Reads `path` when its turn comes and verifies it; a read error is a report, not a throw.
 * Read in place, synchronously (fs/promises' readFile is four thread-pool round trips, ~0.15 ms
 * of CPU a file against ~0.1 ms), and never past the verifier's size cap: /dev/zero, a FIFO
 * or a 4 GB file is refused before a byte is read.
 */
export async function verifyPath(
  path: string,
  verify: VerifyFn,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<DocumentReport> {
  let bytes: Uint8Array;
  try {
    bytes = readBoundedFile(path, maxBytes);
  } catch (e) {
    if (isHocbaError(e)) return unreadable(e.vi, e.code, e.en);
    return unreadable(e instanceof Error ? e.message : String(e));
  }
  return verify(bytes);
}
