/**
 * A tiny flow layout over pdf-lib: a cursor that moves down A4 pages, wrapped text and
 * tables whose rows grow with their longest cell and break to a new page (repeating the
 * header). Nothing is clipped: text that cannot fit is an error, never silently lost.
 */
import {
  type Color,
  cleanText,
  degrees,
  drawLinesOfText,
  lineSplit,
  type PDFDocument,
  type PDFFont,
  PDFName,
  type PDFPage,
  rgb,
} from 'pdf-lib';
import { pdfError } from '../errors.js';

export const A4: [number, number] = [595.28, 841.89];
export const MARGIN = { top: 48, bottom: 48, left: 48, right: 48 };
export const CONTENT_WIDTH = A4[0] - MARGIN.left - MARGIN.right;

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

export interface TextStyle {
  size?: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  color?: [number, number, number];
}

const widthCache = new WeakMap<PDFFont, Map<string, number>>();

/** Each page's font resource names, one per font (see `drawTextLine`). */
const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

/** pdf-lib's default text leading (`TL`), written as `page.drawText` writes it. */
const PDF_LIB_LINE_HEIGHT = 24;

/**
 * `page.drawText(text, { x, y, size, font, color })`, the same operators, but with **one**
 * font resource per font per page: pdf-lib names a new resource for every call that passes
 * a font (a five-year record's pages held 70–120 entries pointing at two fonts), and every
 * reader of the PDF (the check, the signer, the verifier) parses them all. The names are
 * /F1, /F2… in order of first use, so the same record renders to the same bytes.
 */
export function drawTextLine(
  page: PDFPage,
  text: string,
  options: { x: number; y: number; size: number; font: PDFFont; color: Color },
): void {
  const { font } = options;
  let keys = fontKeys.get(page);
  if (!keys) {
    keys = new Map();
    fontKeys.set(page, keys);
  }
  let key = keys.get(font);
  if (!key) {
    const wanted = PDFName.of(`F${keys.size + 1}`);
    // Our pages are fresh; should one already use the name, pdf-lib picks a free one.
    if (page.node.normalizedEntries().Font.has(wanted))
      key = page.node.newFontDictionary(font.name, font.ref);
    else {
      page.node.setFontDictionary(wanted, font.ref);
      key = wanted;
    }
    keys.set(font, key);
  }
  const lines = lineSplit(cleanText(text)).map((line) => font.encodeText(line));
  page.pushOperators(
    ...drawLinesOfText(lines, {
      color: options.color,
      font: key,
      size: options.size,
      rotate: degrees(0),
      xSkew: degrees(0),
      ySkew: degrees(0),
      x: options.x,
      y: options.y,
      lineHeight: PDF_LIB_LINE_HEIGHT,
    }),
  );
}

/**
 * Text width from cached per-character advances: fontkit's full layout per call made a
 * five-year record take seconds. pdf-lib draws without kerning, so the sum is exact.
 */
export function textWidth(font: PDFFont, text: string, size: number): number {
  let cache = widthCache.get(font);
  if (!cache) {
    cache = new Map();
    widthCache.set(font, cache);
  }
  let w = 0;
  for (const ch of text) {
    let cw = cache.get(ch);
    if (cw === undefined) {
      cw = font.widthOfTextAtSize(ch, 1000) / 1000;
      cache.set(ch, cw);
    }
    w += cw;
  }
  return w * size;
}

/** Splits text into lines no wider than `width` (words longer than a line are cut). */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    const words = paragraph.split(/\s+/).filter(Boolean);
    let line = '';
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (textWidth(font, candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) out.push(line);
      line = '';
      let rest = word;
      while (textWidth(font, rest, size) > width) {
        let n = rest.length - 1;
        while (n > 1 && textWidth(font, rest.slice(0, n), size) > width) n--;
        out.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
    }
    out.push(line);
  }
  return out;
}

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

export class Flow {
  page!: PDFPage;
  y = 0;
  pageNumber = 0;
  private continuation: (() => void) | undefined;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    private readonly footer: (page: PDFPage, n: number) => void,
  ) {}

  newPage(continuation?: () => void): void {
    this.page = this.doc.addPage(A4);
    this.pageNumber++;
    this.footer(this.page, this.pageNumber);
    this.y = A4[1] - MARGIN.top;
    this.continuation = continuation;
  }

  get bottom(): number {
    return MARGIN.bottom + 14;
  }

  /** Makes room for `height`, starting a continuation page when needed. */
  ensure(height: number): void {
    if (this.y - height >= this.bottom) return;
    if (height > A4[1] - MARGIN.top - this.bottom)
      throw pdfError('PDF_UNSUPPORTED', {
        reason: `a block of ${Math.round(height)} pt does not fit on one page`,
      });
    const cont = this.continuation;
    this.newPage(cont);
    cont?.();
  }

  font(style: TextStyle): PDFFont {
    return style.bold ? this.fonts.bold : this.fonts.regular;
  }

  drawLine(text: string, x: number, y: number, width: number, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const font = this.font(style);
    const w = textWidth(font, text, size);
    const dx = style.align === 'center' ? (width - w) / 2 : style.align === 'right' ? width - w : 0;
    drawTextLine(this.page, text, {
      x: x + dx,
      y,
      size,
      font,
      color: style.color ? rgb(...style.color) : rgb(0, 0, 0),
    });
  }

  /** A wrapped paragraph across the content width (or at `x` with `width`). */
  paragraph(text: string, style: TextStyle = {}, x = MARGIN.left, width = CONTENT_WIDTH, gapAfter = 4): void {
    const size = style.size ?? 10;
    const lh = size * 1.3;
    for (const line of wrapText(text, this.font(style), size, width)) {
      this.ensure(lh);
      this.y -= lh;
      this.drawLine(line, x, this.y + size * 0.28, width, style);
    }
    this.y -= gapAfter;
  }

  /** "Label: value" with the label bold and the value wrapped after it. */
  field(label: string, value: string, size = 10.5): void {
    const lh = size * 1.45;
    const labelW = textWidth(this.fonts.bold, `${label}: `, size);
    const lines = wrapText(value || '—', this.fonts.regular, size, CONTENT_WIDTH - labelW);
    this.ensure(lh * lines.length);
    lines.forEach((line, i) => {
      this.y -= lh;
      if (i === 0) this.drawLine(`${label}: `, MARGIN.left, this.y, labelW, { size, bold: true });
      this.drawLine(line, MARGIN.left + labelW, this.y, CONTENT_WIDTH - labelW, { size });
    });
  }

  gap(h: number): void {
    this.y -= h;
  }

  table(columns: Column[], rows: string[][], options: { size?: number } = {}): void {
    const size = options.size ?? 9;
    const lh = size * 1.3;
    const pad = 3;
    const total = columns.reduce((s, c) => s + c.width, 0);
    const scale = CONTENT_WIDTH / total;
    const widths = columns.map((c) => c.width * scale);
    const measure = (cells: string[], bold: boolean) => {
      const wrapped = cells.map((c, i) =>
        wrapText(c, bold ? this.fonts.bold : this.fonts.regular, size, widths[i]! - 2 * pad),
      );
      return { wrapped, h: Math.max(...wrapped.map((w) => w.length)) * lh + 2 * pad };
    };
    const drawRow = (cells: string[], bold: boolean, fill?: number) => {
      const { wrapped, h } = measure(cells, bold);
      this.ensure(h);
      let x = MARGIN.left;
      const top = this.y;
      wrapped.forEach((lines, i) => {
        const w = widths[i]!;
        this.page.drawRectangle({
          x,
          y: top - h,
          width: w,
          height: h,
          borderColor: rgb(0.3, 0.3, 0.3),
          borderWidth: 0.6,
          ...(fill !== undefined ? { color: rgb(fill, fill, fill) } : {}),
        });
        lines.forEach((line, k) => {
          this.drawLine(line, x + pad, top - pad - (k + 1) * lh + size * 0.3, w - 2 * pad, {
            size,
            bold,
            align: columns[i]!.align ?? 'left',
          });
        });
        x += w;
      });
      this.y = top - h;
    };
    const header = () =>
      drawRow(
        columns.map((c) => c.title),
        true,
        0.9,
      );
    const previous = this.continuation;
    // Never leave a header alone at the bottom of a page: it goes with the first row.
    const first = rows[0];
    this.ensure(
      measure(
        columns.map((c) => c.title),
        true,
      ).h + (first ? measure(first, false).h : 0),
    );
    header();
    this.continuation = () => {
      previous?.();
      header();
    };
    for (const r of rows) drawRow(r, false);
    this.continuation = previous;
    this.y -= 8;
  }
}
