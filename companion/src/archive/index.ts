/**
 * Files that are either whole or absent: written to a temporary file in the same folder,
 * flushed to disk, then renamed over the target (rename is atomic within a filesystem), and
 * the folder flushed so the rename itself survives a power cut. A companion killed mid-write
 * leaves at most a `.tmp-` file, never a half-written PDF under the real name.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMP_MARK = '.tmp-';

export function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  mode = 0o600,
  /** 'never': fail with EEXIST rather than replace a file already there (a hard link cannot clobber). */
  overwrite: 'replace' | 'never' = 'replace',
  /**
   * false: the caller flushes the folder itself (`syncFolder`) before it relies on the name,
   * once for several files (the signing batch's groups). The file's bytes are flushed either way.
   */
  syncFolderNow = true,
): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}${TEMP_MARK}${randomBytes(6).toString('hex')}`);
  const fd = openSync(temp, 'wx', mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  if (overwrite === 'never') {
    try {
      linkSync(temp, path);
    } finally {
      rmSync(temp, { force: true });
    }
  } else renameSync(temp, path);
  if (syncFolderNow) syncFolder(dir);
}

/** Flushes a folder's entries (new names, renames) to disk. */
export function syncFolder(dir: string): void {
  // Windows cannot open a folder for fsync; NTFS journals the rename anyway.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Removes temporary files a killed process left behind (at start-up). */
export function removeStaleTemporaries(dir: string): number {
  let removed = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (basename(entry).includes(TEMP_MARK)) {
      rmSync(join(dir, entry), { force: true });
      removed++;
    }
  }
  return removed;
}

/** A file name from a document id that cannot escape the folder or collide (ids may hold '.', ':'). */
export function safeFileName(docId: string, extension = '.pdf'): string {
  const readable = docId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 48);
  const tag = createHash('sha256').update(docId).digest('hex').slice(0, 8);
  return `${readable}-${tag}${extension}`;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * The archive of signed documents, content-addressed:
 * `<dataDir>/archive/<batchId>/<docId>-<SHA-256 of the signed file>.pdf`. A file once
 * written is never replaced: the same document signed again (new content, another signer,
 * a resumed batch) gets a new name, and the same bytes keep the name they have.
 */
export class Archive {
  private readonly rootSynced = new Set<string>();

  constructor(readonly root: string) {}

  batchDir(batchId: string): string {
    return join(this.root, safeFileName(batchId, ''));
  }

  /**
   * Writes a signed document atomically, never over another; returns its path relative to
   * the archive root. With `syncFolder: false` the file's bytes are on disk when this
   * returns, its name only after `syncBatchFolder` (the batch does that once per group,
   * before anything reports the file signed).
   */
  store(
    batchId: string,
    docId: string,
    pdf: Uint8Array,
    options: { syncFolder?: boolean; sha256?: string } = {},
  ): string {
    const digest = options.sha256 ?? sha256(pdf);
    const relative = join(safeFileName(batchId, ''), safeFileName(docId, `-${digest.slice(0, 32)}.pdf`));
    const path = join(this.root, relative);
    if (existsSync(path) && sha256(readFileSync(path)) === digest) return relative;
    writeFileAtomic(path, pdf, 0o600, 'never', options.syncFolder ?? true);
    return relative;
  }

  /** Flushes the names of the files `store` wrote into a batch's folder (and, once, the folder's own name). */
  syncBatchFolder(batchId: string): void {
    syncFolder(this.batchDir(batchId));
    if (!this.rootSynced.has(batchId)) {
      syncFolder(this.root);
      this.rootSynced.add(batchId);
    }
  }

  path(relative: string): string {
    return join(this.root, relative);
  }
}
