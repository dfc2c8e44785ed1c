/**
 * Mutations of whole files as bytes, general (flips, cuts, splices) and PDF-shaped (numbers
 * made huge, negative or NaN-like; nesting injected; stream lengths and filters changed;
 * xref and trailer damaged). Each takes the seeded Rand so a mutation replays from its seed.
 */
import { deflateSync } from 'node:zlib';
import type { Rand } from './random.js';
import { skewed } from './random.js';

const latin1 = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** Replaces [at, at+n) by `by`. */
function replace(src: Uint8Array, at: number, n: number, by: Uint8Array): Uint8Array {
  return concat(src.subarray(0, at), by, src.subarray(Math.min(src.length, at + n)));
}

/** Where a regex matches in the file, as [index, length]. */
function matches(text: string, re: RegExp): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(re)) {
    out.push([m.index, m[0].length]);
    if (out.length >= 5000) break;
  }
  return out;
}

const HOSTILE_NUMBERS = [
  '99999999999999999999999',
  '-1',
  '-2147483649',
  '4294967296',
  '1e308',
  'NaN',
  'Infinity',
  '-0',
  '0.000000000000000000001',
  '9007199254740993',
  '--5',
  '+',
  '.',
  '1.2.3',
  '0',
  '2147483647',
];

const HOSTILE_TOKENS = [
  'null',
  'true',
  '()',
  '<>',
  '<<>>',
  '[]',
  '/',
  '/#00',
  '/A#',
  'R',
  '0 0 R',
  '99999 0 R',
  '1 65535 R',
  '-1 0 R',
  'endobj',
  'stream',
  'endstream',
  'obj',
  'xref',
  'trailer',
  'startxref',
  '%%EOF',
  '(\\',
  '<0',
  '<<',
  '>>',
  '[',
  ']',
  '{',
  ')',
];

type Mutator = (src: Uint8Array, r: Rand, other: Uint8Array) => Uint8Array;

const flip: Mutator = (src, r) => {
  const out = src.slice();
  const n = skewed(r, 64);
  for (let i = 0; i < n && out.length; i++) {
    const at = r.int(out.length);
    out[at] = (out[at] ?? 0) ^ (1 << r.int(8));
  }
  return out;
};

const randomByte: Mutator = (src, r) => {
  const out = src.slice();
  if (out.length) out[r.int(out.length)] = r.int(256);
  return out;
};

const truncate: Mutator = (src, r) => src.slice(0, r.int(src.length + 1));

const insertJunk: Mutator = (src, r) => replace(src, r.int(src.length + 1), 0, r.bytes(1 + skewed(r, 256)));

const deleteRun: Mutator = (src, r) =>
  replace(src, r.int(src.length + 1), 1 + skewed(r, 2000), new Uint8Array());

/** Copies a chunk over another place (duplicated objects, shifted structures). */
const overwriteChunk: Mutator = (src, r) => {
  const from = r.int(src.length);
  const chunk = src.slice(from, from + 1 + skewed(r, 4000));
  const out = src.slice();
  const at = r.int(src.length);
  out.set(chunk.subarray(0, out.length - at), at);
  return out;
};

/** Repeats a section, once or many times (duplicated objects, xref sections, updates). */
const duplicate: Mutator = (src, r) => {
  const from = r.int(src.length);
  const chunk = src.subarray(from, from + 1 + skewed(r, 4000));
  const times = 1 + skewed(r, 200);
  const at = r.chance(0.5) ? from : r.int(src.length + 1);
  return replace(src, at, 0, concat(...Array.from({ length: times }, () => chunk)));
};

/** The head of one file with the tail of another (two signers' files cut and joined). */
const splice: Mutator = (src, r, other) =>
  concat(src.subarray(0, r.int(src.length + 1)), other.subarray(r.int(other.length + 1)));

const number: Mutator = (src, r) => {
  const spots = matches(latin1(src), /-?\d+(\.\d+)?/g);
  if (!spots.length) return flip(src, r, src);
  let out = src;
  for (let k = 1 + skewed(r, 8); k > 0; k--) {
    const [at, n] = r.pick(spots);
    out = replace(out, at, n, bytes(r.pick(HOSTILE_NUMBERS)));
  }
  return out;
};

const token: Mutator = (src, r) => {
  const at = r.int(src.length + 1);
  const t = r.pick(HOSTILE_TOKENS);
  return replace(src, at, r.chance(0.5) ? 0 : 1 + r.int(8), bytes(r.chance(0.5) ? ` ${t} ` : t));
};

/** Arrays, dictionaries, strings nested far past any sane depth, or a very long name/string. */
const deep: Mutator = (src, r) => {
  const n = skewed(r, 200_000);
  const kind = r.int(6);
  const body =
    kind === 0
      ? `${'['.repeat(n)}${']'.repeat(r.chance(0.5) ? n : 0)}`
      : kind === 1
        ? `${'<</A '.repeat(n)}1${'>>'.repeat(r.chance(0.5) ? n : 0)}`
        : kind === 2
          ? `(${'('.repeat(n)}${')'.repeat(r.chance(0.5) ? n : 0)})`
          : kind === 3
            ? `/${'A'.repeat(n)}`
            : kind === 4
              ? `<${'0'.repeat(n)}>`
              : `${'1 0 R '.repeat(Math.min(n, 50_000))}`;
  const spots = matches(latin1(src), /\/[A-Za-z]+ /g);
  const at =
    spots.length && r.chance(0.8)
      ? (r.pick(spots)[0] + r.pick(spots)[1]) % (src.length + 1)
      : r.int(src.length + 1);
  return replace(src, at, 0, bytes(body));
};

/** A stream's /Length made wrong: shorter, longer, negative, huge, indirect to nowhere. */
const streamLength: Mutator = (src, r) => {
  const spots = matches(latin1(src), /\/Length\s+\d+(\s+\d+\s+R)?/g);
  if (!spots.length) return token(src, r, src);
  const [at, n] = r.pick(spots);
  const value = r.pick(['0', '1', '-5', '99999999', '4294967297', '12 0 R', '99999 0 R', '(7)', '/L', '3.5']);
  return replace(src, at, n, bytes(`/Length ${value}`));
};

/** A zlib stream that inflates to a lot (a small bomb), optionally behind several filters. */
function bombStream(r: Rand): Uint8Array {
  // Deflate of runs of zeros: ~1000:1 a layer.
  let data: Buffer = Buffer.alloc(1 + skewed(r, 64 * 1024 * 1024));
  const layers = 1 + r.int(3);
  for (let i = 0; i < layers; i++) data = deflateSync(data, { level: 9 });
  const filters = Array.from({ length: layers }, () => '/FlateDecode').join(' ');
  const extra = r.chance(0.3)
    ? ` /${r.pick(['LZWDecode', 'RunLengthDecode', 'ASCIIHexDecode', 'ASCII85Decode', 'JBIG2Decode', 'Crypt', 'Nope'])}`
    : '';
  const head = `<< /Length ${data.length} /Filter [${extra}${filters}] /Type /${r.pick(['ObjStm', 'XRef', 'EmbeddedFile', 'XObject'])} /N 5 /First 3 /Size 9 /W [1 2 1] >>\nstream\n`;
  return concat(bytes(head), data, bytes('\nendstream'));
}

/** A stream's filter chain changed: bombs, unknown filters, chains, bad DecodeParms. */
export const filters: Mutator = (src, r) => {
  const text = latin1(src);
  if (r.chance(0.4)) {
    const spots = matches(
      text,
      /(?<![\d.])\d{1,10} \d{1,5} obj\s*<<[\s\S]{0,400}?>>\s*stream\r?\n[\s\S]*?endstream/g,
    );
    if (spots.length) {
      const [at, n] = r.pick(spots);
      const head = text.slice(at, at + n).match(/^\d+ \d+ obj\s*/)?.[0] ?? '';
      return replace(src, at + head.length, n - head.length, bombStream(r));
    }
  }
  const spots = matches(text, /\/Filter\s*(\/\w+|\[[^\]]*\])/g);
  if (!spots.length) return token(src, r, src);
  const [at, n] = r.pick(spots);
  const value = r.pick([
    '/Filter /Nope',
    '/Filter [/FlateDecode /FlateDecode /FlateDecode]',
    '/Filter [/ASCIIHexDecode /FlateDecode]',
    '/Filter /LZWDecode',
    '/Filter /RunLengthDecode',
    '/Filter /ASCII85Decode',
    '/Filter [/Crypt]',
    '/Filter 5',
    `/Filter [${'/FlateDecode '.repeat(1000)}]`,
    '/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 0 >>',
    '/Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns 99999999 /Colors 99999 /BitsPerComponent 16 >>',
    '/Filter /FlateDecode /DecodeParms << /Predictor 2 /Columns -4 >>',
  ]);
  return replace(src, at, n, bytes(value));
};

/** The cross-reference table, stream or trailer damaged, or startxref pointed elsewhere. */
const xref: Mutator = (src, r) => {
  const text = latin1(src);
  const kind = r.int(5);
  if (kind === 0) {
    const spots = matches(text, /startxref\s+\d+/g);
    if (spots.length) {
      const [at, n] = r.pick(spots);
      const to = r.pick([0, 1, src.length, src.length + 100, -1, r.int(src.length), 2 ** 53]);
      return replace(src, at, n, bytes(`startxref\n${to}`));
    }
  }
  if (kind === 1) {
    const spots = matches(text, /\d{10} \d{5} [nf]/g);
    if (spots.length) {
      let out = src;
      for (let k = 1 + skewed(r, 20); k > 0; k--) {
        const [at] = r.pick(spots);
        const off = String(r.pick([0, 1, src.length, r.int(src.length), 9999999999]))
          .padStart(10, '0')
          .slice(-10);
        out = replace(
          out,
          at,
          18,
          bytes(`${off} ${r.pick(['00000', '65535', '00001'])} ${r.pick(['n', 'f', 'x'])}`),
        );
      }
      return out;
    }
  }
  if (kind === 2) {
    const spots = matches(text, /xref\s+\d+ \d+/g);
    if (spots.length) {
      const [at, n] = r.pick(spots);
      return replace(
        src,
        at,
        n,
        bytes(`xref\n${r.pick(['0 99999999', '-1 5', '4294967295 2', '0 0', '5 1'])}`),
      );
    }
  }
  if (kind === 3) {
    const spots = matches(text, /\/(Prev|Size|Root|Info|Encrypt|XRefStm|Index|W)\s+[^/>]*/g);
    if (spots.length) {
      const [at, n] = r.pick(spots);
      const key = text.slice(at, at + n).split(/\s/)[0];
      const value = r.pick([
        '0',
        '-1',
        '99999999',
        '1 0 R',
        '0 0 R',
        '[0 99999999]',
        '[1 2]',
        '[9 9 9]',
        '<<>>',
        '(x)',
        '[]',
      ]);
      return replace(src, at, n, bytes(`${key} ${value} `));
    }
  }
  // A /Prev chain that loops: an extra trailer pointing at itself.
  const loop = `\ntrailer\n<< /Size 3 /Root 1 0 R /Prev ${src.length + 1} >>\nstartxref\n${src.length + 1}\n%%EOF\n`;
  return concat(src, bytes(loop));
};

/** An incremental update appended that redefines a random existing object with junk. */
const update: Mutator = (src, r) => {
  const text = latin1(src);
  const objs = matches(text, /\n(\d+) 0 obj/g);
  const num = objs.length ? Number(text.slice(r.pick(objs)[0] + 1).match(/^\d+/)?.[0]) : 1;
  const body = r.pick([
    '<<>>',
    'null',
    '[1 0 R]',
    `${num} 0 R`,
    '<< /Type /Catalog /Pages 99 0 R >>',
    '(x)',
    '<< /V 1 0 R /FT /Sig >>',
  ]);
  const at = src.length;
  const obj = `\n${num} 0 obj\n${body}\nendobj\n`;
  const xrefAt = at + obj.length;
  const tail = `xref\n${num} 1\n${String(at + 1).padStart(10, '0')} 00000 n\r\ntrailer\n<< /Size ${num + 1} /Root 1 0 R /Prev ${r.int(src.length)} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return concat(src, bytes(obj + tail));
};

const MUTATORS: readonly Mutator[] = [
  flip,
  randomByte,
  truncate,
  insertJunk,
  deleteRun,
  overwriteChunk,
  duplicate,
  splice,
  number,
  number,
  token,
  token,
  deep,
  streamLength,
  streamLength,
  filters,
  filters,
  xref,
  xref,
  update,
];

/** One to a few mutations of a file (`other` is a second file for splices). */
export function mutateFile(src: Uint8Array, r: Rand, other: Uint8Array): Uint8Array {
  let out = src;
  const n = r.chance(0.7) ? 1 : 2 + r.int(3);
  for (let i = 0; i < n; i++) out = r.pick(MUTATORS)(out, r, other);
  return out;
}

/** Only the mutations that change bytes and keep the rest in place (for the "never valid" check). */
export function flipOnly(src: Uint8Array, r: Rand): { bytes: Uint8Array; changed: number[] } {
  const out = src.slice();
  const changed: number[] = [];
  for (let n = 1 + skewed(r, 8); n > 0; n--) {
    const at = r.int(out.length);
    out[at] = (out[at] ?? 0) ^ (1 + r.int(255));
    changed.push(at);
  }
  return { bytes: out, changed };
}
