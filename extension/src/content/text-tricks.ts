/**
 * Characters that make a cell's text read one way to us and another to a person (red team,
 * round four): invisible ones (zero-width spaces and joiners, soft hyphens, fillers), the
 * direction controls that reorder what follows ("\u202E01" shows "10"), and letters of other
 * scripts that look like Latin ones (Cyrillic "А", Greek "Τ", fullwidth "Ｔ"). A Vietnamese name,
 * grade or score never needs any of them. Pure: tested with vitest.
 */

export type TextTrick = 'DIRECTION_CONTROLS' | 'INVISIBLE_CHARACTERS' | 'LOOKALIKE_LETTERS';

/** Bidi marks, embeddings, overrides and isolates (UAX #9); global, to remove them all (Panel.tsx `capText`). */
export const DIRECTION_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
/** The same set, to test for one (not global: `test` would keep a position between calls). */
const DIRECTION = new RegExp(DIRECTION_CONTROLS.source, 'u');
/** Format characters (zero-width, soft hyphen, BOM, tags...) and blank letters that draw nothing. */
const INVISIBLE = /[\p{Cf}\u115F\u1160\u2800\u3164\uFFA0]|\u034F/u;
/**
 * Scripts with letters drawn like Latin ones, fullwidth forms and mathematical letters and
 * digits (𝟗 for 9): what a person reads as a Vietnamese word or a grade.
 */
const LOOKALIKE =
  /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}\p{Script=Coptic}\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u{1D400}-\u{1D7FF}]/u;

/** The tricks in `text`, each once, in this order: direction, invisible, look-alike. */
export function textTricks(text: string): TextTrick[] {
  const out: TextTrick[] = [];
  if (DIRECTION.test(text)) out.push('DIRECTION_CONTROLS');
  if (INVISIBLE.test(text.replace(DIRECTION_CONTROLS, ''))) out.push('INVISIBLE_CHARACTERS');
  if (LOOKALIKE.test(text)) out.push('LOOKALIKE_LETTERS');
  return out;
}
