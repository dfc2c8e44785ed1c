/**
 * The shape of a frame, read from its bytes before any JSON.parse: how deeply arrays and
 * objects nest. JSON.parse, JSON.stringify, zod and every renderer after them recurse, so a
 * record nested a few thousand levels deep (25 KB) overflows the stack somewhere downstream;
 * refusing it here, in one linear pass without allocation, keeps every later step safe.
 */

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of `{`/`[` outside strings, stopping as soon as it passes `limit`
 * (returns `limit + 1` then). Works on UTF-8 bytes or on a string (code units): the
 * structural characters are ASCII in both, and no UTF-8 continuation byte equals them.
 */
export function nestingDepth(data: string | Uint8Array, limit: number): number {
  const length = data.length;
  const at: (i: number) => number =
    typeof data === 'string' ? (i) => data.charCodeAt(i) : (i) => data[i] as number;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && depth > 0) depth--;
  }
  return deepest;
}
