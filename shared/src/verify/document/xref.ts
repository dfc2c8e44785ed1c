/**
 * Cross-reference data, read two ways. `readXrefTables` lists each revision's classic table
 * entries (where a viewer will look: the rules check an update points only into itself).
 * `originalXref` reads the first revision's xref chain (tables, streams, hybrid /XRefStm) to
 * learn which object definitions it claims, so those may be parsed lazily (scan.ts); any
 * doubt (no startxref, a section that does not parse, a /Prev outside the revision) answers
 * undefined and the scan parses everything, as it always did.
 */
import { ascii, indexOfBytes, isDigit, isWs, Parser } from './lexer.js';
import { isDict, isName, isStream, type PdfDict, type PdfStream, type Revision } from './values.js';

const XREF = ascii('xref');
const STARTXREF = ascii('startxref');
const MAX_SECTIONS = 16;
const MAX_ENTRIES = 1_000_000;

/** Reads unsigned decimal digits at `p`: [value, end], or undefined when there are none. */
function digitsAt(bytes: Uint8Array, p: number, max: number): [number, number] | undefined {
  let v = 0;
  let q = p;
  while (q < bytes.length && q - p < max && isDigit(bytes[q])) v = v * 10 + ((bytes[q++] as number) - 0x30);
  return q === p ? undefined : [v, q];
}

const skipWs = (bytes: Uint8Array, p: number) => {
  while (p < bytes.length && isWs(bytes[p])) p++;
  return p;
};

/**
 * The entries of one classic table starting after `xref` at `pos`: subsections `first count`
 * and 20-byte entries `oooooooooo ggggg n` + EOL. Stops at the first thing that is not one.
 */
export function tableEntries(
  bytes: Uint8Array,
  pos: number,
  entry: (num: number, offset: number, gen: number, inUse: boolean) => void,
): number {
  let entries = 0;
  const blank = (c: number | undefined) => c === 0x20 || c === 0x09;
  while (entries < MAX_ENTRIES) {
    const a = digitsAt(bytes, skipWs(bytes, pos), 20);
    if (!a) break;
    const gap = skipWs(bytes, a[1]);
    if (gap === a[1]) break;
    const b = digitsAt(bytes, gap, 20);
    if (!b) break;
    const [first] = a;
    const [count] = b;
    pos = b[1];
    while (pos < bytes.length && blank(bytes[pos])) pos++;
    if (bytes[pos] === 0x0d) pos++;
    if (bytes[pos] === 0x0a) pos++;
    for (let k = 0; k < count && entries < MAX_ENTRIES; k++, entries++) {
      const off = digitsAt(bytes, pos, 10);
      const gen = off && bytes[off[1]] === 0x20 ? digitsAt(bytes, off[1] + 1, 5) : undefined;
      const kind = gen ? bytes[gen[1] + 1] : undefined;
      if (!off || off[1] - pos !== 10 || !gen || gen[1] - off[1] !== 6 || bytes[gen[1]] !== 0x20) return pos;
      if (kind !== 0x6e && kind !== 0x66) return pos;
      entry(first + k, off[0], gen[0], kind === 0x6e);
      pos = gen[1] + 2;
      for (let e = 0; e < 3 && (bytes[pos] === 0x20 || bytes[pos] === 0x0d || bytes[pos] === 0x0a); e++)
        pos++;
    }
  }
  return pos;
}

/** Classic xref tables of every revision, as a viewer reads them (the rules use them). */
export function readXrefTables(
  bytes: Uint8Array,
  revisions: Revision[],
  revisionOf: (offset: number) => number,
): void {
  for (let x = indexOfBytes(bytes, XREF, 0); x >= 0; x = indexOfBytes(bytes, XREF, x + 4)) {
    if (x > 0 && !isWs(bytes[x - 1])) continue; // `startxref`
    const rev = revisions[revisionOf(x)];
    if (!rev) continue;
    tableEntries(bytes, x + 4, (num, offset, _gen, inUse) => rev.xref.push({ num, offset, inUse }));
  }
}

/**
 * The trailer a viewer reads for revision `rev`: the dictionary of the section its last
 * `startxref` names (a classic table's `trailer`, or the xref stream's own dictionary, not
 * decoded here); undefined when there is none or it does not read. Red team, session 11: the
 * scan took the last `trailer` keyword of the revision, so `%trailer << /Root 1 0 R >>` in a
 * comment after the real trailer hid an update's new catalog (a new page tree), called valid.
 */
export function trailerAtStartxref(bytes: Uint8Array, rev: Revision): PdfDict | undefined {
  let sx = -1;
  for (let at = indexOfBytes(bytes, STARTXREF, rev.start, rev.eofAt); at >= 0; ) {
    sx = at;
    at = indexOfBytes(bytes, STARTXREF, at + 9, rev.eofAt);
  }
  if (sx < 0) return undefined;
  const start = digitsAt(bytes, skipWs(bytes, sx + 9), 12);
  if (!start || start[0] >= bytes.length) return undefined;
  try {
    const p = skipWs(bytes, start[0]);
    if (indexOfBytes(bytes, XREF, p, p + 4) === p) {
      const q = new Parser(
        bytes,
        tableEntries(bytes, p + 4, () => {}),
      );
      q.skipWs();
      if (q.peekWord() !== 'trailer') return undefined;
      q.pos += 7;
      const trailer = q.value();
      return isDict(trailer) ? trailer : undefined;
    }
    const { value } = new Parser(bytes, p).indirect((v) => (typeof v === 'number' ? v : undefined));
    return isStream(value) && isName(value.dict.entries.get('Type'), 'XRef') ? value.dict : undefined;
  } catch {
    return undefined;
  }
}

/** What the first revision's xref claims: `num@offset` of in-use entries, and object streams. */
export interface OriginalXref {
  claimed: Set<string>;
  /** Object streams named by compressed entries: read at once (their members must be known). */
  objectStreams: Set<number>;
  /** Offsets of xref streams (parsed at once: they are file structure). */
  xrefStreams: Set<number>;
}

export const claimKey = (num: number, offset: number): string => `${num}@${offset}`;

/** The xref chain of `rev` (the first revision), or undefined when it cannot be trusted to read. */
export function originalXref(
  bytes: Uint8Array,
  rev: Revision,
  decode: (s: PdfStream) => Uint8Array | undefined,
): OriginalXref | undefined {
  let sx = -1;
  for (let at = indexOfBytes(bytes, STARTXREF, Math.max(0, rev.eofAt - 1024), rev.eofAt); at >= 0; ) {
    sx = at;
    at = indexOfBytes(bytes, STARTXREF, at + 9, rev.eofAt);
  }
  if (sx < 0) return undefined;
  const start = digitsAt(bytes, skipWs(bytes, sx + 9), 12);
  if (!start) return undefined;
  const out: OriginalXref = { claimed: new Set(), objectStreams: new Set(), xrefStreams: new Set() };
  const seen = new Set<number>();
  const pending = [start[0]];
  try {
    while (pending.length > 0) {
      const at = pending.shift() as number;
      if (at < rev.start || at >= rev.eofAt || seen.has(at) || seen.size >= MAX_SECTIONS) return undefined;
      seen.add(at);
      const trailer = section(bytes, at, out, decode);
      if (!trailer) return undefined;
      const stm = trailer.entries.get('XRefStm');
      if (typeof stm === 'number') pending.push(stm);
      const prev = trailer.entries.get('Prev');
      if (typeof prev === 'number') pending.push(prev);
    }
  } catch {
    return undefined;
  }
  return out.claimed.size > 0 ? out : undefined;
}

/** Reads one section at `at` into `out`; its trailer (or stream dictionary), or undefined. */
function section(
  bytes: Uint8Array,
  at: number,
  out: OriginalXref,
  decode: (s: PdfStream) => Uint8Array | undefined,
): PdfDict | undefined {
  const p = skipWs(bytes, at);
  if (indexOfBytes(bytes, XREF, p, p + 4) === p) {
    const end = tableEntries(bytes, p + 4, (num, offset, _gen, inUse) => {
      if (inUse) out.claimed.add(claimKey(num, offset));
    });
    const q = new Parser(bytes, end);
    q.skipWs();
    if (q.peekWord() !== 'trailer') return undefined;
    q.pos += 7;
    const trailer = q.value();
    return isDict(trailer) ? trailer : undefined;
  }
  const { value } = new Parser(bytes, p).indirect((v) => (typeof v === 'number' ? v : undefined));
  if (!isStream(value) || !isName(value.dict.entries.get('Type'), 'XRef')) return undefined;
  out.xrefStreams.add(p);
  const ok = streamRows(value.dict, decode(value), (num, type, a) => {
    if (type === 1) out.claimed.add(claimKey(num, a));
    else if (type === 2) out.objectStreams.add(a);
    return true;
  });
  if (!ok) return undefined;
  return value.dict;
}

/**
 * Each row of an xref stream (ISO 32000-1 §7.5.8): its object number, its type (1 when /W
 * gives the type no width) and its second field. `visit` returns false to stop; the result is
 * false when /W, /Index or the data do not fit, or `visit` stopped.
 */
export function streamRows(
  dict: PdfDict,
  data: Uint8Array | undefined,
  visit: (num: number, type: number, second: number) => boolean,
): boolean {
  const w = dict.entries.get('W');
  const size = dict.entries.get('Size');
  if (!data || !Array.isArray(w) || w.length !== 3 || typeof size !== 'number') return false;
  if (!w.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 8)) return false;
  const [w0, w1, w2] = w as [number, number, number];
  const row = w0 + w1 + w2;
  const index = dict.entries.get('Index') ?? [0, size];
  if (row === 0 || !Array.isArray(index) || index.length % 2 !== 0) return false;
  if (!index.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) return false;
  let pos = 0;
  const field = (width: number, dflt: number) => {
    if (width === 0) return dflt;
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + (data[pos++] as number);
    return v;
  };
  for (let k = 0; k + 1 < index.length; k += 2) {
    const first = index[k] as number;
    const count = index[k + 1] as number;
    for (let i = 0; i < count; i++) {
      if (pos + row > data.length) return false;
      const type = field(w0, 1);
      const a = field(w1, 0);
      field(w2, 0);
      if (!visit(first + i, type, a)) return false;
    }
  }
  return true;
}
