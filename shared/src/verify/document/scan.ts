/**
 * A forgiving PDF scan for verification. It does not trust the cross-reference tables: it
 * finds every `N G obj` in the bytes, assigns each to the revision (incremental update) whose
 * `%%EOF` follows it, and resolves references "as of" a revision, later definitions winning,
 * as a viewer reading that revision's xref would (resolver.ts). So an object hidden between
 * revisions, or an xref entry pointing back into signed bytes, is seen and judged
 * (modifications/README.md). The scan works on bytes with native searches; see lexer.ts.
 */
import { InflateBudget, inflateCapped } from '../../pdf/reader/inflate.js';
import { type DocumentCrypt, openDocumentCrypt, streamData } from './crypt.js';
import { isReadable, LazyObject } from './lazy.js';
import { ascii, indexOfBytes, isDigit, isWs, Parser } from './lexer.js';
import {
  isDict,
  isName,
  isRef,
  isStream,
  type PdfObject,
  type PdfStream,
  type PdfValue,
  type Revision,
} from './values.js';
import { claimKey, originalXref, readXrefTables, trailerAtStartxref } from './xref.js';

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
  /**
   * More objects than MAX_OBJECTS: the rest were not read, so an update past the cap would go
   * unseen; such a file is never judged (verifyPdf says it cannot decide).
   */
  tooManyObjects?: boolean;
  /** The file's encryption, when its trailer names one (crypt.ts): opened, or why not. */
  crypt?: DocumentCrypt;
  /** The definitions (`claimKey`) the first revision's own xref chain points at, when it reads. */
  firstClaims?: ReadonlySet<string>;
}

/** About 300 MB of parsed objects; records have a few thousand. */
export const MAX_OBJECTS = 200_000;
const MAX_STREAM_INFLATE = 64 * 1024 * 1024;
const EOF = ascii('%%EOF');
const OBJ = ascii('obj');
const TRAILER = ascii('trailer');

/** What each parsed document's streams may inflate to, together (a flate bomb stops at the cap). */
const budgets = new WeakMap<ParsedDocument, InflateBudget>();

/** The decoded stream; undefined when unsupported, corrupt, or past the inflate caps. */
export function decodeStream(doc: ParsedDocument, s: PdfStream): Uint8Array | undefined {
  let raw: Uint8Array | undefined = doc.bytes.subarray(s.start, s.end);
  let filter = s.dict.entries.get('Filter');
  if (doc.crypt) {
    raw = streamData(doc.crypt, s, raw);
    if (!raw) return undefined;
    // A /Crypt filter comes first and has been applied (ISO 32000-1 §7.4.10).
    if (Array.isArray(filter) && isName(filter[0], 'Crypt')) filter = filter.slice(1);
    else if (isName(filter, 'Crypt')) filter = undefined;
  }
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

/** Before `p`: over whitespace, and over a comment ending a line the whitespace crossed. */
function backOverSpace(bytes: Uint8Array, from: number): number {
  let p = from;
  for (let comments = 0; ; comments++) {
    let crossedLine = false;
    while (p >= 0 && isWs(bytes[p])) {
      if (bytes[p] === 0x0a || bytes[p] === 0x0d) crossedLine = true;
      p--;
    }
    if (!crossedLine || comments >= 4) return p;
    // The line we landed on: a `%` in it starts a comment the lexer skips (strings aside).
    let percent = -1;
    for (let q = p; q >= 0 && q > p - 256 && bytes[q] !== 0x0a && bytes[q] !== 0x0d; q--)
      if (bytes[q] === 0x25) percent = q;
    if (percent < 0) return p;
    p = percent - 1;
  }
}

/**
 * Every `N G obj` header: find "obj" natively, then walk back over `ws digits ws digits`, as
 * poppler's lexer reads a header (red team, session 12): the generation may have leading zeros
 * (`4 000000 obj`), `obj` may follow it directly (`4 0obj`), a comment may stand between the
 * tokens (`4 0 %c\nobj`). A header the scan did not take for one let a viewer show another
 * definition than the one judged (an xref pointing at it).
 */
function findObjectHeaders(bytes: Uint8Array): { index: number; num: number; gen: number }[] {
  const out: { index: number; num: number; gen: number }[] = [];
  for (let at = indexOfBytes(bytes, OBJ, 0); at >= 0; at = indexOfBytes(bytes, OBJ, at + 3)) {
    const after = bytes[at + 3];
    if (
      after !== undefined &&
      ((after >= 0x41 && after <= 0x5a) || (after >= 0x61 && after <= 0x7a) || isDigit(after))
    )
      continue;
    if (!isWs(bytes[at - 1]) && !isDigit(bytes[at - 1])) continue;
    let p = backOverSpace(bytes, at - 1);
    const genEnd = p;
    while (p >= 0 && isDigit(bytes[p])) p--;
    if (p === genEnd || genEnd - p > 10 || !isWs(bytes[p])) continue;
    let gen = 0;
    for (let i = p + 1; i <= genEnd; i++) gen = Math.min(gen * 10 + ((bytes[i] as number) - 0x30), 1e9);
    p = backOverSpace(bytes, p);
    const numEnd = p;
    while (p >= 0 && isDigit(bytes[p])) p--;
    if (p === numEnd || numEnd - p > 10) continue;
    let num = 0;
    for (let i = p + 1; i <= numEnd; i++) num = num * 10 + ((bytes[i] as number) - 0x30);
    out.push({ index: p + 1, num, gen });
  }
  return out;
}

const STREAM = ascii('stream');

/**
 * Headers (by start) of the definitions up to `end` whose bytes hold the word `stream`: these
 * are read at once, whatever the xref says, so every object stream and xref stream is known
 * as the full scan knew it (a false match only means one more definition read at once).
 */
function definitionsWithStreams(bytes: Uint8Array, headers: { index: number }[], end: number): Set<number> {
  const out = new Set<number>();
  let h = 0;
  for (let at = indexOfBytes(bytes, STREAM, 0, end); at >= 0; at = indexOfBytes(bytes, STREAM, at + 6, end)) {
    while (h + 1 < headers.length && (headers[h + 1] as { index: number }).index <= at) h++;
    const header = headers[h];
    if (header && header.index <= at) out.add(header.index);
  }
  return out;
}

/** Revisions: each ends after a `%%EOF` and its end-of-line. */
function findRevisions(bytes: Uint8Array): Revision[] {
  const revisions: Revision[] = [];
  for (let at = indexOfBytes(bytes, EOF, 0); at >= 0; at = indexOfBytes(bytes, EOF, at + 5)) {
    let end = at + 5;
    if (bytes[end] === 0x0d) end++;
    if (bytes[end] === 0x0a) end++;
    revisions.push({
      start: revisions.length ? (revisions[revisions.length - 1] as Revision).end : 0,
      end,
      eofAt: at,
      xref: [],
    });
  }
  return revisions;
}

/** Scans the file for revisions and object definitions. Never throws on garbage. */
export interface ScanOptions {
  /** Parse the original revision's xref-claimed objects only when read (default true; false for tests). */
  defer?: boolean;
}

export function parseDocument(bytes: Uint8Array, options: ScanOptions = {}): ParsedDocument {
  const problems: string[] = [];
  const revisions = findRevisions(bytes);
  const lastEnd = revisions.length ? (revisions[revisions.length - 1] as Revision).end : 0;
  let trailingBytes = 0;
  for (let i = lastEnd; i < bytes.length; i++) if (!isWs(bytes[i])) trailingBytes++;
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
          found = direct(new Parser(bytes, at).indirect(() => undefined).value);
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
  const headers = findObjectHeaders(bytes);
  if (headers.length > MAX_OBJECTS) {
    // Judged by count before anything is parsed: 10^6 null objects held 700 MB here.
    problems.push('too many objects');
    return { bytes, revisions, objects, trailingBytes, problems, unparsed, tooManyObjects: true };
  }
  const headersByNum = new Map<number, number[]>();
  for (const m of headers) {
    const list = headersByNum.get(m.num) ?? [];
    list.push(m.index);
    headersByNum.set(m.num, list);
  }
  const doc: ParsedDocument = { bytes, revisions, objects, trailingBytes, problems, unparsed };
  // The first revision's own xref says which definitions it claims: those wait until read.
  const first = revisions[0];
  const firstXref = first ? originalXref(bytes, first, (s) => decodeStream(doc, s)) : undefined;
  if (firstXref) doc.firstClaims = firstXref.claimed;
  const xref = options.defer !== false ? firstXref : undefined;
  const streams = xref ? definitionsWithStreams(bytes, headers, (first as Revision).end) : new Set<number>();
  const deferred = (m: { index: number; num: number }) =>
    xref !== undefined &&
    m.index < (first as Revision).end &&
    !streams.has(m.index) &&
    xref.claimed.has(claimKey(m.num, m.index)) &&
    !xref.objectStreams.has(m.num) &&
    !xref.xrefStreams.has(m.index);
  const byStart = new Map<number, PdfObject>();
  const failed = (start: number, revision: number, message: string) => {
    if (problems.length < 1000) problems.push(`object at ${start}: ${message}`);
    unparsed.push({ start, revision });
  };
  // A deferred stream's indirect /Length: the nearest readable definition before it, else after.
  const lazyLength = (v: PdfValue, at: number): number | undefined => {
    if (typeof v === 'number') return v;
    if (!isRef(v)) return undefined;
    const starts = headersByNum.get(v.num) ?? [];
    const order = [...starts.filter((s) => s < at).reverse(), ...starts.filter((s) => s > at)];
    for (const s of order) {
      const o = byStart.get(s);
      if (o && isReadable(o) && typeof o.value === 'number') return o.value;
    }
    return undefined;
  };
  for (const m of headers) {
    if (objects.length >= MAX_OBJECTS) {
      problems.push('too many objects');
      doc.tooManyObjects = true;
      break;
    }
    const start = m.index;
    if (deferred(m)) {
      const o = new LazyObject(m.num, m.gen, start, 0, bytes, lazyLength, failed);
      objects.push(o);
      byStart.set(start, o);
      continue;
    }
    try {
      const q = new Parser(bytes, start);
      const { num, gen, value } = q.indirect(lengthOf);
      const o: PdfObject = { num, gen, start, end: q.pos, value, revision: revisionOf(start) };
      objects.push(o);
      byStart.set(start, o);
      lastByNum.set(num, o);
    } catch (e) {
      problems.push(`object at ${start}: ${e instanceof Error ? e.message : String(e)}`);
      unparsed.push({ start, revision: revisionOf(start) });
    }
  }
  // Trailers first: an encrypted file's object streams are decrypted before their members are read.
  readXrefTables(bytes, revisions, revisionOf);
  readTrailers(doc, revisionOf);
  doc.crypt = openDocumentCrypt(revisions, objects);
  readObjectStreams(doc);
  return doc;
}

/** Members of object streams belong to the object stream's revision. */
function readObjectStreams(doc: ParsedDocument): void {
  const { objects, problems } = doc;
  for (const o of [...objects]) {
    // Deferred definitions are never object streams (those the xref names are read at once).
    if (o instanceof LazyObject) continue;
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
      // A plausible /N past the cap: members would go unread. An implausible one is just unreadable.
      if (
        data &&
        typeof n === 'number' &&
        n <= 100_000 &&
        n <= data.length / 4 &&
        objects.length + n > MAX_OBJECTS
      )
        doc.tooManyObjects = true;
      problems.push(`object stream ${o.num} unreadable`);
      // Its members are unseen: in an update, that is a change nobody can judge.
      doc.unparsed.push({ start: o.start, revision: o.revision });
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
      doc.unparsed.push({ start: o.start, revision: o.revision });
    }
  }
}

/** Trailers: the one a revision's startxref leads to; else its last `trailer << >>` or xref stream dictionary. */
function readTrailers(doc: ParsedDocument, revisionOf: (offset: number) => number): void {
  const { bytes, revisions, objects, problems } = doc;
  for (let t = indexOfBytes(bytes, TRAILER, 0); t >= 0; t = indexOfBytes(bytes, TRAILER, t + 7)) {
    try {
      const v = new Parser(bytes, t + 7).value();
      const r = revisionOf(t);
      if (isDict(v) && revisions[r]) (revisions[r] as Revision).trailer = v;
    } catch {
      problems.push(`unreadable trailer at ${t}`);
    }
  }
  for (const o of objects) {
    if (o instanceof LazyObject) continue;
    if (isStream(o.value) && isName(o.value.dict.entries.get('Type'), 'XRef') && revisions[o.revision]) {
      const rev = revisions[o.revision] as Revision;
      if (!rev.trailer) rev.trailer = o.value.dict;
    }
  }
  // What a viewer reads wins: the section the revision's startxref names (the guesses above
  // stay for a revision without one that reads, such as a linearized file's first part).
  for (const rev of revisions) {
    const read = trailerAtStartxref(bytes, rev);
    if (read) rev.trailer = read;
  }
}
