/**
 * Where a page draws its text, one box per glyph in default user space: enough to tell whether
 * a later signer's visible signature sits over words the earlier signers saw (the Evil
 * Annotation / shadow "hide-and-replace" attack done with a signature's own appearance: a white
 * box reading "Toan 10 diem" signed over "Toan 9 diem" by anyone holding a certificate).
 *
 * Approximate on purpose and bounded: glyph widths from the font's /Widths or /W (a default
 * otherwise), ascent 0.8 and descent 0.2 of the font size, Type0 fonts read two bytes a glyph
 * (Identity-H, what Vietnamese records use), spaces of simple fonts are not ink. Form XObjects
 * are followed (8 deep); images and paths are not text and are left out (a page background
 * would cover everything). Past the token or byte budget (a form drawn again counts again)
 * the page is reported as read in part.
 */
import { isDelim, isWs, Parser } from '../document/lexer.js';
import { dictOf, isName, isStream, type PdfDict, type PdfValue, type Resolver } from '../document/objects.js';
import { decodeStream } from '../document/scan.js';
import type { Box } from './pages.js';

type Matrix = [number, number, number, number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
/** Tokens (operators and operands) read over a page and the forms it draws (a record page has a few thousand). */
const MAX_TOKENS = 2_000_000;
/** Content bytes read over a page and the forms it draws, a form counted each time it is drawn. */
const MAX_BYTES = 64 * 1024 * 1024;
/** Glyph boxes kept for a page. */
const MAX_GLYPHS = 200_000;
const MAX_FORM_DEPTH = 8;
const MAX_STACK = 64;

const multiply = (a: Matrix, b: Matrix): Matrix => [
  a[0] * b[0] + a[1] * b[2],
  a[0] * b[1] + a[1] * b[3],
  a[2] * b[0] + a[3] * b[2],
  a[2] * b[1] + a[3] * b[3],
  a[4] * b[0] + a[5] * b[2] + b[4],
  a[4] * b[1] + a[5] * b[3] + b[5],
];

function boxThrough(m: Matrix, x1: number, y1: number, x2: number, y2: number): Box {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [
    [x1, y1],
    [x2, y1],
    [x1, y2],
    [x2, y2],
  ] as const) {
    xs.push(m[0] * x + m[2] * y + m[4]);
    ys.push(m[1] * x + m[3] * y + m[5]);
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** A font as far as placing glyphs goes: bytes per code and width per code (1/1000 em). */
interface FontMetrics {
  twoByte: boolean;
  width(code: number): number;
}

const DEFAULT_WIDTH = 600;

function fontMetrics(res: Resolver, font: PdfDict | undefined): FontMetrics {
  if (isName(font?.entries.get('Subtype'), 'Type0')) {
    const kids = res.get(font, 'DescendantFonts');
    const cid = dictOf(res.resolve(Array.isArray(kids) ? kids[0] : undefined));
    const dw = res.get(cid, 'DW');
    const widths = new Map<number, number>();
    const w = res.get(cid, 'W');
    if (Array.isArray(w))
      for (let i = 0; i + 1 < w.length && widths.size < 65_536; ) {
        const first = res.resolve(w[i]);
        const next = res.resolve(w[i + 1]);
        if (typeof first !== 'number') break;
        if (Array.isArray(next)) {
          next.slice(0, 65_536).forEach((v, k) => {
            const n = res.resolve(v);
            if (typeof n === 'number') widths.set(first + k, n);
          });
          i += 2;
        } else {
          const last = next;
          const value = res.resolve(w[i + 2]);
          if (typeof last !== 'number' || typeof value !== 'number') break;
          for (let c = first; c <= last && widths.size < 65_536; c++) widths.set(c, value);
          i += 3;
        }
      }
    const fallback = typeof dw === 'number' ? dw : 1000;
    return { twoByte: true, width: (code) => widths.get(code) ?? fallback };
  }
  const first = res.get(font, 'FirstChar');
  const widths = res.get(font, 'Widths');
  // Type3 widths are in its glyph space, which /FontMatrix maps to text space (0.001 usually).
  const fm = res.get(font, 'FontMatrix');
  const fm0 = Array.isArray(fm) ? res.resolve(fm[0]) : undefined;
  const unit =
    isName(font?.entries.get('Subtype'), 'Type3') && typeof fm0 === 'number' ? Math.abs(fm0) * 1000 : 1;
  return {
    twoByte: false,
    width: (code) => {
      if (typeof first === 'number' && Array.isArray(widths)) {
        const v = res.resolve(widths[code - first]);
        if (typeof v === 'number' && v > 0) return Math.min(v * unit, 100_000);
      }
      return DEFAULT_WIDTH;
    },
  };
}

interface State {
  ctm: Matrix;
  font: FontMetrics | undefined;
  size: number;
  charSpacing: number;
  wordSpacing: number;
  scale: number;
  leading: number;
  rise: number;
}

export interface PageText {
  glyphs: Box[];
  /** The operator budget ran out (or a form nested too deep): the page was not read whole. */
  partial: boolean;
}

/** One content stream's tokens: operands as values, operators as words (inline images skipped). */
function* tokens(bytes: Uint8Array): Generator<{ op: string } | { value: PdfValue }> {
  const p = new Parser(bytes);
  while (true) {
    p.skipWs();
    if (p.pos >= bytes.length) return;
    const c = bytes[p.pos] as number;
    const startsValue =
      c === 0x2f ||
      c === 0x3c ||
      c === 0x28 ||
      c === 0x5b ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2b ||
      c === 0x2d ||
      c === 0x2e;
    if (startsValue) {
      try {
        yield { value: p.value() };
      } catch {
        return;
      }
      continue;
    }
    const start = p.pos;
    while (p.pos < bytes.length && !isWs(bytes[p.pos]) && !isDelim(bytes[p.pos])) p.pos++;
    if (p.pos === start) {
      p.pos++;
      continue;
    }
    let op = '';
    for (let i = start; i < p.pos; i++) op += String.fromCharCode(bytes[i] as number);
    if (op === 'ID') {
      // Inline image data: up to the first whitespace-delimited EI.
      let i = p.pos + 1;
      while (
        i + 2 < bytes.length &&
        !(
          isWs(bytes[i - 1]) &&
          bytes[i] === 0x45 &&
          bytes[i + 1] === 0x49 &&
          (isWs(bytes[i + 2]) || isDelim(bytes[i + 2]))
        )
      )
        i++;
      p.pos = i + 2;
      continue;
    }
    yield { op };
  }
}

/** Glyph boxes of a page (as `res` sees it), bounded. */
export function pageText(res: Resolver, page: PdfDict, resources: PdfValue | undefined): PageText {
  const out: PageText = { glyphs: [], partial: false };
  const budget = { tokens: 0, bytes: 0 };
  const contents = res.get(page, 'Contents');
  const streams = (Array.isArray(contents) ? contents : [page.entries.get('Contents')]).map((v) =>
    res.resolve(v),
  );
  // The page's content streams are one stream cut in pieces (ISO 32000-1 §7.8.2).
  const parts: Uint8Array[] = [];
  for (const s of streams) {
    if (!isStream(s)) continue;
    const data = decodeStream(res.doc, s);
    if (!data) out.partial = true;
    else parts.push(data, new Uint8Array([0x0a]));
  }
  const whole = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of parts) {
    whole.set(b, at);
    at += b.length;
  }
  run(res, whole, dictOf(res.resolve(resources)), IDENTITY, 0, budget, out);
  return out;
}

function run(
  res: Resolver,
  bytes: Uint8Array,
  resources: PdfDict | undefined,
  ctm: Matrix,
  depth: number,
  budget: { tokens: number; bytes: number },
  out: PageText,
): void {
  let gs: State = {
    ctm,
    font: undefined,
    size: 0,
    charSpacing: 0,
    wordSpacing: 0,
    scale: 1,
    leading: 0,
    rise: 0,
  };
  const stack: State[] = [];
  let tm: Matrix = IDENTITY;
  let tlm: Matrix = IDENTITY;
  let operands: PdfValue[] = [];
  const num = (i: number) => {
    const v = operands[operands.length - i];
    return typeof v === 'number' ? v : 0;
  };
  const moveLine = (tx: number, ty: number) => {
    tlm = multiply([1, 0, 0, 1, tx, ty], tlm);
    tm = tlm;
  };
  const show = (value: PdfValue | undefined) => {
    const items = Array.isArray(value) ? value : [value];
    const font = gs.font;
    for (const item of items) {
      if (typeof item === 'number') {
        tm = multiply([1, 0, 0, 1, (-item / 1000) * gs.size * gs.scale, 0], tm);
        continue;
      }
      if (typeof item !== 'object' || item === null || Array.isArray(item) || item.kind !== 'string' || !font)
        continue;
      const b = item.bytes;
      const step = font.twoByte ? 2 : 1;
      for (let i = 0; i + step - 1 < b.length; i += step) {
        const code = step === 2 ? ((b[i] as number) << 8) | (b[i + 1] as number) : (b[i] as number);
        const w = font.width(code) / 1000;
        const space = !font.twoByte && code === 32;
        if (!space && out.glyphs.length < MAX_GLYPHS) {
          const trm = multiply([gs.size * gs.scale, 0, 0, gs.size, 0, gs.rise], multiply(tm, gs.ctm));
          out.glyphs.push(boxThrough(trm, 0, -0.2, w, 0.8));
        }
        const advance = (w * gs.size + gs.charSpacing + (space ? gs.wordSpacing : 0)) * gs.scale;
        tm = multiply([1, 0, 0, 1, advance, 0], tm);
      }
    }
  };
  budget.bytes += bytes.length;
  if (budget.bytes > MAX_BYTES) {
    out.partial = true;
    return;
  }
  for (const t of tokens(bytes)) {
    if (++budget.tokens > MAX_TOKENS) {
      out.partial = true;
      return;
    }
    if ('value' in t) {
      if (operands.length < 64) operands.push(t.value);
      continue;
    }
    switch (t.op) {
      case 'q':
        if (stack.length < MAX_STACK) stack.push({ ...gs });
        break;
      case 'Q':
        gs = stack.pop() ?? gs;
        break;
      case 'cm':
        gs.ctm = multiply([num(6), num(5), num(4), num(3), num(2), num(1)], gs.ctm);
        break;
      case 'BT':
        tm = IDENTITY;
        tlm = IDENTITY;
        break;
      case 'Tf': {
        const name = operands[operands.length - 2];
        const fonts = dictOf(res.get(resources, 'Font'));
        gs.font =
          typeof name === 'object' && name !== null && !Array.isArray(name) && name.kind === 'name'
            ? fontMetrics(res, dictOf(res.get(fonts, name.name)))
            : undefined;
        gs.size = num(1);
        break;
      }
      case 'Tc':
        gs.charSpacing = num(1);
        break;
      case 'Tw':
        gs.wordSpacing = num(1);
        break;
      case 'Tz':
        gs.scale = num(1) / 100;
        break;
      case 'TL':
        gs.leading = num(1);
        break;
      case 'Ts':
        gs.rise = num(1);
        break;
      case 'Td':
        moveLine(num(2), num(1));
        break;
      case 'TD':
        gs.leading = -num(1);
        moveLine(num(2), num(1));
        break;
      case 'Tm':
        tlm = [num(6), num(5), num(4), num(3), num(2), num(1)];
        tm = tlm;
        break;
      case 'T*':
        moveLine(0, -gs.leading);
        break;
      case 'Tj':
      case 'TJ':
        show(operands[operands.length - 1]);
        break;
      case "'":
        moveLine(0, -gs.leading);
        show(operands[operands.length - 1]);
        break;
      case '"':
        gs.wordSpacing = num(3);
        gs.charSpacing = num(2);
        moveLine(0, -gs.leading);
        show(operands[operands.length - 1]);
        break;
      case 'Do': {
        const name = operands[operands.length - 1];
        if (typeof name !== 'object' || name === null || Array.isArray(name) || name.kind !== 'name') break;
        const xobject = res.resolve(dictOf(res.get(resources, 'XObject'))?.entries.get(name.name));
        if (!isStream(xobject) || !isName(xobject.dict.entries.get('Subtype'), 'Form')) break;
        if (depth >= MAX_FORM_DEPTH) {
          out.partial = true;
          break;
        }
        const data = decodeStream(res.doc, xobject);
        if (!data) {
          out.partial = true;
          break;
        }
        const m = res.get(xobject.dict, 'Matrix');
        const matrix =
          Array.isArray(m) && m.length === 6 && m.every((v) => typeof res.resolve(v) === 'number')
            ? (m.map((v) => res.resolve(v)) as Matrix)
            : IDENTITY;
        const own = dictOf(res.get(xobject.dict, 'Resources')) ?? resources;
        run(res, data, own, multiply(matrix, gs.ctm), depth + 1, budget, out);
        if (budget.tokens > MAX_TOKENS || budget.bytes > MAX_BYTES) return;
        break;
      }
    }
    operands = [];
  }
}

const area = (b: Box) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);

/** Glyphs a rectangle covers by a quarter of their box or more. */
export function glyphsCovered(text: PageText, rect: Box): number {
  let n = 0;
  for (const g of text.glyphs) {
    const a = area(g);
    if (a <= 0) continue;
    const w = Math.min(g[2], rect[2]) - Math.max(g[0], rect[0]);
    const h = Math.min(g[3], rect[3]) - Math.max(g[1], rect[1]);
    if (w > 0 && h > 0 && w * h >= a / 4) n++;
  }
  return n;
}
