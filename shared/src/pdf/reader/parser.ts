/**
 * A strict PDF object parser: reads one object at a byte offset. No repair: a file whose
 * structure is broken is refused, because a signature over a file we misread is worse
 * than no signature.
 */
import { pdfError } from '../errors.js';
import { PdfDict, PdfLazy, PdfName, type PdfObject, PdfRef, PdfStream, PdfString } from './objects.js';

// Byte classes in one table (a Set lookup per byte was most of a page dictionary's parse):
// 1 white-space, 2 delimiter, 0 regular.
const WHITE = 1;
const DELIM = 2;
const CLASS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) CLASS[c] = WHITE;
for (const c of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[c] = DELIM;
/** Hex digit values, -1 for anything else. */
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
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

const MAX_DEPTH = 256;

/**
 * Dictionary values read lazily: checked as they are met, built on first use. A page's
 * /Resources names every font of every line drawn (hundreds in a rendered record) and the
 * signer never looks inside it.
 */
const LAZY_KEYS = new Set(['Resources']);

export const isWhite = (c: number | undefined): boolean => c !== undefined && CLASS[c] === WHITE;
const isRegular = (c: number | undefined): boolean => c !== undefined && CLASS[c] === 0;
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** Bytes as a latin1 string, in slices (an argument list has a size limit). */
function latin1(b: Uint8Array, start: number, end: number): string {
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
function isNumberText(t: string): boolean {
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
function digitsValue(b: Uint8Array, start: number, end: number): number {
  let v = 0;
  for (let i = start; i < end; i++) v = v * 10 + (b[i]! - 0x30);
  return v;
}

const allDigits = (t: string): boolean => {
  if (t.length === 0) return false;
  for (let i = 0; i < t.length; i++) if (!isDigit(t.charCodeAt(i))) return false;
  return true;
};

const malformed = (reason: string, at: number) =>
  pdfError('PDF_MALFORMED', { reason: `${reason} at byte ${at}` });

/** Resolves a stream's /Length when it is an indirect reference. */
export type LengthResolver = (ref: PdfRef) => number;

export class PdfParser {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
    private readonly resolveLength?: LengthResolver,
  ) {
    this.pos = pos;
  }

  skipWhite(): void {
    const b = this.bytes;
    for (;;) {
      const c = b[this.pos];
      if (c === undefined) return;
      if (CLASS[c] === WHITE) this.pos++;
      else if (c === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
      } else return;
    }
  }

  /** Reads a bare keyword or number token. */
  token(): string {
    this.skipWhite();
    const start = this.pos;
    while (isRegular(this.bytes[this.pos])) this.pos++;
    return latin1(this.bytes, start, this.pos);
  }

  /** Whether a `token()` read here would be `keyword`, without reading it (nor moving). */
  private atKeyword(keyword: string): boolean {
    const b = this.bytes;
    let p = this.pos;
    while (CLASS[b[p]!] === WHITE && p < b.length) p++;
    if (b[p] === 0x25) {
      // A comment: the general path.
      const save = this.pos;
      const t = this.token();
      this.pos = save;
      return t === keyword;
    }
    for (let i = 0; i < keyword.length; i++) if (b[p + i] !== keyword.charCodeAt(i)) return false;
    return !isRegular(b[p + keyword.length]);
  }

  /**
   * After an integer: `gen R` follows (a reference)? Reads it and returns the generation,
   * or leaves the position as it was. Byte for byte what two `token()` calls would see.
   */
  private readRefTail(): number | undefined {
    const save = this.pos;
    this.skipWhite();
    const b = this.bytes;
    const start = this.pos;
    while (isDigit(b[this.pos])) this.pos++;
    const end = this.pos;
    if (end > start && !isRegular(b[end])) {
      this.skipWhite();
      if (b[this.pos] === 0x52 && !isRegular(b[this.pos + 1])) {
        this.pos++;
        return end - start <= 15 ? digitsValue(b, start, end) : Number(latin1(b, start, end));
      }
    }
    this.pos = save;
    return undefined;
  }

  expectKeyword(kw: string): void {
    const at = this.pos;
    const t = this.token();
    if (t !== kw) throw malformed(`expected "${kw}", found "${t.slice(0, 20)}"`, at);
  }

  /** Reads `num gen obj <object> endobj` and returns the object. */
  readIndirect(expectNum?: number): { num: number; gen: number; obj: PdfObject } {
    const at = this.pos;
    const num = Number(this.token());
    const gen = Number(this.token());
    if (!Number.isInteger(num) || !Number.isInteger(gen)) throw malformed('expected an object header', at);
    if (expectNum !== undefined && num !== expectNum)
      throw malformed(`xref points at object ${num} instead of ${expectNum}`, at);
    this.expectKeyword('obj');
    const obj = this.readObject();
    this.skipWhite();
    // Tolerate a missing endobj only at a following "N G obj"? No: strict.
    this.expectKeyword('endobj');
    return { num, gen, obj };
  }

  readObject(depth = 0): PdfObject {
    this.skipWhite();
    const b = this.bytes;
    const at = this.pos;
    // Nesting is bounded: deep arrays/dictionaries would overflow the stack (an untyped RangeError).
    if (depth > MAX_DEPTH) throw malformed('objects nested too deeply', at);
    const c = b[this.pos];
    if (c === undefined) throw malformed('unexpected end of file', at);
    if (c === 0x2f) return this.readName();
    if (c === 0x28) return this.readLiteralString();
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) return this.readDictOrStream(depth);
      return this.readHexString();
    }
    if (c === 0x5b) {
      this.pos++;
      const arr: PdfObject[] = [];
      this.eachItem(false, at, () => {
        arr.push(this.readObject(depth + 1));
      });
      return arr;
    }
    return this.readAtom(c, at);
  }

  /** A keyword, number or reference (what `readObject` reads that is not a name, string, array or dictionary). */
  private readAtom(c: number, at: number): PdfObject {
    const t = this.token();
    if (t === '') throw malformed(`unexpected character "${String.fromCharCode(c)}"`, at);
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (t === 'null') return null;
    const n = Number(t);
    if (!Number.isFinite(n) || !isNumberText(t)) throw malformed(`unexpected token "${t}"`, at);
    // An integer may start a reference "num gen R".
    if (allDigits(t)) {
      const gen = this.readRefTail();
      if (gen !== undefined) return new PdfRef(n, gen);
    }
    return n;
  }

  private readName(): PdfName {
    const b = this.bytes;
    this.pos++;
    // Most names are plain ASCII without #xx escapes: read as they stand.
    const start = this.pos;
    let plain = true;
    while (isRegular(b[this.pos])) {
      const c = b[this.pos]!;
      if (c === 0x23 || c >= 0x80) {
        plain = false;
        break;
      }
      this.pos++;
    }
    if (plain) return new PdfName(latin1(b, start, this.pos));
    this.pos = start;
    const bytes: number[] = [];
    while (isRegular(b[this.pos])) {
      const c = b[this.pos]!;
      if (c === 0x23) {
        const hex = String.fromCharCode(b[this.pos + 1] ?? 0, b[this.pos + 2] ?? 0);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw malformed('bad #xx escape in name', this.pos);
        bytes.push(Number.parseInt(hex, 16));
        this.pos += 3;
      } else {
        bytes.push(c);
        this.pos++;
      }
    }
    return new PdfName(utf8.decode(new Uint8Array(bytes)));
  }

  private readLiteralString(): PdfString {
    const b = this.bytes;
    const at = this.pos;
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    for (;;) {
      const c = b[this.pos++];
      if (c === undefined) throw malformed('unterminated string', at);
      if (c === 0x5c) {
        const e = b[this.pos++];
        if (e === undefined) throw malformed('unterminated string', at);
        if (e in SIMPLE_ESCAPES) out.push(SIMPLE_ESCAPES[e]!);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let k = 0; k < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; k++)
            v = v * 8 + (b[this.pos++]! - 0x30);
          out.push(v & 0xff);
        } else if (e === 13) {
          if (b[this.pos] === 10) this.pos++;
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

  private readHexString(): PdfString {
    const b = this.bytes;
    const at = this.pos;
    this.pos++;
    const digits: number[] = [];
    for (;;) {
      const c = b[this.pos++];
      if (c === undefined) throw malformed('unterminated hex string', at);
      if (c === 0x3e) break;
      if (CLASS[c] === WHITE) continue;
      const v = HEX_VALUE[c]!;
      if (v < 0) throw malformed('bad hex digit', this.pos - 1);
      digits.push(v);
    }
    if (digits.length % 2) digits.push(0);
    const out = new Uint8Array(digits.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = (digits[2 * i]! << 4) | digits[2 * i + 1]!;
    return new PdfString(out, true);
  }

  /**
   * The one loop over a container's contents, for reading and for skipping alike: from after
   * its opener up to its closer (`]`, or `>>` for a dictionary), `item` reading one element
   * (a dictionary's key and value) each time round.
   */
  private eachItem(dictionary: boolean, at: number, item: () => void): void {
    const b = this.bytes;
    for (;;) {
      this.skipWhite();
      if (dictionary ? b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e : b[this.pos] === 0x5d) {
        this.pos += dictionary ? 2 : 1;
        return;
      }
      if (this.pos >= b.length)
        throw malformed(dictionary ? 'unterminated dictionary' : 'unterminated array', at);
      item();
    }
  }

  private readDictOrStream(depth: number): PdfDict | PdfStream {
    const b = this.bytes;
    const at = this.pos;
    this.pos += 2;
    const dict = new PdfDict();
    this.eachItem(true, at, () => {
      const key = this.readObject(depth + 1);
      if (!(key instanceof PdfName)) throw malformed('dictionary key is not a name', this.pos);
      this.skipWhite();
      if (LAZY_KEYS.has(key.name) && b[this.pos] === 0x3c && b[this.pos + 1] === 0x3c) {
        // Checked now (the same errors at the same place), built when someone asks for it.
        const start = this.pos;
        this.skipObject(depth + 1);
        const { resolveLength } = this;
        dict.map.set(
          key.name,
          new PdfLazy(() => new PdfParser(b, start, resolveLength).readObject(depth + 1)),
        );
      } else dict.set(key.name, this.readObject(depth + 1));
    });
    if (!this.atKeyword('stream')) return dict;
    return new PdfStream(dict, this.readStreamBody(dict.get('Length'), at));
  }

  /** After a stream's dictionary: the `stream` keyword, its bytes, `endstream`. */
  private readStreamBody(lenObj: PdfObject | undefined, at: number): Uint8Array {
    const b = this.bytes;
    this.skipWhite();
    this.token();
    // "stream" is followed by CRLF or LF (a lone CR is tolerated).
    if (b[this.pos] === 13) this.pos++;
    if (b[this.pos] === 10) this.pos++;
    let length: number;
    if (typeof lenObj === 'number') length = lenObj;
    else if (lenObj instanceof PdfRef && this.resolveLength) length = this.resolveLength(lenObj);
    else throw malformed('stream without a usable /Length', at);
    if (!Number.isInteger(length) || length < 0 || this.pos + length > b.length)
      throw malformed('stream /Length out of range', at);
    const raw = b.subarray(this.pos, this.pos + length);
    this.pos += length;
    this.skipWhite();
    this.expectKeyword('endstream');
    return raw;
  }

  /**
   * Goes over one object exactly as `readObject` reads it (the same checks, errors, end
   * position and /Length look-ups) without building it: names are not decoded, dictionaries
   * not filled. For values read lazily.
   */
  skipObject(depth = 0): void {
    this.skipWhite();
    const b = this.bytes;
    const at = this.pos;
    if (depth > MAX_DEPTH) throw malformed('objects nested too deeply', at);
    const c = b[this.pos];
    if (c === undefined) throw malformed('unexpected end of file', at);
    if (c === 0x2f) {
      this.skipName();
      return;
    }
    if (c === 0x28) {
      this.readLiteralString();
      return;
    }
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) this.skipDictOrStream(depth);
      else this.readHexString();
      return;
    }
    if (c === 0x5b) {
      this.pos++;
      this.eachItem(false, at, () => this.skipObject(depth + 1));
      return;
    }
    if (isDigit(c)) {
      // An integer (or a reference's first part), as `readAtom` would take it, without the string.
      let end = this.pos;
      while (isDigit(b[end])) end++;
      if (end - this.pos <= 15 && !isRegular(b[end])) {
        this.pos = end;
        this.readRefTail();
        return;
      }
    }
    this.readAtom(c, at);
  }

  /** `readName`'s checks without the name: only a #xx escape can be wrong. */
  private skipName(): void {
    const b = this.bytes;
    this.pos++;
    while (isRegular(b[this.pos])) {
      if (b[this.pos] === 0x23) {
        const hex = String.fromCharCode(b[this.pos + 1] ?? 0, b[this.pos + 2] ?? 0);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw malformed('bad #xx escape in name', this.pos);
        this.pos += 3;
      } else this.pos++;
    }
  }

  /** Whether the name at the position is `/Length` (spelt plainly or with escapes). */
  private atLengthKey(): boolean {
    const b = this.bytes;
    const p = this.pos;
    let plain = true;
    for (let i = 0; i < 6; i++) if (b[p + 1 + i] !== 'Length'.charCodeAt(i)) plain = false;
    if (plain) return !isRegular(b[p + 7]);
    // Rare: a key with #xx escapes, read in full to compare.
    for (let q = p + 1; isRegular(b[q]); q++) if (b[q] === 0x23) return this.peekName() === 'Length';
    return false;
  }

  private peekName(): string {
    const save = this.pos;
    try {
      return this.readName().name;
    } finally {
      this.pos = save;
    }
  }

  private skipDictOrStream(depth: number): void {
    const b = this.bytes;
    const at = this.pos;
    this.pos += 2;
    // Only /Length matters when not building: a stream's extent (the last one wins, as in a Map).
    let lenObj: PdfObject | undefined;
    this.eachItem(true, at, () => {
      const isKey = b[this.pos] === 0x2f && depth + 1 <= MAX_DEPTH;
      const isLength = isKey && this.atLengthKey();
      this.skipObject(depth + 1);
      if (!isKey) throw malformed('dictionary key is not a name', this.pos);
      if (isLength) lenObj = this.readObject(depth + 1);
      else this.skipObject(depth + 1);
    });
    if (!this.atKeyword('stream')) return;
    this.readStreamBody(lenObj, at);
  }
}
