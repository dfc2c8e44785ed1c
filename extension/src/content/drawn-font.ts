/**
 * Computed font and writing styles that draw a cell's text otherwise than it reads (red team,
 * round six): OpenType features and font variants that substitute other glyphs (fractions,
 * ordinals, superscripts, stylistic sets and alternates), small capitals over lower-case
 * letters, text set sideways (`writing-mode`), and a right-to-left base direction, which
 * reorders runs ("9 10" shows "10 9") without any control character. Pure: computed values in,
 * answers out; the page defence (shown-cells.ts) reads them off the page.
 *
 * Features that keep each character's glyph (tabular or lining figures, a slashed zero,
 * kerning and standard ligatures) pass: portals' grids use them. A web font's own glyphs are
 * another matter (docs/security.md, limits): any feature, even one on by default, can remap
 * glyphs in a font the page supplies.
 */

/** OpenType features that keep each character's glyph: figure widths and styles, kerning, ligatures. */
const SAFE_FEATURES = new Set([
  'tnum',
  'pnum',
  'lnum',
  'onum',
  'zero',
  'kern',
  'liga',
  'clig',
  'calt',
  'case',
]);

/**
 * Whether a computed `font-feature-settings` ('normal', '"tnum"', '"frac", "ss01" 2', '"liga" 0')
 * turns on a feature that may draw other glyphs. An unreadable value counts.
 */
export function featuresSwapGlyphs(settings: string): boolean {
  const value = settings.trim();
  if (value === '' || value === 'normal') return false;
  for (const entry of value.split(',')) {
    const m = /^\s*["']([\x20-\x7E]{4})["']\s*(on|off|\d+)?\s*$/.exec(entry);
    if (!m) return true;
    const on = m[2] === undefined || m[2] === 'on' || (m[2] !== 'off' && Number(m[2]) > 0);
    if (on && !SAFE_FEATURES.has(m[1] as string)) return true;
  }
  return false;
}

/** `font-variant-numeric` keywords that keep each digit's glyph. */
const SAFE_NUMERIC = new Set([
  'normal',
  'lining-nums',
  'oldstyle-nums',
  'proportional-nums',
  'tabular-nums',
  'slashed-zero',
]);

/**
 * Whether computed font variants draw other glyphs: fractions and ordinals
 * (`font-variant-numeric`), sub- and superscripts (`font-variant-position`), any alternates
 * (`font-variant-alternates`). Missing properties (an older browser) count as 'normal'.
 */
export function variantsSwapGlyphs(numeric = 'normal', position = 'normal', alternates = 'normal'): boolean {
  const words = (v: string) => v.trim().split(/\s+/).filter(Boolean);
  if (words(numeric).some((w) => !SAFE_NUMERIC.has(w))) return true;
  return !['', 'normal'].includes(position.trim()) || !['', 'normal'].includes(alternates.trim());
}

/**
 * Whether a computed `font-variant-caps` draws `text`'s lower-case letters as capitals
 * ("nguyễn văn an" shown "NGUYỄN VĂN AN" in small capitals): the record keeps the case read.
 * Capitals drawn smaller, or `titling-caps`, show the same letters.
 */
export function capsRecase(text: string, caps = 'normal'): boolean {
  if (['', 'normal', 'titling-caps'].includes(caps.trim())) return false;
  return text !== text.toUpperCase();
}

/** Whether a computed `writing-mode` sets text sideways or vertical (anything but horizontal-tb). */
export const sideways = (writingMode = 'horizontal-tb') =>
  !['', 'horizontal-tb'].includes(writingMode.trim());

/**
 * Whether `text` laid out with the computed `direction` shows in another order: right to
 * left, runs swap places ("9 10" shows "10 9", "An." shows ".An"). Letters and spaces alone
 * (a name: one run) or one unsigned number stay as they read: a page that right-aligns a
 * score with `direction: rtl` is not flagged.
 */
export function reorderedRightToLeft(text: string, direction = 'ltr'): boolean {
  if (direction.trim() !== 'rtl') return false;
  const value = text.trim();
  return !/^[\p{L}\p{M}\s]*$/u.test(value) && !/^\d+(?:[.,]\d+)?$/.test(value);
}

/**
 * Whether a computed `content` of `::before`/`::after` draws a letter or a digit. Firefox
 * gives every `<img>`'s `::before` its own `-moz-alt-content`: the image's `alt` text, drawn
 * only when the image is not (an icon with `alt=""` draws none; a broken one with `alt="10"`
 * draws "10").
 */
export function contentDrawsText(content: string, alt = ''): boolean {
  if (!content || content === 'none' || content === 'normal') return false;
  return /[\p{L}\p{N}]/u.test(content.replace(/-moz-alt-content/g, () => alt));
}
