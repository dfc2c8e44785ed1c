/**
 * fontkit with a per-process cache of parsed fonts. Parsing DejaVu Sans (757 KB: its cmap,
 * glyf, GSUB and GPOS tables) was a third of the signing engine's time when every visible
 * stamp parsed it again.
 *
 * Each caller still gets a Font of its own: a view over the once-parsed font (its decoded
 * tables are shared, they never change) with its own glyph cache and layout engine. Sharing
 * the glyph cache would not be safe: fontkit keeps a glyph with the characters of whoever
 * asked for it first, and a glyph first reached as a part of a composite (no characters)
 * would then write an empty ToUnicode entry in later documents (seen: 'e' lost from the
 * text of the second rendered record).
 *
 * Keyed by the byte array itself (the engine loads the font once), in a WeakMap, so a font
 * nobody holds any more is freed with its parse.
 */
import fontkit from '@pdf-lib/fontkit';

type Font = ReturnType<typeof fontkit.create>;

const parsed = new WeakMap<Uint8Array, Map<string, Font>>();

/** For `PDFDocument.registerFontkit`: fontkit's `create`, parsing each font's tables once. */
export const cachedFontkit = {
  create(data: Uint8Array, postscriptName?: string): Font {
    let byName = parsed.get(data);
    if (!byName) {
      byName = new Map();
      parsed.set(data, byName);
    }
    const key = postscriptName ?? '';
    let base = byName.get(key);
    if (!base) {
      // Never used directly: fontkit's cached getters (layout engine, cmap processor) would
      // be stored on it and then shared by every view.
      base = fontkit.create(data, postscriptName);
      byName.set(key, base);
    }
    const view = Object.create(base) as Font & { _glyphs: Record<number, unknown> };
    view._glyphs = {};
    return view;
  },
};
