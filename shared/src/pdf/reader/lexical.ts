/**
 * PDF's lexical rules (ISO 32000-1, 7.2 and 7.3.3): which bytes are white-space, delimiters
 * or regular, hex digit values, the shape of a number, and a byte range as a latin1 string.
 * Shared by the object parser and the string and name readers.
 */
import { pdfError } from '../errors.js';

// Byte classes in one table (a Set lookup per byte was most of a page dictionary's parse):
// 1 white-space, 2 delimiter, 0 regular.
export const WHITE = 1;
const DELIM = 2;
export const CLASS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) CLASS[c] = WHITE;
for (const c of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[c] = DELIM;
/** Hex digit values, -1 for anything else. */
export const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

export const isWhite = (c: number | undefined): boolean => c !== undefined && CLASS[c] === WHITE;
export const isRegular = (c: number | undefined): boolean => c !== undefined && CLASS[c] === 0;
export const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** Bytes as a latin1 string, in slices (an argument list has a size limit). */
export function latin1(b: Uint8Array, start: number, end: number): string {
  if (end - start <= 16) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
    return s;
  }
  let s = '';
  for (let i = start; i < end; i += 4096)
    s += String.fromCharCode.apply(null, b.subarray(i, Math.min(i + 4096, end)) as unknown as number[]);
  return s;
}

/** The shape `[+-]?(\d+\.?\d*|\.\d+)` of a PDF number, without a regular expression. */
export function isNumberText(t: string): boolean {
  let i = t.charCodeAt(0) === 0x2b || t.charCodeAt(0) === 0x2d ? 1 : 0;
  let digits = 0;
  while (i < t.length && isDigit(t.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < t.length && t.charCodeAt(i) === 0x2e) {
    i++;
    while (i < t.length && isDigit(t.charCodeAt(i))) {
      i++;
      digits++;
    }
    // ".": a point needs a digit before or after it.
    if (digits === 0) return false;
  }
  return digits > 0 && i === t.length;
}

/** The value of a run of at most 15 ASCII digits (exact in a double). */
export function digitsValue(b: Uint8Array, start: number, end: number): number {
  let v = 0;
  for (let i = start; i < end; i++) v = v * 10 + (b[i]! - 0x30);
  return v;
}

export const allDigits = (t: string): boolean => {
  if (t.length === 0) return false;
  for (let i = 0; i < t.length; i++) if (!isDigit(t.charCodeAt(i))) return false;
  return true;
};

/** The one error of a malformed file, with the byte it was found at. */
export const malformed = (reason: string, at: number) =>
  pdfError('PDF_MALFORMED', { reason: `${reason} at byte ${at}` });
