/**
 * The DejaVu font is parsed once per process and shared by every rendered record and stamp:
 * what one document drew must never change what the next one writes (a shared glyph cache
 * once dropped 'e' from a later record's ToUnicode map, so its text could not be copied).
 */
import { describe, expect, it } from 'vitest';
import { generateClass } from '../../src/generator/index.js';
import { renderRecordPdf } from '../../src/pdf/render/index.js';
import { dejavuFonts } from '../support/fonts.js';

const fonts = dejavuFonts();

describe('the font parsed once', () => {
  it('a record renders to the same bytes after another record as alone', { timeout: 120_000 }, async () => {
    const [first, second] = generateClass({ seed: 7, grade: 5, size: 2, defectRate: 0 }).records;
    const date = new Date('2026-06-01T00:00:00Z');
    // Fresh copies of the bytes: a font of its own, parsed for this record alone.
    const fresh = { regular: fonts.regular.slice(), bold: fonts.bold.slice() };
    const alone = (await renderRecordPdf(second!, { fonts: fresh, date })).pdf;
    await renderRecordPdf(first!, { fonts, date });
    const after = (await renderRecordPdf(second!, { fonts, date })).pdf;
    expect(Buffer.from(after).equals(Buffer.from(alone))).toBe(true);
  });
});
