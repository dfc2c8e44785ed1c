/**
 * fontkit with a per-process cache of parsed fonts. Parsing DejaVu Sans (757 KB) was a third
 * of the signing engine's time when every visible stamp parsed it again; a parsed font is
 * immutable apart from fontkit's own glyph caches, so one parse serves every document that
 * embeds the same bytes. Keyed by the byte array itself (the engine loads the font once), in
 * a WeakMap, so a font nobody holds any more is freed with its parse.
 */
import fontkit from '@pdf-lib/fontkit';

type Font = ReturnType<typeof fontkit.create>;

const parsed = new WeakMap<Uint8Array, Map<string, Font>>();

/** For `PDFDocument.registerFontkit`: fontkit's `create`, parsing each font once. */
export const cachedFontkit = {
  create(data: Uint8Array, postscriptName?: string): Font {
    let byName = parsed.get(data);
    if (!byName) {
      byName = new Map();
      parsed.set(data, byName);
    }
    const key = postscriptName ?? '';
    let font = byName.get(key);
    if (!font) {
      font = fontkit.create(data, postscriptName);
      byName.set(key, font);
    }
    return font;
  },
};
