/**
 * Mutations of what tells a PDF reader where objects are: classic cross-reference tables
 * (entries, subsection headers), cross-reference streams (decoded, their entries, /W, /Index
 * and /Size changed, encoded again), /Prev chains (loops, chains thousands long, pointers into
 * objects) and object streams (their header of numbers and offsets, /N, /First). A change is
 * made in place when it fits (the file's other offsets stay right, so the damage is the only
 * damage), else appended as an incremental update. Each says whether it changed bytes in place.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import type { Rand } from './random.js';
import { skewed } from './random.js';

const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

export interface XrefMutation {
  bytes: Uint8Array;
  /** Offsets changed in place (the rest of the file kept where it was). */
  changed: [number, number][];
  how: string;
}

interface StreamObject {
  num: number;
  /** The object, `N G obj` to `endobj`. */
  start: number;
  end: number;
  dict: string;
  data: Uint8Array;
}

/** Stream objects whose dictionary matches `type` (e.g. /XRef, /ObjStm), read leniently. */
function streamObjects(src: Uint8Array, text: string, type: RegExp): StreamObject[] {
  const out: StreamObject[] = [];
  for (const m of text.matchAll(/(?<![\d.])(\d{1,10}) (\d{1,5}) obj\s*<</g)) {
    const start = m.index;
    const streamAt = text.indexOf('stream', start);
    const endobj = text.indexOf('endobj', start);
    if (streamAt < 0 || endobj < 0 || streamAt > endobj) continue;
    const dict = text.slice(start, streamAt);
    if (!type.test(dict)) continue;
    let dataAt = streamAt + 6;
    if (text[dataAt] === '\r') dataAt++;
    if (text[dataAt] === '\n') dataAt++;
    const endstream = text.lastIndexOf('endstream', endobj);
    if (endstream < dataAt) continue;
    let dataEnd = endstream;
    while (dataEnd > dataAt && (text[dataEnd - 1] === '\n' || text[dataEnd - 1] === '\r')) dataEnd--;
    out.push({ num: Number(m[1]), start, end: endobj + 6, dict, data: src.subarray(dataAt, dataEnd) });
  }
  return out;
}

/** The stream's data with /FlateDecode and a PNG predictor (None or Up rows) undone; else undefined. */
function decoded(s: StreamObject): Uint8Array | undefined {
  let data: Uint8Array;
  try {
    data = /\/FlateDecode/.test(s.dict) ? new Uint8Array(inflateSync(s.data)) : s.data;
  } catch {
    return undefined;
  }
  const predictor = Number(/\/Predictor\s+(\d+)/.exec(s.dict)?.[1] ?? 1);
  if (predictor < 10) return data;
  const columns = Number(/\/Columns\s+(\d+)/.exec(s.dict)?.[1] ?? 1);
  const rows: number[] = [];
  let prev = new Uint8Array(columns);
  for (let at = 0; at + columns + 1 <= data.length; at += columns + 1) {
    const kind = data[at];
    const row = data.slice(at + 1, at + 1 + columns);
    if (kind === 2) for (let i = 0; i < columns; i++) row[i] = (row[i]! + prev[i]!) & 0xff;
    else if (kind !== 0) return undefined;
    rows.push(...row);
    prev = row;
  }
  return Uint8Array.from(rows);
}

/** A new stream object `num` with `dict` (no /Length, /Filter, /DecodeParms) over `data`, deflated. */
function streamText(num: number, dict: string, data: Uint8Array, r: Rand): Uint8Array {
  const flate = r.chance(0.8);
  const body = flate ? new Uint8Array(deflateSync(data)) : data;
  const clean = dict
    .replace(/^\d+ \d+ obj\s*<</, '')
    .replace(/\/(Length|Filter|DecodeParms)\s*(<<[^>]*>>|\[[^\]]*\]|\/\w+|\d+ \d+ R|\d+)/g, '')
    .replace(/>>\s*$/, '');
  const head = `${num} 0 obj\n<<${clean} /Length ${body.length}${flate ? ' /Filter /FlateDecode' : ''}>>\nstream\n`;
  return new Uint8Array(Buffer.concat([bytes(head), body, bytes('\nendstream\nendobj')]));
}

/** Puts `obj` where `s` was when it fits (the rest padded with spaces), else appends it with an xref. */
function place(src: Uint8Array, s: StreamObject, obj: Uint8Array, how: string): XrefMutation {
  if (obj.length <= s.end - s.start) {
    const out = src.slice();
    out.set(obj, s.start);
    out.fill(0x20, s.start + obj.length, s.end);
    return { bytes: out, changed: [[s.start, s.end]], how: `${how} in place` };
  }
  return { bytes: appendUpdate(src, s.num, obj), changed: [], how: `${how} appended` };
}

function lastStartxref(text: string): number {
  const all = [...text.matchAll(/startxref\s+(\d+)/g)];
  return Number(all[all.length - 1]?.[1] ?? 0);
}

/** An incremental update redefining object `num` as `obj` (a classic table, /Prev to the last xref). */
function appendUpdate(src: Uint8Array, num: number, obj: Uint8Array): Uint8Array {
  const text = latin1(src);
  const root = /\/Root\s+(\d+ \d+ R)/.exec(text)?.[1] ?? '1 0 R';
  const size = Math.max(num + 1, ...[...text.matchAll(/\/Size\s+(\d+)/g)].map((m) => Number(m[1])));
  const at = src.length + 1;
  const xrefAt = at + obj.length + 1;
  const tail = `\nxref\n${num} 1\n${String(at).padStart(10, '0')} 00000 n\r\ntrailer\n<< /Size ${size} /Root ${root} /Prev ${lastStartxref(text)} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([src, bytes('\n'), obj, bytes(tail)]));
}

const HOSTILE = [0, 1, -1, 2 ** 31, 2 ** 32 - 1, 2 ** 53, 99999999];

/** A classic table: entries pointed elsewhere, free/in-use swapped, subsection headers wrong. */
function classicTable(src: Uint8Array, r: Rand): XrefMutation | undefined {
  const text = latin1(src);
  const entries = [...text.matchAll(/\d{10} \d{5} [nf]/g)].map((m) => m.index);
  const heads = [...text.matchAll(/xref\s+(\d{1,10} \d{1,10})\s/g)].map((m) => [
    m.index + m[0].length - m[1]!.length - 1,
    m[1]!.length,
  ]);
  if (!entries.length) return undefined;
  const out = src.slice();
  const changed: [number, number][] = [];
  const offsets = [...text.matchAll(/(?<![\d.])\d{1,10} \d{1,5} obj/g)].map((m) => m.index);
  const kind = r.int(4);
  if (kind < 2 || !heads.length) {
    for (let k = 1 + skewed(r, 30); k > 0; k--) {
      const at = r.pick(entries);
      const off = r.pick([
        r.pick(offsets.length ? offsets : [0]), // another object's place
        r.pick(offsets.length ? offsets : [0]) + 1 + r.int(20), // inside an object
        r.int(src.length),
        src.length + r.int(1000),
        9999999999,
      ]);
      const entry = `${String(off).padStart(10, '0').slice(-10)} ${r.pick(['00000', '00001', '65535', '99999'])} ${r.pick(['n', 'n', 'f'])}`;
      out.set(bytes(entry), at);
      changed.push([at, at + 18]);
    }
    return { bytes: out, changed, how: 'table entries' };
  }
  const [at, n] = r.pick(heads) as [number, number];
  // Same width when it can be, so nothing else moves: a shifted first number or count.
  const [first, count] = text
    .slice(at, at + n)
    .split(' ')
    .map(Number) as [number, number];
  const head = r.pick([
    `${first + 1} ${count}`,
    `${Math.max(0, first - 1)} ${count}`,
    `${first} ${count + 1}`,
    `${first} ${Math.max(0, count - 1)}`,
    `${first} 0`,
    `${first} ${count * 1000}`,
    `${r.pick(HOSTILE)} ${count}`,
  ]);
  const padded = head.length <= n ? head.padEnd(n, ' ') : head;
  if (padded.length === n) {
    out.set(bytes(padded), at);
    return { bytes: out, changed: [[at, at + n]], how: 'subsection header' };
  }
  return {
    bytes: new Uint8Array(Buffer.concat([src.subarray(0, at), bytes(padded), src.subarray(at + n)])),
    changed: [[at, src.length]],
    how: 'subsection header, longer',
  };
}

/** A cross-reference stream decoded, its entries or layout changed, encoded again. */
function xrefStream(src: Uint8Array, r: Rand): XrefMutation | undefined {
  const text = latin1(src);
  const streams = streamObjects(src, text, /\/Type\s*\/XRef/);
  if (!streams.length) return undefined;
  const s = r.pick(streams);
  const data = decoded(s);
  const w = /\/W\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(s.dict)?.slice(1).map(Number);
  if (!data || !w) return undefined;
  const width = w[0]! + w[1]! + w[2]!;
  // A stream a first mutation left with /W [0 0 0] has no rows to read (and the loop would not end).
  if (width === 0) return undefined;
  const rows: number[][] = [];
  for (let at = 0; at + width <= data.length; at += width) {
    const row: number[] = [];
    let p = at;
    for (const n of w) {
      let v = 0;
      for (let i = 0; i < n; i++) v = v * 256 + data[p++]!;
      row.push(v);
    }
    rows.push(row);
  }
  let dict = s.dict;
  let newW = w.slice();
  const kind = r.int(6);
  if (kind <= 2 && rows.length) {
    for (let k = 1 + skewed(r, 20); k > 0; k--) {
      const row = r.pick(rows);
      const field = r.int(3);
      row[field] = r.pick([
        0,
        1,
        2,
        3,
        255,
        row[field]! + 1,
        row[field]! - 1,
        r.int(src.length),
        src.length + 10,
        s.num, // an object stream that is this xref stream, or an entry pointing at itself
        2 ** 32 - 1,
      ]);
    }
    if (kind === 2) rows.push(...Array.from({ length: skewed(r, 5000) }, () => [2, s.num, r.int(100)]));
  } else if (kind === 3) {
    newW = r.pick([
      [1, 2, 1],
      [0, 4, 0],
      [1, 8, 2],
      [4, 4, 4],
      [0, 0, 0],
      [1, 0, 1],
    ]);
  } else if (kind === 4) {
    dict = dict.replace(/\/Index\s*\[[^\]]*\]/, '');
    dict = dict.replace(
      />>\s*$/,
      ` /Index ${r.pick(['[0 99999999]', '[5 1 0 3]', '[0]', '[-1 4]', '[4294967295 2]', `[0 ${rows.length} 0 ${rows.length}]`, '[]', '(x)'])} >>`,
    );
  } else {
    dict = dict.replace(
      /\/Size\s+\d+/,
      `/Size ${r.pick([0, 1, rows.length - 1, rows.length * 100, 2 ** 31])}`,
    );
  }
  const encoded = new Uint8Array(rows.length * newW.reduce((a, b) => a + b, 0));
  let p = 0;
  for (const row of rows)
    newW.forEach((n, i) => {
      let v = Math.max(0, row[i] ?? 0);
      for (let b = n - 1; b >= 0; b--) {
        encoded[p + b] = v & 0xff;
        v = Math.floor(v / 256);
      }
      p += n;
    });
  dict = dict.replace(/\/W\s*\[[^\]]*\]/, `/W [${newW.join(' ')}]`);
  return place(src, s, streamText(s.num, dict, encoded, r), `xref stream (${kind})`);
}

/** An object stream's header (numbers, offsets), /N or /First made wrong. */
function objectStream(src: Uint8Array, r: Rand): XrefMutation | undefined {
  const text = latin1(src);
  const streams = streamObjects(src, text, /\/Type\s*\/ObjStm/);
  if (!streams.length) return undefined;
  const s = r.pick(streams);
  const data = decoded(s);
  const first = Number(/\/First\s+(\d+)/.exec(s.dict)?.[1]);
  if (!data || !(first >= 0)) return undefined;
  const header = latin1(data.subarray(0, first)).trim().split(/\s+/).map(Number);
  const body = data.subarray(first);
  let dict = s.dict;
  const kind = r.int(5);
  if (kind <= 1) {
    for (let k = 1 + skewed(r, 10); k > 0; k--) {
      const i = r.int(header.length);
      header[i] = r.pick([
        0,
        -1,
        s.num,
        body.length,
        body.length + 5,
        2 ** 31,
        header[i]! + 1,
        header[i]! - 1,
      ]);
    }
  } else if (kind === 2) {
    // Offsets out of order, duplicated numbers.
    for (let i = 0; i + 3 < header.length; i += 2)
      if (r.chance(0.5)) [header[i + 1], header[i + 3]] = [header[i + 3]!, header[i + 1]!];
    if (header.length >= 4) header[2] = header[0]!;
  } else if (kind === 3) {
    dict = dict.replace(/\/N\s+\d+/, `/N ${r.pick([0, 1, 2 ** 31, header.length, 99999])}`);
  } else {
    dict = dict.replace(/\/First\s+\d+/, `/First ${r.pick([0, 1, data.length, data.length + 10, 2 ** 31])}`);
  }
  const head = `${header.join(' ')} `;
  const newFirst = /\/First\s+\d+/.test(dict) && kind !== 4 ? head.length : undefined;
  if (newFirst !== undefined) dict = dict.replace(/\/First\s+\d+/, `/First ${newFirst}`);
  const data2 = new Uint8Array(Buffer.concat([bytes(head), body]));
  return place(src, s, streamText(s.num, dict, data2, r), `object stream (${kind})`);
}

/** /Prev made to loop, to point into an object or past the end, or a long chain of updates appended. */
function prevChain(src: Uint8Array, r: Rand): XrefMutation {
  const text = latin1(src);
  const prevs = [...text.matchAll(/\/Prev\s+(\d+)/g)];
  const xrefs = [...text.matchAll(/startxref\s+(\d+)/g)].map((m) => Number(m[1]));
  const kind = r.int(3);
  if (kind === 0 && prevs.length) {
    const m = r.pick(prevs);
    const old = m[1]!;
    const to = String(r.pick([...xrefs, r.int(src.length), src.length + 7, 0, xrefs[xrefs.length - 1] ?? 0]));
    const value = to.length <= old.length ? to.padEnd(old.length, ' ') : to;
    const at = m.index + m[0].length - old.length;
    return {
      bytes: new Uint8Array(
        Buffer.concat([src.subarray(0, at), bytes(value), src.subarray(at + old.length)]),
      ),
      changed: [[at, value.length === old.length ? at + old.length : src.length]],
      how: 'prev pointed elsewhere',
    };
  }
  // A chain of empty updates, each a table of no entries whose /Prev is the one before (or a loop).
  const root = /\/Root\s+(\d+ \d+ R)/.exec(text)?.[1] ?? '1 0 R';
  const n = kind === 1 ? 1 + skewed(r, 3000) : 2;
  let prev = lastStartxref(text);
  const parts: string[] = [];
  let at = src.length;
  const loopTo = at + 1;
  for (let i = 0; i < n; i++) {
    const here = at + 1;
    const target = kind === 2 && i === n - 1 ? loopTo : prev;
    const part = `\nxref\n0 0\ntrailer\n<< /Size 1 /Root ${root} /Prev ${target} >>\nstartxref\n${here}\n%%EOF`;
    parts.push(part);
    prev = here;
    at += part.length;
  }
  return {
    bytes: new Uint8Array(Buffer.concat([src, bytes(`${parts.join('')}\n`)])),
    changed: [],
    how: kind === 1 ? `chain of ${n} updates` : 'loop of updates',
  };
}

export function mutateXref(src: Uint8Array, r: Rand): XrefMutation {
  const order = [classicTable, xrefStream, objectStream];
  const first = r.int(4);
  if (first < 3) {
    // The chosen kind when the file has it, else any the file has.
    for (let k = 0; k < 3; k++) {
      const m = order[(first + k) % 3]!(src, r);
      if (m) return m;
    }
  }
  return prevChain(src, r);
}
