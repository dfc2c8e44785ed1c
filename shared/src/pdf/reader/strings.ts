/**
 * Names and strings (ISO 32000-1, 7.3.4 and 7.3.5): read from a cursor over the file's
 * bytes, which they move past what they read. A file of their own so the parser holds the
 * structure (objects, containers, streams) and these the byte-level decoding.
 */

import { CLASS, HEX_VALUE, isRegular, latin1, malformed, WHITE } from './lexical.js';
import { PdfName, PdfString } from './objects.js';

/** Where a reader stands in a file: the bytes and the position, moved as it reads. */
export interface ByteCursor {
  readonly bytes: Uint8Array;
  pos: number;
}

/** Escapes of a literal string that stand for one byte (`\\n` → 10...). */
const SIMPLE_ESCAPES: Record<number, number> = {
  110: 10,
  114: 13,
  116: 9,
  98: 8,
  102: 12,
  40: 40,
  41: 41,
  92: 92,
};
const utf8 = new TextDecoder();

/** A name, its #xx escapes decoded (UTF-8). */
export function readName(cursor: ByteCursor): PdfName {
  const b = cursor.bytes;
  cursor.pos++;
  // Most names are plain ASCII without #xx escapes: read as they stand.
  const start = cursor.pos;
  let plain = true;
  while (isRegular(b[cursor.pos])) {
    const c = b[cursor.pos]!;
    if (c === 0x23 || c >= 0x80) {
      plain = false;
      break;
    }
    cursor.pos++;
  }
  if (plain) return new PdfName(latin1(b, start, cursor.pos));
  cursor.pos = start;
  const bytes: number[] = [];
  while (isRegular(b[cursor.pos])) {
    const c = b[cursor.pos]!;
    if (c === 0x23) {
      const hex = String.fromCharCode(b[cursor.pos + 1] ?? 0, b[cursor.pos + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw malformed('bad #xx escape in name', cursor.pos);
      bytes.push(Number.parseInt(hex, 16));
      cursor.pos += 3;
    } else {
      bytes.push(c);
      cursor.pos++;
    }
  }
  return new PdfName(utf8.decode(new Uint8Array(bytes)));
}

/** A `( )` string: escapes, octal codes, balanced parentheses, line continuations. */
export function readLiteralString(cursor: ByteCursor): PdfString {
  const b = cursor.bytes;
  const at = cursor.pos;
  cursor.pos++;
  const out: number[] = [];
  let depth = 1;
  for (;;) {
    const c = b[cursor.pos++];
    if (c === undefined) throw malformed('unterminated string', at);
    if (c === 0x5c) {
      const e = b[cursor.pos++];
      if (e === undefined) throw malformed('unterminated string', at);
      if (e in SIMPLE_ESCAPES) out.push(SIMPLE_ESCAPES[e]!);
      else if (e >= 0x30 && e <= 0x37) {
        let v = e - 0x30;
        for (let k = 0; k < 2 && b[cursor.pos]! >= 0x30 && b[cursor.pos]! <= 0x37; k++)
          v = v * 8 + (b[cursor.pos++]! - 0x30);
        out.push(v & 0xff);
      } else if (e === 13) {
        if (b[cursor.pos] === 10) cursor.pos++;
      } else if (e !== 10) out.push(e);
    } else if (c === 0x28) {
      depth++;
      out.push(c);
    } else if (c === 0x29) {
      if (--depth === 0) break;
      out.push(c);
    } else out.push(c);
  }
  return new PdfString(new Uint8Array(out));
}

/** A `< >` string: white-space skipped, an odd last digit taken as followed by 0. */
export function readHexString(cursor: ByteCursor): PdfString {
  const b = cursor.bytes;
  const at = cursor.pos;
  cursor.pos++;
  const digits: number[] = [];
  for (;;) {
    const c = b[cursor.pos++];
    if (c === undefined) throw malformed('unterminated hex string', at);
    if (c === 0x3e) break;
    if (CLASS[c] === WHITE) continue;
    const v = HEX_VALUE[c]!;
    if (v < 0) throw malformed('bad hex digit', cursor.pos - 1);
    digits.push(v);
  }
  if (digits.length % 2) digits.push(0);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (digits[2 * i]! << 4) | digits[2 * i + 1]!;
  return new PdfString(out, true);
}

/** `readName`'s checks without the name: only a #xx escape can be wrong. */
export function skipName(cursor: ByteCursor): void {
  const b = cursor.bytes;
  cursor.pos++;
  while (isRegular(b[cursor.pos])) {
    if (b[cursor.pos] === 0x23) {
      const hex = String.fromCharCode(b[cursor.pos + 1] ?? 0, b[cursor.pos + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw malformed('bad #xx escape in name', cursor.pos);
      cursor.pos += 3;
    } else cursor.pos++;
  }
}
