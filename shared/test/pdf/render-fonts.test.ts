import { PDFDocument, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { generateClass } from '../../src/generator/index.js';
import { cachedFontkit } from '../../src/pdf/parsed-font.js';
import { decodeStream, type PdfDict, PdfDocument, type PdfStream } from '../../src/pdf/reader/index.js';
import { renderRecordPdf } from '../../src/pdf/render/index.js';
import { drawTextLine } from '../../src/pdf/render/layout.js';
import { dejavuFonts } from '../support/fonts.js';

const fonts = dejavuFonts();

/** The page's decoded content stream(s) as text. */
async function contentOf(pdf: Uint8Array, page = 0): Promise<string> {
  const doc = new PdfDocument(pdf);
  const dict = doc.pages()[page]!.dict;
  const contents = doc.resolve(dict.get('Contents'));
  const streams = (Array.isArray(contents) ? contents.map((c) => doc.resolve(c)) : [contents]) as PdfStream[];
  return streams.map((s) => new TextDecoder('latin1').decode(decodeStream(s))).join('\n');
}

describe('the renderer names one font resource per font per page', () => {
  it('a five-year record: every page lists each font once (pdf-lib named one per line drawn)', {
    timeout: 60_000,
  }, async () => {
    const record = generateClass({ seed: 11, grade: 5, size: 1, defectRate: 0 }).records[0]!;
    const { pdf, pageCount } = await renderRecordPdf(record, { fonts });
    const doc = new PdfDocument(pdf);
    const pages = doc.pages();
    expect(pages.length).toBe(pageCount);
    for (const page of pages) {
      const resources = doc.resolveDict(page.dict.get('Resources'))!;
      const font = doc.resolveDict(resources.get('Font')) as PdfDict;
      const entries = [...font.entries()];
      const targets = entries.map(([, ref]) => String((ref as { num: number }).num));
      // Regular and bold, each under one name.
      expect(entries.length).toBeLessThanOrEqual(2);
      expect(new Set(targets).size).toBe(entries.length);
      // Every name the page's text uses is one of them.
      const used = new Set(
        [...(await contentOf(pdf, pages.indexOf(page))).matchAll(/\/(\S+) [\d.]+ Tf/g)].map((m) => m[1]),
      );
      expect([...used].sort()).toEqual(entries.map(([k]) => k).sort());
    }
  });

  it('drawTextLine writes the operators page.drawText writes, under its own font name', async () => {
    const draw = async (useOurs: boolean) => {
      const doc = await PDFDocument.create();
      doc.registerFontkit(cachedFontkit);
      const regular = await doc.embedFont(fonts.regular, { subset: true, customName: 'DejaVuSans' });
      const bold = await doc.embedFont(fonts.bold, { subset: true, customName: 'DejaVuSans-Bold' });
      const page = doc.addPage([595.28, 841.89]);
      const lines: [string, number, number, number, typeof regular, [number, number, number]][] = [
        ['Học bạ số · Trang 1', 48, 32, 7.5, regular, [0.35, 0.35, 0.35]],
        ['CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM', 310.5, 783.25, 9, bold, [0, 0, 0]],
        ['Tiếng Việt: Hoàn thành tốt', 60.125, 700, 10.5, regular, [0, 0, 0]],
        ['a\tb', 48, 600, 10, bold, [0.1, 0.2, 0.3]],
      ];
      for (const [text, x, y, size, font, color] of lines) {
        const options = { x, y, size, font, color: rgb(...color) };
        if (useOurs) drawTextLine(page, text, options);
        else page.drawText(text, options);
      }
      return doc.save({ useObjectStreams: false });
    };
    const theirs = await contentOf(await draw(false));
    const ours = await contentOf(await draw(true));
    const names = (s: string) => [...s.matchAll(/\/(\S+) [\d.]+ Tf/g)].map((m) => m[1]);
    // pdf-lib: a fresh name each line; ours: F1 for regular, F2 for bold.
    expect(new Set(names(theirs)).size).toBe(4);
    expect(names(ours)).toEqual(['F1', 'F2', 'F1', 'F2']);
    const anonymous = (s: string) => s.replace(/\/\S+ ([\d.]+ Tf)/g, '/F $1');
    expect(anonymous(ours)).toBe(anonymous(theirs));
  });
});
