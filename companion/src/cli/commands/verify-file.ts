/**
 * One file of `hocba verify`, in whichever thread verifies it: read when its turn comes
 * (a read error becomes a report), its signatures' ranges hashed by Node. Apart from the pool
 * (verify-pool.ts) so the worker thread (verify-worker.ts) needs nothing of the pool.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { DocumentReport } from '@hocba/shared/verify';

export type VerifyFn = (bytes: Uint8Array) => Promise<DocumentReport>;

/**
 * A signature's byte ranges hashed by Node as they lie in the file (WebCrypto needs them
 * joined: a copy of nearly the whole file a signature). `SHA-256` → `sha256`.
 */
export function nodeRangeDigest(hash: string, ranges: Uint8Array[]): Uint8Array {
  const h = createHash(hash.replace('-', '').toLowerCase());
  for (const r of ranges) h.update(r);
  return new Uint8Array(h.digest());
}

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

/** Reads `path` when its turn comes and verifies it; a read error is a report, not a throw. */
export async function verifyPath(path: string, verify: VerifyFn): Promise<DocumentReport> {
  let bytes: Uint8Array;
  try {
    const buf = await readFile(path);
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    return unreadable(e instanceof Error ? e.message : String(e));
  }
  return verify(bytes);
}
