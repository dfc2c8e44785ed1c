/**
 * A write to the data folder that failed (the disk full, the folder read-only or not ours, an
 * I/O error) while a batch saves what it signed. It stops the batch with a typed answer
 * instead of an internal error: what was saved before is reported, what was not is said to
 * be not saved, and the same batch sent again once the disk has room returns what was
 * journaled without signing it again (session 12: a 3 MiB tmpfs filled after 25 of 30
 * records answered INTERNAL_ERROR, "nothing was done").
 */
import type { HocbaError } from '@hocba/shared/errors';
import { batchError } from './errors.js';

/** errno codes of a disk that is full, against those of a folder that cannot be written. */
const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM', 'EIO', 'ENOENT', 'ENOTDIR', 'EMFILE', 'ENFILE']);

/** The typed error for a failed write, or undefined when `caught` is not a file-system error. */
export function storageFailure(caught: unknown): HocbaError | undefined {
  if (!(caught instanceof Error)) return undefined;
  const { code, syscall } = caught as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof syscall !== 'string') return undefined;
  if (FULL.has(code)) return batchError('STORAGE_FULL', { code });
  if (NOT_WRITABLE.has(code)) return batchError('STORAGE_FAILED', { code });
  return undefined;
}

/** Runs a write that may fail only for the record (the batch's closing lines); says whether it was written. */
export function tryWrite(write: () => void): boolean {
  try {
    write();
    return true;
  } catch (caught) {
    if (storageFailure(caught)) return false;
    throw caught;
  }
}
