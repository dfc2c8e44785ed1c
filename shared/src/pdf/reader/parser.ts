/**
 * A strict PDF object parser: reads one object at a byte offset. No repair: a file whose
 * structure is broken is refused, because a signature over a file we misread is worse
 * than no signature. Names and strings are decoded in ./strings.ts, the byte classes and
 * number shapes are in ./lexical.ts.
 */
import {
  allDigits,
  CLASS,
  digitsValue,
  isDigit,
  isNumberText,
  isRegular,
  latin1,
  malformed,
  WHITE,
} from './lexical.js';
import { PdfDict, PdfLazy, PdfName, type PdfObject, PdfRef, PdfStream } from './objects.js';
import { readHexString, readLiteralString, readName, skipName } from './strings.js';

const MAX_DEPTH = 256;

/**
 * Dictionary values read lazily: checked as they are met, built on first use. A page's
 * /Resources names every font of every line drawn (hundreds in a rendered record) and the
 * signer never looks inside it.
 */
const LAZY_KEYS = new Set(['Resources']);

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
    if (c === 0x2f) return readName(this);
    if (c === 0x28) return readLiteralString(this);
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) return this.readDictOrStream(depth);
      return readHexString(this);
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
      skipName(this);
      return;
    }
    if (c === 0x28) {
      readLiteralString(this);
      return;
    }
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) this.skipDictOrStream(depth);
      else readHexString(this);
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
      return readName(this).name;
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
