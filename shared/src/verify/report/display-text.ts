/**
 * A string from the file (a field name, /Reason, /Location, an attachment's name, a name in a
 * certificate) as it may be shown: whoever made the PDF or the certificate chose every
 * character. A direction override (U+202E) reorders the rest of a verdict line; raw control
 * bytes (ESC, newline) let an ANSI sequence in `hocba verify` erase "KHÔNG HỢP LỆ" and print
 * "HỢP LỆ" over it. So each control, format (bidi, zero-width, BOM, tags) and line/paragraph
 * separator character, and each lone surrogate, becomes U+FFFD (seen, not obeyed); a long
 * pile of combining marks (drawn over the lines around it) is cut; the length is bounded.
 * Pure: tested with vitest.
 */

/** What replaces a character that must not act: visible, so the reader sees something was there. */
export const REPLACEMENT = '\uFFFD';

/** How many characters (code points) a value keeps in a sentence or a report field. */
export const DISPLAY_MAX = 200;

/** Controls (C0, DEL, C1), formats (bidi, zero-width, BOM, tags), line/paragraph separators, lone surrogates. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
/** Vietnamese needs at most two marks on a letter: more than four is drawn over other lines. */
const MARK_PILE = /(\p{M}{4})\p{M}+/gu;

/** `raw` with every character that could act instead of being read made visible (no length bound). */
export function safeText(raw: string): string {
  return raw.replace(UNSAFE, REPLACEMENT).replace(MARK_PILE, '$1');
}

/**
 * `raw` made safe and at most `max` characters (code points), the last an ellipsis when cut.
 * Reads at most a few times `max` of it: a megabyte field name costs no more than a short one.
 */
export function displayText(raw: string, max = DISPLAY_MAX): string {
  const head = raw.length > 4 * max + 8 ? raw.slice(0, 4 * max + 8) : raw;
  const chars = Array.from(safeText(head));
  if (chars.length <= max && head.length === raw.length) return chars.join('');
  return `${chars.slice(0, max - 1).join('')}…`;
}
