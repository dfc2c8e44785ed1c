/**
 * The verifier's PDF values: what the lexer (lexer.ts) produces and the rules compare. Every
 * parsed string keeps its byte offsets so a signature's `/ByteRange` hole can be matched to
 * its own `/Contents`.
 */

import { decodePdfText } from '../../pdf/reader/text.js';

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

/** Text of a PDF text string (the BOMs, PDFDocEncoding, other signers' UTF-8: pdf/reader/text.ts). */
export function textOf(v: PdfValue | undefined): string | undefined {
  return isString(v) ? decodePdfText(v.bytes) : undefined;
}

/** Same value; references compare by number (what they point to is judged on its own). */
export function valuesEqual(
  doc: { bytes: Uint8Array },
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
      return bytesSame(a.bytes, bb);
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
      return bytesSame(x, y);
    }
  }
}

function bytesSame(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
