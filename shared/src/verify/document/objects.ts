/**
 * A forgiving PDF object reader for verification. It does not trust the cross-reference
 * tables: it finds every `N G obj` in the bytes, assigns each to the revision (incremental
 * update) whose `%%EOF` follows it, and resolves references "as of" a revision, later
 * definitions winning, as a viewer reading that revision's xref would. Every parsed string
 * keeps its byte offsets so a signature's `/ByteRange` hole can be matched to its own `/Contents`.
 */
import { InflateBudget, inflateCapped } from '../../pdf/reader/inflate.js';

export type PdfValue =
  | null
  | boolean
  | number
  | PdfName
  | PdfString
  | PdfValue[]
  | PdfDict
  | PdfRef
  | PdfStream;

export interface PdfName {
  kind: 'name';
  name: string;
}
export interface PdfString {
  kind: 'string';
  bytes: Uint8Array;
  hex: boolean;
  /** Offsets in the file: `start` at `(` or `<`, `end` after `)` or `>`. */
  start: number;
  end: number;
}
export interface PdfDict {
  kind: 'dict';
  entries: Map<string, PdfValue>;
}
export interface PdfRef {
  kind: 'ref';
  num: number;
  gen: number;
}
export interface PdfStream {
  kind: 'stream';
  dict: PdfDict;
  start: number;
  end: number;
}

export interface PdfObject {
  num: number;
  gen: number;
  /** Offset of the object header, and end after `endobj` (object-stream members: the stream's). */
  start: number;
  end: number;
  value: PdfValue;
  /** Index of the revision the object belongs to. */
  revision: number;
  /** Number of the object stream it came from, if compressed. */
  inStream?: number;
}

export interface Revision {
  /** End offset of this revision: after `%%EOF` and its end-of-line. */
  end: number;
  /** Offset of `%%EOF`. */
  eofAt: number;
  start: number;
  /** The trailer dictionary (classic trailer or xref stream dictionary), if found. */
  trailer?: PdfDict;
  /** Entries of the classic xref tables in this revision: where a viewer will look. */
  xref: XrefEntry[];
}

export interface XrefEntry {
  num: number;
  offset: number;
  inUse: boolean;
}

export class PdfSyntaxError extends Error {
  override readonly name = 'PdfSyntaxError';
}

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const MAX_NESTING = 100;

export class Parser {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    pos = 0,
    readonly limit = buf.length,
    /** The same bytes as a one-unit-per-byte string, for native searching when available. */
    readonly text?: string,
  ) {
    this.pos = pos;
  }

  skipWs(): void {
    const b = this.buf;
    while (this.pos < this.limit) {
      const c = b[this.pos] as number;
      if (WS.has(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < this.limit && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  private regular(): string {
    const start = this.pos;
    while (this.pos < this.limit) {
      const c = this.buf[this.pos] as number;
      if (WS.has(c) || DELIM.has(c)) break;
      this.pos++;
    }
    let s = '';
    for (let i = start; i < this.pos; i++) s += String.fromCharCode(this.buf[i] as number);
    return s;
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
      return {
        kind: 'name',
        name: raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) =>
          String.fromCharCode(Number.parseInt(h, 16)),
        ),
      };
    }
    if (c === 0x3c && b[this.pos + 1] === 0x3c) {
      this.pos += 2;
      const entries = new Map<string, PdfValue>();
      while (true) {
        this.skipWs();
        if (this.pos >= this.limit) throw new PdfSyntaxError('unterminated dictionary');
        if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
          this.pos += 2;
          break;
        }
        const key = this.value(depth + 1);
        if (typeof key !== 'object' || key === null || Array.isArray(key) || key.kind !== 'name')
          throw new PdfSyntaxError('dictionary key is not a name');
        entries.set(key.name, this.value(depth + 1));
      }
      return { kind: 'dict', entries };
    }
    if (c === 0x3c) {
      const start = this.pos++;
      const digits: number[] = [];
      while (this.pos < this.limit && b[this.pos] !== 0x3e) {
        const d = b[this.pos++] as number;
        if (WS.has(d)) continue;
        const v = hexDigit(d);
        if (v < 0) throw new PdfSyntaxError('bad hex string');
        digits.push(v);
      }
      if (this.pos >= this.limit) throw new PdfSyntaxError('unterminated hex string');
      this.pos++;
      if (digits.length % 2) digits.push(0);
      const bytes = new Uint8Array(digits.length / 2);
      for (let i = 0; i < bytes.length; i++)
        bytes[i] = ((digits[2 * i] as number) << 4) | (digits[2 * i + 1] as number);
      return { kind: 'string', bytes, hex: true, start, end: this.pos };
    }
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

  /** A number, or `N G R` (byte-level: large /W arrays and xref-like data must stay fast). */
  private number(): number | PdfRef {
    const b = this.buf;
    const start = this.pos;
    let p = this.pos;
    if (b[p] === 0x2b || b[p] === 0x2d) p++;
    let intPart = 0;
    let digits = 0;
    while (p < this.limit && (b[p] as number) >= 0x30 && (b[p] as number) <= 0x39) {
      intPart = intPart * 10 + ((b[p] as number) - 0x30);
      p++;
      digits++;
    }
    let isInt = true;
    if (b[p] === 0x2e) {
      isInt = false;
      p++;
      while (p < this.limit && (b[p] as number) >= 0x30 && (b[p] as number) <= 0x39) {
        p++;
        digits++;
      }
    }
    if (digits === 0) throw new PdfSyntaxError('bad number');
    const next = b[p];
    if (next !== undefined && p < this.limit && !WS.has(next) && !DELIM.has(next))
      throw new PdfSyntaxError('bad number');
    this.pos = p;
    if (!isInt || b[start] === 0x2b || b[start] === 0x2d) {
      let str = '';
      for (let i = start; i < p; i++) str += String.fromCharCode(b[i] as number);
      return Number(str);
    }
    // Look ahead for `G R`.
    let q = p;
    while (q < this.limit && WS.has(b[q] as number)) q++;
    let gen = 0;
    let genDigits = 0;
    while (q < this.limit && (b[q] as number) >= 0x30 && (b[q] as number) <= 0x39) {
      gen = gen * 10 + ((b[q] as number) - 0x30);
      q++;
      genDigits++;
    }
    if (genDigits === 0 || q >= this.limit || !WS.has(b[q] as number)) return intPart;
    while (q < this.limit && WS.has(b[q] as number)) q++;
    if (b[q] === 0x52) {
      const after = b[q + 1];
      if (after === undefined || q + 1 >= this.limit || WS.has(after) || DELIM.has(after)) {
        this.pos = q + 1;
        return { kind: 'ref', num: intPart, gen };
      }
    }
    return intPart;
  }

  peekWord(): string {
    const save = this.pos;
    const w = this.regular();
    this.pos = save;
    return w;
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
        const map: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 };
        if (e in map) out.push(map[e] as number);
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
    const num = Number(this.regular());
    this.skipWs();
    const gen = Number(this.regular());
    this.skipWs();
    if (this.regular() !== 'obj') throw new PdfSyntaxError('expected obj');
    let value = this.value();
    this.skipWs();
    if (this.peekWord() === 'stream' && isDict(value)) {
      this.regular();
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
    if (this.peekWord() === 'endobj') this.regular();
    return { num, gen, value };
  }

  private endstreamAt(p: number): boolean {
    const save = this.pos;
    this.pos = p;
    this.skipWs();
    const ok = this.peekWord() === 'endstream';
    this.pos = save;
    return ok;
  }

  find(word: string, from: number): number {
    if (this.text !== undefined) {
      const at = this.text.indexOf(word, from);
      return at < 0 || at + word.length > this.limit ? -1 : at;
    }
    const w = Array.from(word, (ch) => ch.charCodeAt(0));
    outer: for (let i = from; i + w.length <= this.limit; i++) {
      for (let k = 0; k < w.length; k++) if (this.buf[i + k] !== w[k]) continue outer;
      return i;
    }
    return -1;
  }
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

export const isDict = (v: PdfValue | undefined): v is PdfDict =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'dict';
export const isRef = (v: PdfValue | undefined): v is PdfRef =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'ref';
export const isName = (v: PdfValue | undefined, name?: string): v is PdfName =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  v.kind === 'name' &&
  (name === undefined || v.name === name);
export const isString = (v: PdfValue | undefined): v is PdfString =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'string';
export const isStream = (v: PdfValue | undefined): v is PdfStream =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'stream';

/** The dictionary of a dict or a stream. */
export function dictOf(v: PdfValue | undefined): PdfDict | undefined {
  if (isDict(v)) return v;
  if (isStream(v)) return v.dict;
  return undefined;
}

/** Text of a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding read as Latin-1). */
export function textOf(v: PdfValue | undefined): string | undefined {
  if (!isString(v)) return undefined;
  const b = v.bytes;
  if (b[0] === 0xfe && b[1] === 0xff) {
    let s = '';
    for (let i = 2; i + 1 < b.length; i += 2)
      s += String.fromCharCode(((b[i] as number) << 8) | (b[i + 1] as number));
    return s;
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder().decode(b.subarray(3));
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}

export interface ParsedDocument {
  bytes: Uint8Array;
  revisions: Revision[];
  /** Every object definition, in file order. */
  objects: PdfObject[];
  /** Bytes after the last revision's end that are not whitespace. */
  trailingBytes: number;
  /** Object headers whose object could not be parsed: never silently ignored. */
  unparsed: { start: number; revision: number }[];
  problems: string[];
}

const MAX_OBJECTS = 500_000;
const MAX_STREAM_INFLATE = 64 * 1024 * 1024;

/** What each parsed document's streams may inflate to, together (a flate bomb stops at the cap). */
const budgets = new WeakMap<ParsedDocument, InflateBudget>();

/** The decoded stream; undefined when unsupported, corrupt, or past the inflate caps. */
export function decodeStream(doc: ParsedDocument, s: PdfStream): Uint8Array | undefined {
  const raw = doc.bytes.subarray(s.start, s.end);
  const filter = s.dict.entries.get('Filter');
  const filters = Array.isArray(filter) ? filter : filter === undefined || filter === null ? [] : [filter];
  if (filters.length === 0) return raw;
  if (filters.length === 1 && isName(filters[0], 'FlateDecode')) {
    let budget = budgets.get(doc);
    if (!budget) {
      budget = InflateBudget.forFile(doc.bytes.length);
      budgets.set(doc, budget);
    }
    try {
      return inflateCapped(raw, MAX_STREAM_INFLATE, budget);
    } catch (e) {
      if (e instanceof Error && e.name === 'InflateLimitError' && doc.problems.length < 1000)
        doc.problems.push(`stream at ${s.start}: ${e.message}`);
      return undefined;
    }
  }
  return undefined;
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/** Every `N G obj` header: find "obj" natively, then walk back over `ws digits ws digits`. */
function findObjectHeaders(bytes: Uint8Array, text: string): { index: number; num: number }[] {
  const out: { index: number; num: number }[] = [];
  for (let at = text.indexOf('obj'); at >= 0; at = text.indexOf('obj', at + 3)) {
    const after = bytes[at + 3];
    if (
      after !== undefined &&
      ((after >= 0x41 && after <= 0x5a) || (after >= 0x61 && after <= 0x7a) || isDigit(after))
    )
      continue;
    let p = at - 1;
    if (!WS.has(bytes[p] as number)) continue;
    while (p >= 0 && WS.has(bytes[p] as number)) p--;
    const genEnd = p;
    while (p >= 0 && isDigit(bytes[p])) p--;
    if (p === genEnd || genEnd - p > 5 || !WS.has(bytes[p] as number)) continue;
    while (p >= 0 && WS.has(bytes[p] as number)) p--;
    const numEnd = p;
    while (p >= 0 && isDigit(bytes[p])) p--;
    if (p === numEnd || numEnd - p > 10) continue;
    let num = 0;
    for (let i = p + 1; i <= numEnd; i++) num = num * 10 + ((bytes[i] as number) - 0x30);
    out.push({ index: p + 1, num });
  }
  return out;
}

/** Scans the file for revisions and object definitions. Never throws on garbage. */
export function parseDocument(bytes: Uint8Array): ParsedDocument {
  const problems: string[] = [];
  // One UTF-16 unit per byte, so string offsets are file offsets (windows-1252 maps byte to unit too).
  const text = new TextDecoder('latin1').decode(bytes);
  const p = new Parser(bytes, 0, bytes.length, text);
  const revisions: Revision[] = [];
  let from = 0;
  while (true) {
    const at = p.find('%%EOF', from);
    if (at < 0) break;
    let end = at + 5;
    if (bytes[end] === 0x0d) end++;
    if (bytes[end] === 0x0a) end++;
    revisions.push({
      start: revisions.length ? (revisions[revisions.length - 1] as Revision).end : 0,
      end,
      eofAt: at,
      xref: [],
    });
    from = at + 5;
  }
  const lastEnd = revisions.length ? (revisions[revisions.length - 1] as Revision).end : 0;
  let trailingBytes = 0;
  for (let i = lastEnd; i < bytes.length; i++) if (!WS.has(bytes[i] as number)) trailingBytes++;
  const revisionOf = (offset: number): number => {
    // First revision whose end is after `offset` (binary search: files may have many updates).
    let lo = 0;
    let hi = revisions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offset < (revisions[mid] as Revision).end) hi = mid;
      else lo = mid + 1;
    }
    return lo; // revisions.length: after the last %%EOF, not part of any revision
  };
  const objects: PdfObject[] = [];
  const unparsed: ParsedDocument['unparsed'] = [];
  // Object headers: digits, whitespace, digits, whitespace, "obj", at a token boundary.
  const direct = (v: PdfValue): number | undefined => (typeof v === 'number' ? v : undefined);
  const lastByNum = new Map<number, PdfObject>();
  // Forward /Length references, parsed once per object number (many streams naming one
  // object with many broken definitions would otherwise be quadratic).
  const forwardLengths = new Map<number, number | undefined>();
  const lengthOf = (v: PdfValue): number | undefined => {
    if (typeof v === 'number') return v;
    if (isRef(v)) {
      const seen = lastByNum.get(v.num);
      if (seen) return direct(seen.value);
      if (forwardLengths.has(v.num)) return forwardLengths.get(v.num);
      let found: number | undefined;
      // Forward reference: parse it where its header is.
      for (const at of headersByNum.get(v.num) ?? []) {
        try {
          found = direct(new Parser(bytes, at, bytes.length, text).indirect(() => undefined).value);
          break;
        } catch {
          /* try the next definition */
        }
      }
      forwardLengths.set(v.num, found);
      return found;
    }
    return undefined;
  };
  const headers = findObjectHeaders(bytes, text);
  const headersByNum = new Map<number, number[]>();
  for (const m of headers) {
    const list = headersByNum.get(m.num) ?? [];
    list.push(m.index);
    headersByNum.set(m.num, list);
  }
  for (const m of headers) {
    if (objects.length >= MAX_OBJECTS) {
      problems.push('too many objects');
      break;
    }
    const start = m.index;
    try {
      const q = new Parser(bytes, start, bytes.length, text);
      const { num, gen, value } = q.indirect(lengthOf);
      const o: PdfObject = { num, gen, start, end: q.pos, value, revision: revisionOf(start) };
      objects.push(o);
      lastByNum.set(num, o);
    } catch (e) {
      problems.push(`object at ${start}: ${e instanceof Error ? e.message : String(e)}`);
      unparsed.push({ start, revision: revisionOf(start) });
    }
  }
  const doc: ParsedDocument = { bytes, revisions, objects, trailingBytes, problems, unparsed };
  // Members of object streams belong to the object stream's revision.
  for (const o of [...objects]) {
    if (!isStream(o.value) || !isName(o.value.dict.entries.get('Type'), 'ObjStm')) continue;
    const data = decodeStream(doc, o.value);
    const n = o.value.dict.entries.get('N');
    const first = o.value.dict.entries.get('First');
    // /N bounded by the data (each member needs "num off " in the header) and the object total.
    if (
      !data ||
      typeof n !== 'number' ||
      typeof first !== 'number' ||
      n > 100_000 ||
      n > data.length / 4 ||
      objects.length + n > MAX_OBJECTS
    ) {
      problems.push(`object stream ${o.num} unreadable`);
      continue;
    }
    try {
      const q = new Parser(data);
      const pairs: [number, number][] = [];
      for (let k = 0; k < n; k++) pairs.push([q.value() as number, q.value() as number]);
      for (const [num, off] of pairs) {
        const r = new Parser(data, first + off);
        objects.push({
          num,
          gen: 0,
          start: o.start,
          end: o.end,
          value: r.value(),
          revision: o.revision,
          inStream: o.num,
        });
      }
    } catch (e) {
      problems.push(`object stream ${o.num}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // Classic xref tables: `xref`, then subsections `first count` and 20-byte entries.
  for (let x = text.indexOf('xref'); x >= 0; x = text.indexOf('xref', x + 4)) {
    if (x > 0 && !WS.has(bytes[x - 1] as number)) continue; // `startxref`
    const rev = revisions[revisionOf(x)];
    if (!rev) continue;
    const re = /\s*(\d+)\s+(\d+)[ \t]*\r?\n?/y;
    re.lastIndex = x + 4;
    let entries = 0;
    for (let m = re.exec(text); m && entries < 1_000_000; m = re.exec(text)) {
      const first = Number(m[1]);
      const count = Number(m[2]);
      const entry = /(\d{10}) (\d{5}) ([nf])[ \r\n]{0,3}/y;
      let pos = re.lastIndex;
      for (let k = 0; k < count && entries < 1_000_000; k++, entries++) {
        entry.lastIndex = pos;
        const e = entry.exec(text);
        if (!e) break;
        rev.xref.push({ num: first + k, offset: Number(e[1]), inUse: e[3] === 'n' });
        pos = entry.lastIndex;
      }
      re.lastIndex = pos;
    }
  }
  // Trailers: classic `trailer << >>` or the xref stream dictionary, per revision (the last one wins).
  for (let t = p.find('trailer', 0); t >= 0; t = p.find('trailer', t + 7)) {
    try {
      const q = new Parser(bytes, t + 7);
      const v = q.value();
      const r = revisionOf(t);
      if (isDict(v) && revisions[r]) (revisions[r] as Revision).trailer = v;
    } catch {
      problems.push(`unreadable trailer at ${t}`);
    }
  }
  for (const o of objects) {
    if (isStream(o.value) && isName(o.value.dict.entries.get('Type'), 'XRef') && revisions[o.revision]) {
      const rev = revisions[o.revision] as Revision;
      if (!rev.trailer) rev.trailer = o.value.dict;
    }
  }
  return doc;
}

/** Object lookup as of a revision: the last definition at or before it. */
export class Resolver {
  private readonly byNum = new Map<number, PdfObject[]>();
  constructor(
    readonly doc: ParsedDocument,
    readonly revision: number,
  ) {
    for (const o of doc.objects) {
      if (o.revision > revision) continue;
      const list = this.byNum.get(o.num) ?? [];
      list.push(o);
      this.byNum.set(o.num, list);
    }
    // File order within a revision, compressed objects after the stream that holds them.
    for (const list of this.byNum.values()) list.sort((a, b) => a.revision - b.revision || a.start - b.start);
  }

  object(num: number): PdfObject | undefined {
    const list = this.byNum.get(num);
    return list?.[list.length - 1];
  }

  /** All definitions of `num` (for duplicate detection). */
  definitions(num: number): PdfObject[] {
    return this.byNum.get(num) ?? [];
  }

  resolve(v: PdfValue | undefined, hops = 0): PdfValue | undefined {
    if (isRef(v)) {
      if (hops > 32) return undefined;
      return this.resolve(this.object(v.num)?.value, hops + 1);
    }
    return v;
  }

  get(d: PdfDict | undefined, key: string): PdfValue | undefined {
    return d ? this.resolve(d.entries.get(key)) : undefined;
  }

  /** The catalog: the trailer /Root of the latest revision up to this one that has a trailer. */
  rootRef(): PdfRef | undefined {
    for (let r = Math.min(this.revision, this.doc.revisions.length - 1); r >= 0; r--) {
      const root = this.doc.revisions[r]?.trailer?.entries.get('Root');
      if (isRef(root)) return root;
    }
    return undefined;
  }

  trailerValue(key: string): PdfValue | undefined {
    for (let r = Math.min(this.revision, this.doc.revisions.length - 1); r >= 0; r--) {
      const v = this.doc.revisions[r]?.trailer?.entries.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  catalog(): PdfDict | undefined {
    return dictOf(this.resolve(this.rootRef()));
  }
}

export function valuesEqual(
  doc: ParsedDocument,
  a: PdfValue | undefined,
  b: PdfValue | undefined,
  depth = 0,
): boolean {
  if (depth > 64) return false;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valuesEqual(doc, x, b[i], depth + 1));
  }
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'name':
      return a.name === (b as PdfName).name;
    case 'ref':
      return a.num === (b as PdfRef).num && a.gen === (b as PdfRef).gen;
    case 'string': {
      const bb = (b as PdfString).bytes;
      return a.bytes.length === bb.length && a.bytes.every((x, i) => x === bb[i]);
    }
    case 'dict': {
      const be = (b as PdfDict).entries;
      if (a.entries.size !== be.size) return false;
      for (const [k, v] of a.entries)
        if (!be.has(k) || !valuesEqual(doc, v, be.get(k), depth + 1)) return false;
      return true;
    }
    case 'stream': {
      const sb = b as PdfStream;
      // /Length may differ in form (direct vs indirect) for identical data.
      const da = new Map(a.dict.entries);
      const db = new Map(sb.dict.entries);
      da.delete('Length');
      db.delete('Length');
      if (!valuesEqual(doc, { kind: 'dict', entries: da }, { kind: 'dict', entries: db }, depth + 1))
        return false;
      const x = doc.bytes.subarray(a.start, a.end);
      const y = doc.bytes.subarray(sb.start, sb.end);
      return x.length === y.length && x.every((v, i) => v === y[i]);
    }
  }
}
