/**
 * Computed styles that make a person read a cell otherwise than its text (red team, round
 * five): a transform that mirrors, turns or flips it ("01" drawn as "10"), letter or word
 * spacing negative enough to pile glyphs onto each other, `text-transform` showing another
 * case than the one read, and ink so faint a person passes it over. Pure: computed values
 * (strings) in, answers out; the page defence (shown-cells.ts) reads them off the page.
 */

/** Rounding in computed matrices (rotate(360deg) leaves some 1e-16): below this is zero. */
const EPSILON = 1e-3;

const numbers = (list: string) => list.split(',').map((n) => Number.parseFloat(n));

/**
 * The 2D linear part [a, b, c, d] of a computed `transform` ('matrix(a, b, c, d, e, f)' or
 * 'matrix3d(…)', whose m11, m12, m21, m22 draw the plane); null for another form.
 */
export function linearPart(transform: string): [number, number, number, number] | null {
  const m = /^(matrix|matrix3d)\(([^)]*)\)$/.exec(transform.trim());
  if (!m) return null;
  const n = numbers(m[2] ?? '');
  const part =
    (m[1] === 'matrix' && n.length === 6 ? [n[0], n[1], n[2], n[3]] : null) ??
    (m[1] === 'matrix3d' && n.length === 16 ? [n[0], n[1], n[4], n[5]] : null);
  return part?.every((x) => Number.isFinite(x)) ? (part as [number, number, number, number]) : null;
}

/**
 * Whether a computed `transform` changes how its text reads: anything but a positive scale
 * and a move (a mirror, a rotation even of 180°, a skew, a 3D flip or an edge-on turn). An
 * unreadable value counts: no portal's cell needs one.
 */
export function transformTurns(transform: string): boolean {
  if (transform === '' || transform === 'none') return false;
  const m = linearPart(transform);
  if (!m) return true;
  const [a, b, c, d] = m;
  return !(a > EPSILON && d > EPSILON && Math.abs(b) <= EPSILON && Math.abs(c) <= EPSILON);
}

/** Whether the computed `rotate` property ('none', '180deg', 'y 180deg', '0 1 0 90deg') turns anything. */
export function rotateTurns(rotate: string): boolean {
  if (rotate === '' || rotate === 'none') return false;
  const angle = /(-?[\d.]+(?:e-?\d+)?)(deg|rad|grad|turn)$/.exec(rotate.trim());
  if (!angle) return true;
  return Math.abs(Number.parseFloat(angle[1] ?? 'NaN')) > EPSILON;
}

/** Whether the computed `scale` property ('none', '-1', '-1 1', '1 1 -1') mirrors the plane. */
export function scaleMirrors(scale: string): boolean {
  if (scale === '' || scale === 'none') return false;
  const factors = scale.trim().split(/\s+/).map(Number.parseFloat);
  const [x, y = x] = factors;
  return !(x !== undefined && y !== undefined && x > EPSILON && y > EPSILON);
}

/**
 * Spacing that piles glyphs: past −0.15em narrow glyphs ("1", "i", "l", some 0.25–0.3em wide)
 * overlap their neighbours, and past −0.25em a space (some 0.25em) is gone and words draw over
 * each other. Typographic tightening of headings stays above both (−0.02 to −0.05em).
 */
export const MIN_LETTER_SPACING_EM = -0.15;
export const MIN_WORD_SPACING_EM = -0.25;

const px = (length: string) => (length === 'normal' ? 0 : Number.parseFloat(length));

/** Whether computed `letter-spacing` / `word-spacing` (px, or 'normal') pile glyphs at `fontSize` px. */
export function spacingPiles(letterSpacing: string, wordSpacing: string, fontSize: number): boolean {
  const letter = px(letterSpacing);
  const word = px(wordSpacing);
  // Nothing is drawn at font size 0 (a wrapper closing the gaps between inline blocks).
  if (!(fontSize > 0)) return false;
  if (Number.isNaN(letter) || Number.isNaN(word)) return true;
  return letter < MIN_LETTER_SPACING_EM * fontSize || word < MIN_WORD_SPACING_EM * fontSize;
}

/** The first letter of each word upper-cased, as `text-transform: capitalize` draws it. */
const capitalized = (text: string) =>
  text.replace(/(^|[^\p{L}\p{N}\p{M}])(\p{L})/gu, (_, before, letter) => `${before}${letter.toUpperCase()}`);

/**
 * Whether `text` drawn with the computed `text-transform` shows other characters than it
 * holds: the record keeps the case read ("nguyễn văn an"), the page shows another ("NGUYỄN
 * VĂN AN"). A transform that leaves this text as it is ("T" upper-cased) changes nothing.
 */
export function recased(text: string, textTransform: string): boolean {
  const parts = textTransform.trim().split(/\s+/);
  for (const part of parts) {
    if (part === 'none' || part === '' || part === 'full-size-kana') continue;
    if (part === 'uppercase' && text === text.toUpperCase()) continue;
    if (part === 'lowercase' && text === text.toLowerCase()) continue;
    if (part === 'capitalize' && text === capitalized(text)) continue;
    // full-width turns every ASCII character into another one.
    if (part === 'full-width' && !/[\x21-\x7E]/.test(text)) continue;
    return true;
  }
  return false;
}

/**
 * Opacity (the product over the text's box and all its ancestors) below which text counts as
 * not shown: black on white at 0.35 draws #a6a6a6, some 2.4:1 contrast, under the 3:1 WCAG
 * asks even of large text; portals grey out disabled or read-only rows at 0.4 to 0.6, which
 * stay readable and are not flagged.
 */
export const FAINT_OPACITY = 0.35;

/**
 * A text colour's own alpha below which it counts as not shown. Lower than FAINT_OPACITY on
 * purpose: Chromium draws a disabled field's text at alpha 0.3 (its own style sheet), which
 * people read, and a locked portal grid is all disabled fields.
 */
export const FAINT_ALPHA = 0.2;

/** The alpha of a computed colour ('rgb(…)' 1, 'rgba(…, a)' a, 'transparent' 0); 1 for a form not read. */
export function alphaOf(color: string): number {
  if (color === 'transparent') return 0;
  const m = /^rgba?\(([^)]*)\)$/.exec(color.trim());
  const parts = m?.[1]?.split(/[,\s/]+/).filter(Boolean);
  if (!parts || parts.length < 4) return 1;
  const last = parts[3] ?? '1';
  const alpha = last.endsWith('%') ? Number.parseFloat(last) / 100 : Number.parseFloat(last);
  return Number.isNaN(alpha) ? 1 : alpha;
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Boxes overlapping by more than this (CSS px) both ways: a shared border or a rounding is not an overlap. */
const OVERLAP_PX = 2;

/** Whether two boxes overlap by more than a border's touch. */
export function overlap(a: Box, b: Box): boolean {
  return (
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > OVERLAP_PX &&
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > OVERLAP_PX
  );
}

/** `box` cut to `clip` (an overflow box it is drawn inside); null when nothing of it is left. */
export function clipTo(box: Box, clip: Box): Box | null {
  const cut = {
    left: Math.max(box.left, clip.left),
    top: Math.max(box.top, clip.top),
    right: Math.min(box.right, clip.right),
    bottom: Math.min(box.bottom, clip.bottom),
  };
  return cut.right > cut.left && cut.bottom > cut.top ? cut : null;
}
