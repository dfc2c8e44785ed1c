/**
 * The object parser was rewritten for speed (byte-class table, names and numbers read from
 * the bytes, no regular expression per token): it must read every input exactly as before,
 * the same objects, the same end position, the same errors. Checked against the previous
 * parser (support/reference-parser.ts) on real files' objects, on a grammar of tricky
 * fragments (escapes, comments between a reference's parts, streams, bad tokens) and on
 * random mutations of both.
 */
import { describe, expect, it } from 'vitest';
import { generateClass } from '../../src/generator/index.js';
import {
  PdfDict,
  PdfName,
  type PdfObject,
  PdfRef,
  PdfStream,
  PdfString,
} from '../../src/pdf/reader/objects.js';
import { PdfParser } from '../../src/pdf/reader/parser.js';
import { renderRecordPdf } from '../../src/pdf/render/index.js';
import { dejavuFonts } from '../support/fonts.js';
import { ReferenceParser } from '../support/reference-parser.js';

/** A plain, comparable picture of a parsed object (classes, bytes, keys in order). */
function shape(o: PdfObject): unknown {
  if (o instanceof PdfName) return { name: o.name };
  if (o instanceof PdfRef) return { ref: [o.num, o.gen] };
  if (o instanceof PdfString) return { string: [...o.bytes], hex: o.hex };
  if (o instanceof PdfStream) return { stream: shape(o.dict), raw: [...o.raw] };
  // `entries()` builds the values read lazily (a page's /Resources): they must come out the same.
  if (o instanceof PdfDict) return { dict: [...o.entries()].map(([k, v]) => [k, shape(v)]) };
  if (Array.isArray(o)) return o.map(shape);
  return o;
}

/** Reads objects one after the other from `at` until the end or an error, with both parsers. */
function readAll(
  make: (b: Uint8Array, at: number) => { pos: number; readObject(): PdfObject },
  bytes: Uint8Array,
  at: number,
) {
  const p = make(bytes, at);
  const out: unknown[] = [];
  for (let i = 0; i < 64; i++) {
    try {
      out.push(shape(p.readObject()), p.pos);
    } catch (error) {
      out.push({
        error: (error as { code?: string; message: string }).code ?? 'untyped',
        message: String(error),
      });
      break;
    }
    if (p.pos >= bytes.length) break;
  }
  return out;
}

const lengthOf = () => 7;
const ours = (b: Uint8Array, at: number) => new PdfParser(b, at, lengthOf);
const before = (b: Uint8Array, at: number) => new ReferenceParser(b, at, lengthOf);

/** Where skipping one object ends, or its error: where reading it ends, or the same error. */
function skipped(
  make: (b: Uint8Array, at: number) => { pos: number; skipObject?(): void; readObject(): PdfObject },
  bytes: Uint8Array,
  at: number,
) {
  const p = make(bytes, at);
  try {
    if (p.skipObject) p.skipObject();
    else p.readObject();
    return p.pos;
  } catch (error) {
    return { error: (error as { code?: string }).code ?? 'untyped', message: String(error) };
  }
}

function sameReading(bytes: Uint8Array, at = 0): void {
  expect(readAll(ours, bytes, at)).toEqual(readAll(before, bytes, at));
  expect(skipped(ours, bytes, at)).toEqual(skipped(before, bytes, at));
}

/** A small deterministic generator (the same inputs every run, so a failure can be replayed). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const FRAGMENTS = [
  '/Name',
  '/A#20B',
  '/#4',
  '/#zz',
  '/Ti\xe9ng',
  '/',
  '/a/b',
  '1',
  '-1',
  '+2',
  '1.',
  '.5',
  '-.5',
  '.',
  '+',
  '-',
  '1.2.3',
  '12345678901234567890',
  '1e5',
  '0 0 R',
  '1 0 R',
  '12 3 R',
  '1 0R',
  '1 0 Rx',
  '1 0 % note\n R',
  '1 %c\n0 R',
  '007 0008 R',
  '1 1234567890123456789 R',
  '1 -0 R',
  '1 0',
  'R',
  'true',
  'false',
  'null',
  'truex',
  '<48656C6C6F>',
  '<48 65 6c\n6C6>',
  '<4G>',
  '<>',
  '(plain)',
  '(a\\(b\\)c)',
  '(nest (ed) )',
  '(\\101\\1012\\7)',
  '(line\\\ncont)',
  '(cr\\\r\nlf)',
  '(\\q)',
  '(unterminated',
  '[',
  ']',
  '[1 2 [3]]',
  '<<',
  '>>',
  '<</Length 3>>stream\nabc\nendstream',
  '<</Length 3>>\r\nstream\r\nabc\nendstream',
  '<</Length 9 0 R>>stream\nabcdefg\nendstream',
  '<</Length 3>> streamx',
  '<</Length 3>> % c\nstream\nabc endstream',
  '<</Length 99>>stream\nab',
  '<</K 1>>',
  '<</K>>',
  '<<1 2>>',
  '<</Resources<</Font<</F1 3 0 R/F#202 4 0 R>>>>>>',
  '<</Resources<</A#zz 1>>>>',
  '<</Resources<</Length 3>>stream\nabc\nendstream>>',
  '<</Res#6Fources<</X 1>>/Length 2>>stream\nab\nendstream',
  '<</Resources[1 2]>>',
  '<</Resources<</X<</Resources<</Y 2 0 R>>>>>>>>',
  '/Resources',
  '<</Len#67th 2>>stream\nab endstream',
  '<</Length 1/Length 2>>stream\nab endstream',
  '<</Lengthx 2>>stream\nab endstream',
  '<</Resources<<',
  '{',
  '}',
  ')',
  '>',
  '% comment only\n',
  '\x00',
  '\t',
  '\f',
  '\r\n',
  ' ',
  '\x80\xff',
  'obj',
  'endobj',
];

function fragmentSoup(next: () => number, count: number): Uint8Array {
  let text = '';
  for (let i = 0; i < count; i++) {
    text += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
    const gap = next();
    text += gap < 0.6 ? ' ' : gap < 0.8 ? '' : gap < 0.9 ? '\n' : '%x\n';
  }
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

describe('the object parser reads as it did before its rewrite', () => {
  it('every object of rendered records (names, numbers, references, streams)', async () => {
    const records = generateClass({ seed: 7, grade: 5, size: 1, defectRate: 0 }).records;
    const { pdf } = await renderRecordPdf(records[0]!, { fonts: dejavuFonts() });
    const text = new TextDecoder('latin1').decode(pdf);
    const starts = [...text.matchAll(/\d+ 0 obj/g)].map((m) => m.index! + m[0].length);
    expect(starts.length).toBeGreaterThan(20);
    for (const at of starts) sameReading(pdf, at);
  }, 60_000);

  it('a grammar of tricky fragments, 3,000 random sequences', () => {
    const next = random(19);
    for (let i = 0; i < 3000; i++) sameReading(fragmentSoup(next, 1 + Math.floor(next() * 12)));
  }, 60_000);

  it('random byte mutations of those sequences and of a page dictionary', () => {
    const next = random(27);
    const page = new TextEncoder().encode(
      '<</Type/Page/Parent 1 0 R/Resources<</Font<</F1 3 0 R/F#202 4 0 R>>>>/MediaBox[0 0 595.28 841.89]/Annots[5 0 R 6 0 R]/Contents 7 0 R>>',
    );
    for (let i = 0; i < 3000; i++) {
      const bytes = i % 2 ? page.slice() : fragmentSoup(next, 6);
      for (let k = 0; k < 1 + Math.floor(next() * 4); k++)
        bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      sameReading(bytes, Math.floor(next() * 4));
    }
  }, 60_000);
});
