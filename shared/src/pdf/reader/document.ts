/**
 * Reads a PDF's cross-reference data (classic tables, xref streams, hybrid files, object
 * streams) across all its revisions, and fetches objects by reference.
 *
 * Budgets, so hostile input fails fast with a typed error instead of eating the machine:
 * every count (xref entries, objects in an object stream) is bounded by the bytes that
 * must hold it, inflating is capped per stream and per document (inflate.ts), and the
 * page tree is walked once per node.
 */
import { pdfError } from '../errors.js';
import { decodeStream } from './filters.js';
import { InflateBudget } from './inflate.js';
import { isWhite } from './lexical.js';
import { isName, PdfDict, type PdfObject, PdfRef, PdfStream } from './objects.js';
import { PdfParser } from './parser.js';

export type XrefEntry =
  | { type: 'free' }
  | { type: 'offset'; offset: number; gen: number }
  | { type: 'compressed'; stream: number; index: number };

const malformed = (reason: string) => pdfError('PDF_MALFORMED', { reason });

/**
 * How an encrypted file's streams decrypt (the verifier's opened handler, pdf/crypt): given,
 * an encrypted file is read (object streams decrypted, the rest left as it is for the caller);
 * without it, an encrypted file is PDF_ENCRYPTED (signing never reads one).
 */
export interface StreamDecrypt {
  stream(num: number, gen: number, raw: Uint8Array): Uint8Array | undefined;
}
/** Only ever the file's last 1,024 bytes (the `startxref` search): one call, not a string per byte. */
const latin1 = (b: Uint8Array) => String.fromCharCode.apply(null, b as unknown as number[]);

export class PdfDocument {
  readonly xref = new Map<number, XrefEntry>();
  /** The newest trailer (for an xref stream, its dictionary). */
  readonly trailer: PdfDict;
  /** Offset of the newest cross-reference section (the `startxref` value). */
  readonly startxref: number;
  /** True when the newest cross-reference section is a stream: updates must be streams too. */
  readonly xrefIsStream: boolean;
  private readonly cache = new Map<number, PdfObject>();
  private readonly objStreams = new Map<number, { offsets: number[]; nums: number[]; data: Uint8Array }>();
  /** What this document's streams may inflate to, together. */
  readonly inflateBudget: InflateBudget;

  constructor(
    readonly bytes: Uint8Array,
    private readonly decrypt?: StreamDecrypt,
  ) {
    this.inflateBudget = InflateBudget.forFile(bytes.length);
    this.startxref = findStartxref(bytes);
    const { trailer, isStream } = this.readXrefChain(this.startxref);
    this.trailer = trailer;
    this.xrefIsStream = isStream;
    if (trailer.has('Encrypt') && !decrypt) throw pdfError('PDF_ENCRYPTED');
    if (!(trailer.get('Root') instanceof PdfRef)) throw malformed('trailer without /Root');
  }

  /** One more than the highest object number in use (the trailer /Size). */
  get size(): number {
    const s = this.trailer.get('Size');
    let max = typeof s === 'number' ? s : 0;
    for (const n of this.xref.keys()) max = Math.max(max, n + 1);
    return max;
  }

  get catalogRef(): PdfRef {
    return this.trailer.get('Root') as PdfRef;
  }

  catalog(): PdfDict {
    const c = this.resolve(this.catalogRef);
    if (!(c instanceof PdfDict)) throw malformed('catalog is not a dictionary');
    return c;
  }

  /** Follows references until a direct object. */
  resolve(obj: PdfObject | undefined): PdfObject | undefined {
    let o = obj;
    for (let i = 0; o instanceof PdfRef; i++) {
      if (i > 32) throw malformed('reference loop');
      o = this.getObject(o.num);
    }
    return o;
  }

  resolveDict(obj: PdfObject | undefined): PdfDict | undefined {
    const o = this.resolve(obj);
    if (o instanceof PdfDict) return o;
    if (o instanceof PdfStream) return o.dict;
    return undefined;
  }

  getObject(num: number): PdfObject {
    if (this.cache.has(num)) return this.cache.get(num)!;
    const e = this.xref.get(num);
    let obj: PdfObject = null;
    if (e?.type === 'offset') {
      const p = new PdfParser(this.bytes, e.offset, (r) => this.resolveLength(r));
      obj = p.readIndirect(num).obj;
    } else if (e?.type === 'compressed') {
      obj = this.readCompressed(num, e.stream, e.index);
    }
    this.cache.set(num, obj);
    return obj;
  }

  /** The page objects in order, with their references. */
  pages(): { ref: PdfRef; dict: PdfDict }[] {
    const out: { ref: PdfRef; dict: PdfDict }[] = [];
    // Each node once: a /Kids array naming the same node twice, level after level, is exponential.
    const seen = new Set<number>();
    const walk = (ref: PdfObject | undefined, depth: number) => {
      if (!(ref instanceof PdfRef) || depth > 64) throw malformed('bad page tree');
      if (seen.has(ref.num)) throw malformed('page tree node reached twice');
      seen.add(ref.num);
      const d = this.resolveDict(ref);
      if (!d) throw malformed('bad page tree node');
      if (isName(d.get('Type'), 'Pages')) {
        const kids = this.resolve(d.get('Kids'));
        if (!Array.isArray(kids)) throw malformed('page tree node without /Kids');
        for (const k of kids) walk(k, depth + 1);
      } else out.push({ ref, dict: d });
    };
    walk(this.catalog().get('Pages'), 0);
    return out;
  }

  private resolveLength(ref: PdfRef): number {
    const v = this.resolve(ref);
    if (typeof v !== 'number') throw malformed('indirect /Length is not a number');
    return v;
  }

  private readCompressed(num: number, streamNum: number, index: number): PdfObject {
    let os = this.objStreams.get(streamNum);
    if (!os) {
      const s = this.getObject(streamNum);
      if (!(s instanceof PdfStream) || !isName(s.dict.get('Type'), 'ObjStm'))
        throw malformed(`object ${num} points at ${streamNum}, which is not an object stream`);
      const entry = this.xref.get(streamNum);
      const raw = this.decrypt
        ? this.decrypt.stream(streamNum, entry?.type === 'offset' ? entry.gen : 0, s.raw)
        : s.raw;
      if (!raw) throw malformed(`object stream ${streamNum} does not decrypt`);
      const data = decodeStream(raw === s.raw ? s : new PdfStream(s.dict, raw), this.inflateBudget);
      const n = s.dict.get('N');
      const first = s.dict.get('First');
      if (typeof n !== 'number' || typeof first !== 'number')
        throw malformed('object stream without /N /First');
      // Each object needs at least "n o " in the header: /N cannot exceed a quarter of the data.
      if (
        !Number.isInteger(n) ||
        n < 0 ||
        n > data.length / 4 ||
        !Number.isInteger(first) ||
        first < 0 ||
        first > data.length
      )
        throw malformed(`object stream ${streamNum} with /N ${n} /First ${first} for ${data.length} bytes`);
      const header = new PdfParser(data);
      const nums: number[] = [];
      const offsets: number[] = [];
      for (let i = 0; i < n; i++) {
        nums.push(Number(header.token()));
        offsets.push(first + Number(header.token()));
      }
      os = { offsets, nums, data };
      this.objStreams.set(streamNum, os);
    }
    if (os.nums[index] !== num) throw malformed(`object stream ${streamNum} does not hold object ${num}`);
    return new PdfParser(os.data, os.offsets[index]).readObject();
  }

  private readXrefChain(start: number): { trailer: PdfDict; isStream: boolean } {
    let newest: { trailer: PdfDict; isStream: boolean } | undefined;
    const seen = new Set<number>();
    let offset: number | undefined = start;
    while (offset !== undefined) {
      if (seen.has(offset)) throw malformed('cross-reference /Prev loop');
      seen.add(offset);
      const section = this.readXrefSection(offset);
      newest ??= section;
      // Hybrid files: the /XRefStm entries take precedence over the table's after it.
      const stm = section.trailer.get('XRefStm');
      if (!section.isStream && typeof stm === 'number') this.readXrefSection(stm);
      const prev = section.trailer.get('Prev');
      offset = typeof prev === 'number' ? prev : undefined;
    }
    return newest!;
  }

  private readXrefSection(offset: number): { trailer: PdfDict; isStream: boolean } {
    if (offset < 0 || offset >= this.bytes.length) throw malformed(`xref offset ${offset} out of range`);
    const p = new PdfParser(this.bytes, offset);
    p.skipWhite();
    const save = p.pos;
    if (p.token() === 'xref') return { trailer: this.readXrefTable(p), isStream: false };
    p.pos = save;
    const { obj } = p.readIndirect();
    if (!(obj instanceof PdfStream) || !isName(obj.dict.get('Type'), 'XRef'))
      throw malformed(`no cross-reference section at byte ${offset}`);
    this.readXrefStream(obj);
    return { trailer: obj.dict, isStream: true };
  }

  private readXrefTable(p: PdfParser): PdfDict {
    for (;;) {
      p.skipWhite();
      const save = p.pos;
      const t = p.token();
      if (t === 'trailer') break;
      const first = Number(t);
      const count = Number(p.token());
      if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0) {
        p.pos = save;
        throw malformed(`bad xref subsection header at byte ${save}`);
      }
      // Entries are 20 bytes each: a count the rest of the file cannot hold is refused at once.
      if (count * 18 > this.bytes.length - p.pos)
        throw malformed(`xref subsection of ${count} entries in ${this.bytes.length - p.pos} bytes`);
      p.skipWhite();
      for (let i = 0; i < count; i++) {
        // Each entry is exactly 20 bytes: "oooooooooo ggggg n\r\n" (EOL may be " \n", " \r").
        const entry = xrefEntry(this.bytes, p.pos);
        if (!entry) throw malformed(`bad xref entry at byte ${p.pos}`);
        p.pos += 18;
        while (isWhite(this.bytes[p.pos]) && p.pos < this.bytes.length) {
          p.pos++;
          if (this.bytes[p.pos - 1] === 10) break;
        }
        const num = first + i;
        if (this.xref.has(num)) continue;
        this.xref.set(num, entry);
      }
    }
    const trailer = p.readObject();
    if (!(trailer instanceof PdfDict)) throw malformed('trailer is not a dictionary');
    return trailer;
  }

  private readXrefStream(s: PdfStream): void {
    const w = s.dict.get('W');
    if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => typeof x === 'number'))
      throw malformed('xref stream without a valid /W');
    const [w0, w1, w2] = w as [number, number, number];
    // Fields of 0..8 bytes, rows of at least one byte (an empty row would make any /Index free).
    if (![w0, w1, w2].every((x) => Number.isInteger(x) && x >= 0 && x <= 8) || w0 + w1 + w2 === 0)
      throw malformed(`xref stream /W [${w0} ${w1} ${w2}]`);
    const size = s.dict.get('Size');
    if (typeof size !== 'number') throw malformed('xref stream without /Size');
    const indexObj = s.dict.get('Index') ?? [0, size];
    if (
      !Array.isArray(indexObj) ||
      indexObj.length % 2 !== 0 ||
      !indexObj.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)
    )
      throw malformed('xref stream /Index is not pairs of non-negative integers');
    const index = indexObj as number[];
    const rowLen = w0 + w1 + w2;
    // Every entry the /Index announces needs a row in the stream, and the stream is bounded
    // by the file: count before inflating anything.
    let rows = 0;
    for (let k = 1; k < index.length; k += 2) rows += index[k]!;
    if (rows > this.bytes.length)
      throw malformed(`xref stream /Index announces ${rows} entries in a ${this.bytes.length}-byte file`);
    const data = decodeStream(s, this.inflateBudget);
    if (rows * rowLen > data.length)
      throw malformed(
        `xref stream shorter than its /Index (${rows} rows of ${rowLen} bytes, ${data.length} bytes)`,
      );
    let pos = 0;
    const field = (width: number, dflt: number) => {
      if (width === 0) return dflt;
      let v = 0;
      for (let i = 0; i < width; i++) v = v * 256 + data[pos++]!;
      return v;
    };
    for (let k = 0; k + 1 < index.length; k += 2) {
      const first = index[k]!;
      const count = index[k + 1]!;
      for (let i = 0; i < count; i++) {
        if (pos + rowLen > data.length) throw malformed('xref stream shorter than its /Index');
        const type = field(w0, 1);
        const a = field(w1, 0);
        const b = field(w2, 0);
        const num = first + i;
        if (this.xref.has(num)) continue;
        if (type === 0) this.xref.set(num, { type: 'free' });
        else if (type === 1) this.xref.set(num, { type: 'offset', offset: a, gen: b });
        else if (type === 2) this.xref.set(num, { type: 'compressed', stream: a, index: b });
      }
    }
  }
}

/**
 * The entry at `at` of an xref table, `oooooooooo ggggg n` or `… f` (18 bytes, digits
 * exactly where they belong), or undefined. Read from the bytes: a string and a regular
 * expression per entry were a tenth of a record's reading.
 */
function xrefEntry(b: Uint8Array, at: number): XrefEntry | undefined {
  if (at + 18 > b.length || b[at + 10] !== 0x20 || b[at + 16] !== 0x20) return undefined;
  let offset = 0;
  for (let i = at; i < at + 10; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) return undefined;
    offset = offset * 10 + d;
  }
  let gen = 0;
  for (let i = at + 11; i < at + 16; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) return undefined;
    gen = gen * 10 + d;
  }
  const kind = b[at + 17];
  if (kind === 0x6e) return { type: 'offset', offset, gen };
  return kind === 0x66 ? { type: 'free' } : undefined;
}

function findStartxref(bytes: Uint8Array): number {
  const tail = latin1(bytes.subarray(Math.max(0, bytes.length - 1024)));
  const i = tail.lastIndexOf('startxref');
  if (i < 0) throw malformed('no startxref');
  const m = /^startxref\s+(\d+)\s+%%EOF/.exec(tail.slice(i));
  if (!m) throw malformed('bad startxref / %%EOF trailer');
  return Number(m[1]);
}
