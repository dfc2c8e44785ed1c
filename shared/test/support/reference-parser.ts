/**
 * The PDF object parser as it was before its byte-table rewrite (commit b81087c), kept only
 * so shared/test/pdf/parser-equivalence.test.ts can check that the rewrite reads every
 * input (objects, positions, errors) exactly as this one did. Not used by any code.
 */
import { pdfError } from '../../src/pdf/errors.js';
import {
  PdfDict,
  PdfName,
  type PdfObject,
  PdfRef,
  PdfStream,
  PdfString,
} from '../../src/pdf/reader/objects.js';

const WS = new Set([0, 9, 10, 12, 13, 32]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

const MAX_DEPTH = 256;

const isRegular = (c: number | undefined): boolean => c !== undefined && !WS.has(c) && !DELIM.has(c);

const malformed = (reason: string, at: number) =>
  pdfError('PDF_MALFORMED', { reason: `${reason} at byte ${at}` });

/** Resolves a stream's /Length when it is an indirect reference. */
export type LengthResolver = (ref: PdfRef) => number;

export class ReferenceParser {
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
      if (WS.has(c)) this.pos++;
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
    let s = '';
    for (let i = start; i < this.pos; i++) s += String.fromCharCode(this.bytes[i]!);
    return s;
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
      for (;;) {
        this.skipWhite();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return arr;
        }
        if (this.pos >= b.length) throw malformed('unterminated array', at);
        arr.push(this.readObject(depth + 1));
      }
    }
    const t = this.token();
    if (t === '') throw malformed(`unexpected character "${String.fromCharCode(c)}"`, at);
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (t === 'null') return null;
    const n = Number(t);
    if (!Number.isFinite(n) || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t))
      throw malformed(`unexpected token "${t}"`, at);
    // An integer may start a reference "num gen R".
    if (/^\d+$/.test(t)) {
      const save = this.pos;
      const gen = this.token();
      if (/^\d+$/.test(gen)) {
        const r = this.token();
        if (r === 'R') return new PdfRef(n, Number(gen));
      }
      this.pos = save;
    }
    return n;
  }

  private readName(): PdfName {
    const b = this.bytes;
    this.pos++;
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
    return new PdfName(new TextDecoder().decode(new Uint8Array(bytes)));
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
        const simple: Record<number, number> = {
          110: 10,
          114: 13,
          116: 9,
          98: 8,
          102: 12,
          40: 40,
          41: 41,
          92: 92,
        };
        if (e in simple) out.push(simple[e]!);
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
      if (WS.has(c)) continue;
      const v = Number.parseInt(String.fromCharCode(c), 16);
      if (Number.isNaN(v)) throw malformed('bad hex digit', this.pos - 1);
      digits.push(v);
    }
    if (digits.length % 2) digits.push(0);
    const out = new Uint8Array(digits.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = (digits[2 * i]! << 4) | digits[2 * i + 1]!;
    return new PdfString(out, true);
  }

  private readDictOrStream(depth: number): PdfDict | PdfStream {
    const b = this.bytes;
    const at = this.pos;
    this.pos += 2;
    const dict = new PdfDict();
    for (;;) {
      this.skipWhite();
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
        this.pos += 2;
        break;
      }
      if (this.pos >= b.length) throw malformed('unterminated dictionary', at);
      const key = this.readObject(depth + 1);
      if (!(key instanceof PdfName)) throw malformed('dictionary key is not a name', this.pos);
      dict.set(key.name, this.readObject(depth + 1));
    }
    const save = this.pos;
    this.skipWhite();
    if (this.token() !== 'stream') {
      this.pos = save;
      return dict;
    }
    // "stream" is followed by CRLF or LF (a lone CR is tolerated).
    if (b[this.pos] === 13) this.pos++;
    if (b[this.pos] === 10) this.pos++;
    const lenObj = dict.get('Length');
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
    return new PdfStream(dict, raw);
  }
}
