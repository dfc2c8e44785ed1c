/**
 * The verifier's PDF lexer and value parser, on bytes: only tokens are decoded (a name, a
 * keyword, a number), never the file. Searching uses the engine's native
 * `Uint8Array.prototype.indexOf` for the first byte of a word, so finding `%%EOF`, `obj` or
 * `endstream` in a 250 KB file costs microseconds and no 250 K-character string.
 */
import {
  isDict,
  type PdfDict,
  type PdfRef,
  type PdfString,
  PdfSyntaxError,
  type PdfValue,
} from './values.js';

/** Byte classes: 1 whitespace, 2 delimiter, 0 regular. */
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[c] = 2;
/** Hex digit values, -1 for anything else. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[0x41 + i] = 10 + i;
  HEX[0x61 + i] = 10 + i;
}
/** Byte values of two hex digits `(hi << 8) | lo`, -1 for anything else (128 KB, built once). */
const HEX_PAIR = new Int16Array(65536).fill(-1);
for (let hi = 0; hi < 256; hi++)
  for (let lo = 0; lo < 256; lo++)
    if ((HEX[hi] as number) >= 0 && (HEX[lo] as number) >= 0)
      HEX_PAIR[(hi << 8) | lo] = ((HEX[hi] as number) << 4) | (HEX[lo] as number);
const MAX_NESTING = 100;
const ESCAPES: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 };

export const isWs = (c: number | undefined): boolean => c !== undefined && CLASS[c] === 1;
export const isDelim = (c: number | undefined): boolean => c !== undefined && CLASS[c] === 2;
export const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** ASCII bytes of a word to search for. */
export const ascii = (word: string): Uint8Array => Uint8Array.from(word, (ch) => ch.charCodeAt(0));

/** First offset ≥ `from` where `word` starts and ends by `limit`, or -1 (any engine). */
export function indexOfBytesJs(buf: Uint8Array, word: Uint8Array, from: number, limit = buf.length): number {
  const first = word[0] as number;
  const n = word.length;
  for (let i = buf.indexOf(first, from); i >= 0 && i + n <= limit; i = buf.indexOf(first, i + 1)) {
    let k = 1;
    while (k < n && buf[i + k] === word[k]) k++;
    if (k === n) return i;
  }
  return -1;
}

type ByteSearch = (this: Uint8Array, word: Uint8Array, from: number) => number;
/**
 * Node's `Buffer#indexOf` finds a whole word with a vectorised search, 5× the engine's
 * byte-at-a-time `Uint8Array#indexOf` the words are scanned with (≈ 0.6 ms of a 3-signature
 * record, every object header, stream and `%%EOF` of the file). The browser has no Buffer.
 */
const nodeSearch = (globalThis as { Buffer?: { prototype: { indexOf?: unknown } } }).Buffer?.prototype
  .indexOf as ByteSearch | undefined;

/** First offset ≥ `from` (≥ 0) where `word` starts and ends by `limit`, or -1. */
export const indexOfBytes: (buf: Uint8Array, word: Uint8Array, from: number, limit?: number) => number =
  typeof nodeSearch === 'function'
    ? (buf, word, from, limit = buf.length) =>
        // Searched only up to `limit`, as the engine's loop stops there; a negative `from`
        // (counted from the end) is left to the engine, whose end is the whole buffer's.
        from < 0
          ? indexOfBytesJs(buf, word, from, limit)
          : nodeSearch.call(limit < buf.length ? buf.subarray(0, Math.max(0, limit)) : buf, word, from)
    : indexOfBytesJs;

/**
 * Bytes as a one-unit-per-byte string. Short tokens (names, keywords) in one call: a flat
 * string, twice as fast as adding characters one by one (a page names ~100 fonts).
 */
export function latin1(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 256)
    return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  let s = '';
  for (let i = start; i < end; i += 256)
    s += String.fromCharCode.apply(null, buf.subarray(i, Math.min(end, i + 256)) as unknown as number[]);
  return s;
}

const WORDS = new Map<string, Uint8Array>();
const wordBytes = (w: string): Uint8Array => WORDS.get(w) ?? (WORDS.set(w, ascii(w)).get(w) as Uint8Array);

export class Parser {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    pos = 0,
    readonly limit = buf.length,
  ) {
    this.pos = pos;
  }

  skipWs(): void {
    const b = this.buf;
    while (this.pos < this.limit) {
      const c = b[this.pos] as number;
      if (CLASS[c] === 1) this.pos++;
      else if (c === 0x25) {
        while (this.pos < this.limit && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  private regularEnd(): number {
    let p = this.pos;
    while (p < this.limit && CLASS[this.buf[p] as number] === 0) p++;
    return p;
  }

  /** An object header's number: its digits (leading zeros allowed), at most ten. */
  private digits(): number {
    const start = this.pos;
    let n = 0;
    while (this.pos < this.limit && this.pos - start < 11 && isDigit(this.buf[this.pos] as number))
      n = n * 10 + ((this.buf[this.pos++] as number) - 0x30);
    if (this.pos === start || this.pos - start > 10) throw new PdfSyntaxError('expected an object number');
    return n;
  }

  private regular(): string {
    const start = this.pos;
    this.pos = this.regularEnd();
    return latin1(this.buf, start, this.pos);
  }

  /** Reads one value; `N G R` becomes a reference. */
  value(depth = 0): PdfValue {
    if (depth > MAX_NESTING) throw new PdfSyntaxError('nesting too deep');
    this.skipWs();
    if (this.pos >= this.limit) throw new PdfSyntaxError('unexpected end');
    const b = this.buf;
    const c = b[this.pos] as number;
    if (c === 0x2f) {
      this.pos++;
      const raw = this.regular();
      const name = raw.includes('#')
        ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
        : raw;
      return { kind: 'name', name };
    }
    if (c === 0x3c && b[this.pos + 1] === 0x3c) return this.dict(depth);
    if (c === 0x3c) return this.hex();
    if (c === 0x28) return this.literal();
    if (c === 0x5b) {
      this.pos++;
      const arr: PdfValue[] = [];
      while (true) {
        this.skipWs();
        if (this.pos >= this.limit) throw new PdfSyntaxError('unterminated array');
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return arr;
        }
        arr.push(this.value(depth + 1));
      }
    }
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) return this.number();
    const word = this.regular();
    if (word === '') throw new PdfSyntaxError(`unexpected byte 0x${c.toString(16)}`);
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    throw new PdfSyntaxError(`unexpected keyword ${word.slice(0, 20)}`);
  }

  private dict(depth: number): PdfDict {
    const b = this.buf;
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    while (true) {
      this.skipWs();
      if (this.pos >= this.limit) throw new PdfSyntaxError('unterminated dictionary');
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return { kind: 'dict', entries };
      }
      const key = this.value(depth + 1);
      if (typeof key !== 'object' || key === null || Array.isArray(key) || key.kind !== 'name')
        throw new PdfSyntaxError('dictionary key is not a name');
      entries.set(key.name, this.value(depth + 1));
    }
  }

  /** `<hex>`: one pass into a buffer sized by the distance to `>` (signature /Contents are ~40 KB). */
  private hex(): PdfString {
    const b = this.buf;
    const start = this.pos++;
    const close = b.indexOf(0x3e, this.pos);
    if (close < 0 || close >= this.limit) throw new PdfSyntaxError('unterminated hex string');
    const out = new Uint8Array((close - this.pos + 1) >> 1);
    let n = 0;
    let high = -1;
    let p = this.pos;
    // Two digits at a time while the text is plain pairs (a signature's /Contents always is).
    for (let v = 0; p + 1 < close; p += 2) {
      v = HEX_PAIR[((b[p] as number) << 8) | (b[p + 1] as number)] as number;
      if (v < 0) break;
      out[n++] = v;
    }
    for (; p < close; p++) {
      const c = b[p] as number;
      const v = HEX[c] as number;
      if (v < 0) {
        if (CLASS[c] === 1) continue;
        throw new PdfSyntaxError('bad hex string');
      }
      if (high < 0) high = v;
      else {
        out[n++] = (high << 4) | v;
        high = -1;
      }
    }
    if (high >= 0) out[n++] = high << 4;
    this.pos = close + 1;
    return {
      kind: 'string',
      bytes: n === out.length ? out : out.slice(0, n),
      hex: true,
      start,
      end: this.pos,
    };
  }

  /** A number, or `N G R` (byte-level: large /W arrays and xref-like data must stay fast). */
  private number(): number | PdfRef {
    const b = this.buf;
    const start = this.pos;
    let p = this.pos;
    if (b[p] === 0x2b || b[p] === 0x2d) p++;
    let intPart = 0;
    let digits = 0;
    while (p < this.limit && isDigit(b[p])) {
      intPart = intPart * 10 + ((b[p] as number) - 0x30);
      p++;
      digits++;
    }
    let isInt = true;
    if (b[p] === 0x2e) {
      isInt = false;
      p++;
      while (p < this.limit && isDigit(b[p])) {
        p++;
        digits++;
      }
    }
    if (digits === 0) throw new PdfSyntaxError('bad number');
    const next = b[p];
    if (next !== undefined && p < this.limit && CLASS[next] === 0) throw new PdfSyntaxError('bad number');
    this.pos = p;
    if (!isInt || b[start] === 0x2b || b[start] === 0x2d) {
      let str = '';
      for (let i = start; i < p; i++) str += String.fromCharCode(b[i] as number);
      return Number(str);
    }
    // Look ahead for `G R`.
    let q = p;
    while (q < this.limit && isWs(b[q])) q++;
    let gen = 0;
    let genDigits = 0;
    while (q < this.limit && isDigit(b[q])) {
      gen = gen * 10 + ((b[q] as number) - 0x30);
      q++;
      genDigits++;
    }
    if (genDigits === 0 || q >= this.limit || !isWs(b[q])) return intPart;
    while (q < this.limit && isWs(b[q])) q++;
    if (b[q] === 0x52) {
      const after = b[q + 1];
      if (after === undefined || q + 1 >= this.limit || CLASS[after] !== 0) {
        this.pos = q + 1;
        return { kind: 'ref', num: intPart, gen };
      }
    }
    return intPart;
  }

  /** The next regular token, without consuming it. */
  peekWord(): string {
    const save = this.pos;
    const w = this.regular();
    this.pos = save;
    return w;
  }

  /** True when the next regular token is exactly `word` (no string made). */
  private atWord(word: string): boolean {
    const end = this.regularEnd();
    if (end - this.pos !== word.length) return false;
    for (let i = 0; i < word.length; i++) if (this.buf[this.pos + i] !== word.charCodeAt(i)) return false;
    return true;
  }

  private literal(): PdfString {
    const start = this.pos++;
    const out: number[] = [];
    let depth = 1;
    const b = this.buf;
    while (this.pos < this.limit) {
      const c = b[this.pos++] as number;
      if (c === 0x5c) {
        const e = b[this.pos++] as number;
        if (e in ESCAPES) out.push(ESCAPES[e] as number);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let k = 0; k < 2 && (b[this.pos] as number) >= 0x30 && (b[this.pos] as number) <= 0x37; k++)
            v = v * 8 + ((b[this.pos++] as number) - 0x30);
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++;
        } else if (e !== 0x0a) out.push(e);
        continue;
      }
      if (c === 0x28) depth++;
      if (c === 0x29 && --depth === 0)
        return { kind: 'string', bytes: Uint8Array.from(out), hex: false, start, end: this.pos };
      out.push(c);
    }
    throw new PdfSyntaxError('unterminated string');
  }

  /** Reads `N G obj value [stream ... endstream] endobj` at the current position. */
  indirect(lengthOf: (v: PdfValue) => number | undefined): { num: number; gen: number; value: PdfValue } {
    this.skipWs();
    const num = this.digits();
    this.skipWs();
    // `4 0obj`: poppler's lexer ends a number at the first byte that is not a digit.
    const gen = this.digits();
    this.skipWs();
    if (!this.atWord('obj')) throw new PdfSyntaxError('expected obj');
    this.pos += 3;
    let value = this.value();
    this.skipWs();
    if (isDict(value) && this.atWord('stream')) {
      this.pos += 6;
      if (this.buf[this.pos] === 0x0d) this.pos++;
      if (this.buf[this.pos] === 0x0a) this.pos++;
      const start = this.pos;
      let end: number;
      const declared = lengthOf(value.entries.get('Length') ?? null);
      if (
        declared !== undefined &&
        declared >= 0 &&
        start + declared <= this.limit &&
        this.endstreamAt(start + declared)
      ) {
        end = start + declared;
      } else {
        end = this.find('endstream', start);
        if (end < 0) throw new PdfSyntaxError('stream without endstream');
        // Trim the end-of-line before endstream.
        if (this.buf[end - 1] === 0x0a) end--;
        if (this.buf[end - 1] === 0x0d) end--;
      }
      this.pos = this.find('endstream', end) + 9;
      value = { kind: 'stream', dict: value, start, end };
      this.skipWs();
    }
    if (this.atWord('endobj')) this.pos += 6;
    return { num, gen, value };
  }

  private endstreamAt(p: number): boolean {
    const save = this.pos;
    this.pos = p;
    this.skipWs();
    const ok = this.atWord('endstream');
    this.pos = save;
    return ok;
  }

  find(word: string, from: number): number {
    return indexOfBytes(this.buf, wordBytes(word), from, this.limit);
  }
}
