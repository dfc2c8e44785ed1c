/**
 * A transferred record set arrives as one .zip. Reading it is bounded before anything is
 * decompressed: the central directory is walked first (entry count, declared sizes), and
 * only then are the PDFs inflated, each into a buffer of its declared size (fflate writes
 * no further, so a lying header cannot grow memory past the bound).
 */
import { defineErrors, type HocbaError } from '@hocba/shared/errors';
import { DEFAULT_MAX_BYTES } from '@hocba/shared/verify';
import { unzipSync } from 'fflate';

/** A school's transfer set is a few hundred files at most; more is not a record set. */
export const MAX_ARCHIVE_ENTRIES = 2_000;
/** Declared uncompressed total: far above any record set, well below what a browser tab holds. */
export const MAX_ARCHIVE_UNCOMPRESSED_BYTES = 500 * 1024 * 1024;

export const archiveError = defineErrors({
  ZIP_TOO_MANY_ENTRIES: {
    vi: 'Tệp ZIP có {count} mục, vượt quá giới hạn {max} mục.',
    en: 'The ZIP holds {count} entries, more than the limit of {max}.',
  },
  ZIP_TOO_LARGE: {
    vi: 'Tệp ZIP khi giải nén sẽ lớn {mb} MB, vượt quá giới hạn {max} MB.',
    en: 'The ZIP would unpack to {mb} MB, more than the limit of {max} MB.',
  },
  ZIP_UNREADABLE: {
    vi: 'Không đọc được tệp ZIP (hỏng hoặc dùng kiểu nén không hỗ trợ).',
    en: 'The ZIP cannot be read (damaged, or an unsupported compression method).',
  },
});

export type ArchiveErrorCode = keyof typeof archiveError.catalog;

export interface ArchivePdf {
  /** Path inside the archive, folders included: `lop5A/hoc-sinh-01.pdf`. */
  path: string;
  bytes: Uint8Array;
}

export interface ArchiveSkip {
  path: string;
  reason: 'notPdf' | 'tooLarge';
}

export interface RecordArchive {
  pdfs: ArchivePdf[];
  skipped: ArchiveSkip[];
}

export function isZipName(name: string): boolean {
  return name.toLowerCase().endsWith('.zip');
}

const isPdfPath = (path: string) => path.toLowerCase().endsWith('.pdf');
const isFolder = (path: string) => path.endsWith('/');
// macOS adds __MACOSX/._name.pdf resource forks: not PDFs even though they are named so.
const isMacResourceFork = (path: string) => path.startsWith('__MACOSX/') || /(^|\/)\._/.test(path);

/** Opens a record set; throws an archive error (typed, bilingual) when it is over a bound or unreadable. */
export function openRecordArchive(zip: Uint8Array): RecordArchive {
  const skipped: ArchiveSkip[] = [];
  const wanted = new Set<string>();
  let entries = 0;
  let declaredTotal = 0;
  try {
    // First pass: headers only (the filter returns false, nothing is inflated).
    unzipSync(zip, {
      filter(entry) {
        if (isFolder(entry.name)) return false;
        entries += 1;
        declaredTotal += entry.originalSize;
        if (!isPdfPath(entry.name) || isMacResourceFork(entry.name)) {
          skipped.push({ path: entry.name, reason: 'notPdf' });
        } else if (entry.originalSize > DEFAULT_MAX_BYTES) {
          skipped.push({ path: entry.name, reason: 'tooLarge' });
        } else {
          wanted.add(entry.name);
        }
        return false;
      },
    });
  } catch (cause) {
    throw archiveError('ZIP_UNREADABLE', {}, { cause });
  }
  if (entries > MAX_ARCHIVE_ENTRIES) {
    throw archiveError('ZIP_TOO_MANY_ENTRIES', { count: entries, max: MAX_ARCHIVE_ENTRIES });
  }
  if (declaredTotal > MAX_ARCHIVE_UNCOMPRESSED_BYTES) {
    throw archiveError('ZIP_TOO_LARGE', {
      mb: Math.ceil(declaredTotal / 1024 / 1024),
      max: MAX_ARCHIVE_UNCOMPRESSED_BYTES / 1024 / 1024,
    });
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, { filter: (entry) => wanted.has(entry.name) });
  } catch (cause) {
    throw archiveError('ZIP_UNREADABLE', {}, { cause });
  }
  const pdfs = Object.entries(files)
    .map(([path, bytes]) => ({ path, bytes }))
    .sort((a, b) => a.path.localeCompare(b.path));
  return { pdfs, skipped };
}

export function isArchiveError(error: unknown): error is HocbaError & { code: ArchiveErrorCode } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code in archiveError.catalog
  );
}
