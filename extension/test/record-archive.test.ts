/**
 * A transferred record set as a ZIP: PDFs in nested folders are read, everything else is
 * listed as skipped, and the bounds refuse an archive before anything is inflated.
 */
import { HocbaError } from '@hocba/shared/errors';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  MAX_ARCHIVE_ENTRIES,
  MAX_ARCHIVE_UNCOMPRESSED_BYTES,
  openRecordArchive,
} from '../src/pages/verify/record-archive.js';

const pdf = (n: number) => new TextEncoder().encode(`%PDF-1.7 hoc ba ${n}`);

function refusal(zip: Uint8Array): HocbaError {
  try {
    openRecordArchive(zip);
  } catch (error) {
    if (error instanceof HocbaError) return error;
    throw error;
  }
  throw new Error('the archive was accepted');
}

describe('openRecordArchive', () => {
  it('reads PDFs in nested folders and lists the rest as skipped', () => {
    const zip = zipSync({
      'lop5A/hs-02.PDF': pdf(2),
      'lop5A/nam-2025/hs-01.pdf': pdf(1),
      'ghi-chu.txt': new TextEncoder().encode('ghi chú'),
      '__MACOSX/lop5A/._hs-02.PDF': new Uint8Array([0, 5, 22, 7]),
      'trong/': new Uint8Array(),
    });
    const archive = openRecordArchive(zip);
    expect(archive.pdfs.map((p) => p.path)).toEqual(['lop5A/hs-02.PDF', 'lop5A/nam-2025/hs-01.pdf']);
    expect(new TextDecoder().decode(archive.pdfs[1]?.bytes)).toBe('%PDF-1.7 hoc ba 1');
    expect(archive.skipped).toEqual([
      { path: 'ghi-chu.txt', reason: 'notPdf' },
      { path: '__MACOSX/lop5A/._hs-02.PDF', reason: 'notPdf' },
    ]);
  });

  it('refuses more entries than the bound, with a code and both languages', () => {
    const entries: Record<string, Uint8Array> = {};
    for (let i = 0; i <= MAX_ARCHIVE_ENTRIES; i++) entries[`f${i}.txt`] = new Uint8Array();
    const error = refusal(zipSync(entries, { level: 0 }));
    expect(error.code).toBe('ZIP_TOO_MANY_ENTRIES');
    expect(error.vi).toContain('2001 mục');
    expect(error.en).toContain('2001 entries');
  });

  it('refuses an archive whose declared uncompressed total is over the bound, before inflating', () => {
    // A zip bomb's header: two small entries whose central directory declares 300 MB each.
    const zip = zipSync({ 'a.pdf': pdf(1), 'b.pdf': pdf(2) });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let patched = 0;
    for (let at = 0; at + 46 <= zip.length; at++) {
      if (view.getUint32(at, true) === 0x02014b50) {
        view.setUint32(at + 24, 300 * 1024 * 1024, true); // uncompressed size
        patched += 1;
      }
    }
    expect(patched).toBe(2);
    expect(2 * 300 * 1024 * 1024).toBeGreaterThan(MAX_ARCHIVE_UNCOMPRESSED_BYTES);
    const error = refusal(zip);
    expect(error.code).toBe('ZIP_TOO_LARGE');
    expect(error.vi).toContain('600 MB');
  });

  it('names a damaged archive as unreadable', () => {
    expect(refusal(new TextEncoder().encode('PK not really a zip')).code).toBe('ZIP_UNREADABLE');
  });
});
