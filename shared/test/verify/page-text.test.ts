/**
 * Where the verifier reads a page's text (modifications/page-text.ts), the ground the
 * "drawn over" rule stands on: glyph boxes for the usual ways a page places text.
 */
import { describe, expect, it } from 'vitest';
import { dictOf, parseDocument, Resolver } from '../../src/verify/document/objects.js';
import { glyphsCovered, pageText } from '../../src/verify/modifications/page-text.js';
import { appendUpdate, basePdf } from './pdf-fixtures.js';

/** Page 3 of basePdf with this content and these fonts (F1 is object 5, Helvetica). */
function page(content: string, fonts = '/F1 5 0 R', more: { num: number; body: string }[] = []) {
  const pdf = appendUpdate(basePdf(), [
    { num: 4, body: `<< /Length ${content.length} >>\nstream\n${content}\nendstream` },
    {
      num: 3,
      body: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << ${fonts} >> >> >>`,
    },
    ...more,
  ]);
  const doc = parseDocument(pdf);
  const res = Resolver.at(doc, doc.revisions.length - 1);
  const p = dictOf(res.object(3)?.value)!;
  return pageText(res, p, p.entries.get('Resources'));
}

describe('page text: glyph boxes', () => {
  it('Td and Tj, Helvetica 12 without /Widths: one box a glyph but spaces, 600/1000 em each', () => {
    const t = page('BT /F1 12 Tf 50 750 Td (Toan 9) Tj ET');
    expect(t.partial).toBe(false);
    expect(t.glyphs).toHaveLength(5);
    const nine = t.glyphs[4]!;
    expect(nine[0]).toBeCloseTo(50 + 5 * 7.2);
    expect(nine[1]).toBeCloseTo(750 - 2.4);
    expect(nine[3]).toBeCloseTo(750 + 9.6);
    expect(glyphsCovered(t, [85, 745, 95, 760])).toBe(1);
    expect(glyphsCovered(t, [100, 745, 200, 760])).toBe(0);
  });

  it('cm, Tm, TJ kerning, T* leading and Tz scaling move the boxes as a viewer would', () => {
    const t = page(
      'q 2 0 0 2 10 10 cm BT /F1 10 Tf 14 TL 1 0 0 1 20 30 Tm [(A) -1000 (B)] TJ T* 50 Tz (C) Tj ET Q',
    );
    const [a, b, c] = t.glyphs;
    expect(a![0]).toBeCloseTo(10 + 2 * 20);
    // B after A (6 pt) and 10 pt of kerning (-1000/1000 × 10), all doubled by the cm.
    expect(b![0]).toBeCloseTo(10 + 2 * (20 + 6 + 10));
    // C on the next line (14 below), at half width.
    expect(c![1]).toBeCloseTo(10 + 2 * (30 - 14 - 2));
    expect(c![2] - c![0]).toBeCloseTo(2 * 3);
  });

  it('a simple font with /Widths, a Type3 font through its /FontMatrix, a Type0 font two bytes a glyph', () => {
    const t = page(
      'BT /W1 10 Tf 0 0 Td (ii) Tj /T3 10 Tf 0 100 Td (a) Tj /T0 10 Tf 0 100 Td <00410042> Tj ET',
      '/W1 20 0 R /T3 21 0 R /T0 22 0 R',
      [
        {
          num: 20,
          body: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 105 /LastChar 105 /Widths [222] >>',
        },
        {
          num: 21,
          body: '<< /Type /Font /Subtype /Type3 /FontMatrix [0.01 0 0 0.01 0 0] /FontBBox [0 0 100 100] /CharProcs << >> /Encoding << /Differences [97 /a] >> /FirstChar 97 /LastChar 97 /Widths [50] /Resources << >> >>',
        },
        {
          num: 22,
          body: '<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [23 0 R] >>',
        },
        { num: 23, body: '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /DW 1000 /W [65 [400 700]] >>' },
      ],
    );
    expect(t.glyphs).toHaveLength(5);
    expect(t.glyphs[1]![0]).toBeCloseTo(2.22);
    // Type3: 50 glyph units × 0.01 = 0.5 em = 5 pt wide.
    expect(t.glyphs[2]![2] - t.glyphs[2]![0]).toBeCloseTo(5);
    expect(t.glyphs[4]![0]).toBeCloseTo(4);
    expect(t.glyphs[4]![2] - t.glyphs[4]![0]).toBeCloseTo(7);
  });

  it('an inline image is skipped, not read as text; a broken token ends the stream read, not the verifier', () => {
    const t = page('BI /W 2 /H 1 /BPC 8 /CS /G ID \u00ff(Tj) EI BT /F1 12 Tf 0 0 Td (x) Tj ET');
    expect(t.glyphs).toHaveLength(1);
    expect(page('BT /F1 12 Tf 0 0 Td (x) Tj <zz> Tj ET').glyphs).toHaveLength(1);
  });
});
