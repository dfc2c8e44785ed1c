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
import { dictOf, isName, isStream, type PdfDict, type PdfValue, type Resolver } from '../document/objects.js';
import { decodeStream } from '../document/scan.js';
import { tokens } from './content-tokens.js';
import { type FontMetrics, fontMetrics } from './font-metrics.js';
import { boxThrough, IDENTITY, type Matrix, multiply } from './matrix.js';
import type { Box } from './pages.js';

/** Tokens (operators and operands) read over a page and the forms it draws (a record page has a few thousand). */
const MAX_TOKENS = 2_000_000;
/** Content bytes read over a page and the forms it draws, a form counted each time it is drawn. */
const MAX_BYTES = 64 * 1024 * 1024;
/** Glyph boxes kept for a page. */
const MAX_GLYPHS = 200_000;
const MAX_FORM_DEPTH = 8;
const MAX_STACK = 64;

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
