/**
 * How wide a font draws each code, for placing glyph boxes (page-text.ts): /W and /DW of a
 * Type0 font's descendant, else /FirstChar and /Widths (a Type3's scaled by /FontMatrix),
 * bounded; a default where the font says nothing.
 */
import { dictOf, isName, type PdfDict, type Resolver } from '../document/objects.js';

/** A font as far as placing glyphs goes: bytes per code and width per code (1/1000 em). */
export interface FontMetrics {
  twoByte: boolean;
  width(code: number): number;
}

const DEFAULT_WIDTH = 600;

export function fontMetrics(res: Resolver, font: PdfDict | undefined): FontMetrics {
  if (isName(font?.entries.get('Subtype'), 'Type0')) {
    const kids = res.get(font, 'DescendantFonts');
    const cid = dictOf(res.resolve(Array.isArray(kids) ? kids[0] : undefined));
    const dw = res.get(cid, 'DW');
    const widths = new Map<number, number>();
    const w = res.get(cid, 'W');
    if (Array.isArray(w))
      for (let i = 0; i + 1 < w.length && widths.size < 65_536; ) {
        const first = res.resolve(w[i]);
        const next = res.resolve(w[i + 1]);
        if (typeof first !== 'number') break;
        if (Array.isArray(next)) {
          next.slice(0, 65_536).forEach((v, k) => {
            const n = res.resolve(v);
            if (typeof n === 'number') widths.set(first + k, n);
          });
          i += 2;
        } else {
          const last = next;
          const value = res.resolve(w[i + 2]);
          if (typeof last !== 'number' || typeof value !== 'number') break;
          for (let c = first; c <= last && widths.size < 65_536; c++) widths.set(c, value);
          i += 3;
        }
      }
    const fallback = typeof dw === 'number' ? dw : 1000;
    return { twoByte: true, width: (code) => widths.get(code) ?? fallback };
  }
  const first = res.get(font, 'FirstChar');
  const widths = res.get(font, 'Widths');
  // Type3 widths are in its glyph space, which /FontMatrix maps to text space (0.001 usually).
  const fm = res.get(font, 'FontMatrix');
  const fm0 = Array.isArray(fm) ? res.resolve(fm[0]) : undefined;
  const unit =
    isName(font?.entries.get('Subtype'), 'Type3') && typeof fm0 === 'number' ? Math.abs(fm0) * 1000 : 1;
  return {
    twoByte: false,
    width: (code) => {
      if (typeof first === 'number' && Array.isArray(widths)) {
        const v = res.resolve(widths[code - first]);
        if (typeof v === 'number' && v > 0) return Math.min(v * unit, 100_000);
      }
      return DEFAULT_WIDTH;
    },
  };
}
