/**
 * One cross-reference section as a viewer reads it, at the offset `startxref` or `/Prev`
 * names: a classic table and its trailer, or an xref stream (PNG predictors included) and its
 * dictionary. The difference analysis uses it to check that an update's xref chain leads only
 * to what the update wrote (modifications/xref-chain.ts).
 */
import { ascii, indexOfBytes, isDigit, isWs, Parser } from './lexer.js';
import { decodeStream, type ParsedDocument } from './scan.js';
import { isDict, isName, isStream, type PdfDict, type PdfValue, type Revision } from './values.js';
import { streamRows, tableEntries } from './xref.js';

export type SectionEntry =
  | { num: number; type: 'free' }
  | { num: number; type: 'offset'; offset: number }
  | { num: number; type: 'compressed'; stream: number };

export interface XrefSection {
  /** The trailer, or the xref stream's dictionary. */
  dict: PdfDict;
  entries: SectionEntry[];
  /** Where a classic table's `trailer` keyword is. */
  trailerAt?: number;
}

const XREF = ascii('xref');
const STARTXREF = ascii('startxref');
/** Entries read from one section at most: more than any real update lists. */
const MAX_ENTRIES = 1_000_000;

/** The number after the last `startxref` of a revision, if it has one. */
export function startxrefOf(bytes: Uint8Array, rev: Revision): number | undefined {
  let sx = -1;
  for (let at = indexOfBytes(bytes, STARTXREF, rev.start, rev.eofAt); at >= 0; ) {
    sx = at;
    at = indexOfBytes(bytes, STARTXREF, at + 9, rev.eofAt);
  }
  if (sx < 0) return undefined;
  let p = sx + 9;
  while (p < rev.eofAt && isWs(bytes[p])) p++;
  let v = 0;
  const from = p;
  while (p < rev.eofAt && p - from < 12 && isDigit(bytes[p])) v = v * 10 + ((bytes[p++] as number) - 0x30);
  return p === from ? undefined : v;
}

/** The section at `at`, or undefined when nothing readable is there. */
export function xrefSectionAt(doc: ParsedDocument, at: number): XrefSection | undefined {
  const { bytes } = doc;
  if (!Number.isInteger(at) || at < 0 || at >= bytes.length) return undefined;
  let p = at;
  while (p < bytes.length && isWs(bytes[p])) p++;
  try {
    if (indexOfBytes(bytes, XREF, p, p + 4) === p) {
      const entries: SectionEntry[] = [];
      const end = tableEntries(bytes, p + 4, (num, offset, _gen, inUse) => {
        if (entries.length < MAX_ENTRIES)
          entries.push(inUse ? { num, type: 'offset', offset } : { num, type: 'free' });
      });
      const q = new Parser(bytes, end);
      q.skipWs();
      if (q.peekWord() !== 'trailer') return undefined;
      const trailerAt = q.pos;
      q.pos += 7;
      const trailer = q.value();
      return isDict(trailer) ? { dict: trailer, entries, trailerAt } : undefined;
    }
    const { value } = new Parser(bytes, p).indirect((v) => (typeof v === 'number' ? v : undefined));
    if (!isStream(value) || !isName(value.dict.entries.get('Type'), 'XRef')) return undefined;
    const entries = streamEntries(value.dict, decodeStream(doc, value));
    return entries ? { dict: value.dict, entries } : undefined;
  } catch {
    return undefined;
  }
}

function streamEntries(dict: PdfDict, raw: Uint8Array | undefined): SectionEntry[] | undefined {
  const w = dict.entries.get('W');
  const row = Array.isArray(w) ? w.reduce<number>((n, x) => n + (typeof x === 'number' ? x : 0), 0) : 0;
  const data = raw && row > 0 ? unpredict(raw, dict.entries.get('DecodeParms'), row) : undefined;
  const out: SectionEntry[] = [];
  const ok = streamRows(dict, data, (num, type, a) => {
    if (out.length >= MAX_ENTRIES) return false;
    if (type === 0) out.push({ num, type: 'free' });
    else if (type === 1) out.push({ num, type: 'offset', offset: a });
    else if (type === 2) out.push({ num, type: 'compressed', stream: a });
    // other types are reserved: a viewer treats them as null objects
    return true;
  });
  return ok ? out : undefined;
}

/** PNG predictors (10-15) over rows of `row` bytes; undefined when the parameters do not fit. */
function unpredict(data: Uint8Array, parms: PdfValue | undefined, row: number): Uint8Array | undefined {
  const p = isDict(parms) ? parms.entries : undefined;
  const predictor = p?.get('Predictor') ?? 1;
  if (predictor === 1) return data;
  const columns = p?.get('Columns') ?? 1;
  if (typeof predictor !== 'number' || predictor < 10 || predictor > 15 || columns !== row) return undefined;
  const rows = Math.floor(data.length / (row + 1));
  const out = new Uint8Array(rows * row);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (row + 1)];
    for (let i = 0; i < row; i++) {
      const raw = data[r * (row + 1) + 1 + i] as number;
      const up = r > 0 ? (out[(r - 1) * row + i] as number) : 0;
      const left = i > 0 ? (out[r * row + i - 1] as number) : 0;
      const upLeft = r > 0 && i > 0 ? (out[(r - 1) * row + i - 1] as number) : 0;
      let v: number;
      if (type === 0) v = raw;
      else if (type === 1) v = raw + left;
      else if (type === 2) v = raw + up;
      else if (type === 3) v = raw + ((left + up) >> 1);
      else if (type === 4) {
        const e = left + up - upLeft;
        const pa = Math.abs(e - left);
        const pb = Math.abs(e - up);
        const pc = Math.abs(e - upLeft);
        v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      } else return undefined;
      out[r * row + i] = v & 0xff;
    }
  }
  return out;
}
