/**
 * The visible signature stamp drawn in the role's block: who signed, in which role, for
 * which organisation, and when (Vietnam time), in Vietnamese. pdf-lib lays the text out
 * with a subset font on a scratch page; the page's content and resources are then copied
 * into the signature's incremental update as the widget's Form XObject.
 *
 * A batch signs hundreds of records with the same signer, role and box, so the scratch page
 * is built once as a template with every digit written as 0 (and all ten digits in the
 * subset); each record then only swaps the digits' glyph codes in the content stream (the
 * time line). The swap is used only when the real lines wrap and measure exactly as the
 * template's; otherwise the stamp is built for this record alone, as before.
 */
import { PDFDocument, type PDFFont, rgb } from 'pdf-lib';
import { ROLES, type SignatureRole } from '../roles/index.js';
import type { SigningCapacity } from './capacity.js';
import type { CertificateInfo } from './cms/certificate.js';
import { addFormXObject } from './form-xobject.js';
import type { IncrementalUpdate } from './incremental/update.js';
import { cachedFontkit } from './parsed-font.js';
import { PdfDocument } from './reader/document.js';
import { decodeStream } from './reader/filters.js';
import { PdfDict, type PdfObject, PdfRef, PdfStream } from './reader/objects.js';
import { textWidth, wrapText } from './render/layout.js';

export interface StampOptions {
  /** TrueType font bytes with Vietnamese glyphs (DejaVu Sans). */
  font: Uint8Array;
  /** Offset of the time shown on the stamp, default +420 (Asia/Ho_Chi_Minh, UTC+7). */
  utcOffsetMinutes?: number;
}

export interface AppearanceContext {
  role: SignatureRole;
  certificate: CertificateInfo;
  time: Date;
  rect: number[];
  /** Set when the signer signs on someone's behalf (KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG). */
  capacity?: SigningCapacity;
}

export function stampTime(time: Date, offsetMinutes = 420): string {
  const t = new Date(time.getTime() + offsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const off = Math.abs(offsetMinutes);
  const zone = `GMT${sign}${off / 60}${off % 60 ? `:${p(off % 60)}` : ''}`;
  return `${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())} ngày ${p(t.getUTCDate())}/${p(
    t.getUTCMonth() + 1,
  )}/${t.getUTCFullYear()} (${zone})`;
}

/** The stamp's lines, in Vietnamese. */
export function stampLines(
  ctx: AppearanceContext,
  options: Pick<StampOptions, 'utcOffsetMinutes'> = {},
): string[] {
  const cert = ctx.certificate;
  const lines = [
    ...(ctx.capacity?.heading ?? []),
    `Ký bởi: ${cert.commonName}`,
    `Vai trò: ${ctx.capacity?.role ?? ROLES[ctx.role].label.vi}`,
  ];
  if (cert.organization) lines.push(`Đơn vị: ${cert.organization}`);
  lines.push(`Thời gian: ${stampTime(ctx.time, options.utcOffsetMinutes)}`);
  return lines;
}

/** A stamp laid out and saved once: the scratch page's content, its resources, its lines. */
interface StampTemplate {
  src: PdfDocument;
  resources: PdfObject | undefined;
  /** The page's decoded content stream(s), as latin1 text (PDF operators are ASCII). */
  content: string;
  font: PDFFont;
  size: number;
  lines: string[];
  widths: number[];
  /** Each line's glyph codes as the content stream shows them (`<…>`). */
  codes: string[];
  /** Glyph codes of the record lines met lately (the date line repeats all day). */
  encoded: Map<string, string>;
}

/** Shaping a line (fontkit layout) is most of a reused stamp's cost: a few lines are kept. */
const ENCODED_PER_TEMPLATE = 64;

function encodeLine(t: StampTemplate, line: string, i: number): string {
  // A line without digits is the template's own line (the caller checked): its codes as drawn.
  if (!/[0-9]/.test(line)) return t.codes[i]!;
  let code = t.encoded.get(line);
  if (code === undefined) {
    // Only digits differ, and all ten are in the subset: encoding adds no glyph.
    code = t.font.encodeText(line).toString();
    if (t.encoded.size >= ENCODED_PER_TEMPLATE) t.encoded.clear();
    t.encoded.set(line, code);
  }
  return code;
}

const DIGITS = /[0-9]/g;
const zeroDigits = (s: string) => s.replace(DIGITS, '0');

/** Templates per font bytes, by box and digit-free text; a few signers a batch, so kept small. */
const templates = new WeakMap<Uint8Array, Map<string, Promise<StampTemplate>>>();
const TEMPLATES_PER_FONT = 16;

function cachedTemplate(fontBytes: Uint8Array, w: number, h: number, text: string[]): Promise<StampTemplate> {
  let byKey = templates.get(fontBytes);
  if (!byKey) {
    byKey = new Map();
    templates.set(fontBytes, byKey);
  }
  const key = JSON.stringify([w, h, text]);
  let template = byKey.get(key);
  if (!template) {
    template = buildTemplate(fontBytes, w, h, text);
    // A failed build is not kept: the next record tries again and reports its own error.
    template.catch(() => byKey.delete(key));
    if (byKey.size >= TEMPLATES_PER_FONT) byKey.delete(byKey.keys().next().value as string);
    byKey.set(key, template);
  }
  return template;
}

async function buildTemplate(
  fontBytes: Uint8Array,
  w: number,
  h: number,
  text: string[],
): Promise<StampTemplate> {
  const scratch = await PDFDocument.create({ updateMetadata: false });
  scratch.registerFontkit(cachedFontkit);
  const font = await scratch.embedFont(fontBytes, { subset: true, customName: 'DejaVuSans' });
  // Every digit in the subset, so a record's own digits can replace the template's zeros.
  font.encodeText('0123456789');
  const page = scratch.addPage([w, h]);
  const color = rgb(0.05, 0.25, 0.6);
  page.drawRectangle({ x: 1, y: 1, width: w - 2, height: h - 2, borderColor: color, borderWidth: 1 });
  // Largest size (≤ 8 pt) at which every wrapped line fits the box.
  let size = 8;
  let lines: string[] = [];
  for (; size >= 4; size -= 0.5) {
    lines = text.flatMap((t) => wrapText(t, font, size, w - 8));
    if (lines.length * size * 1.25 <= h - 6) break;
  }
  const lh = size * 1.25;
  const top = (h + lines.length * lh) / 2;
  const widths = lines.map((line) => textWidth(font, line, size));
  lines.forEach((line, i) => {
    page.drawText(line, {
      x: Math.max(4, (w - widths[i]!) / 2),
      y: top - (i + 1) * lh + size * 0.25,
      size,
      font,
      color,
    });
  });
  const bytes = await scratch.save({ useObjectStreams: false });
  const src = new PdfDocument(bytes);
  const srcPage = src.pages()[0]!.dict;
  const contents = src.resolve(srcPage.get('Contents'));
  const streams = (Array.isArray(contents) ? contents.map((c) => src.resolve(c)) : [contents]) as PdfStream[];
  const content = streams.map((s) => `${latin1(decodeStream(s))}\n`).join('');
  return {
    src,
    resources: srcPage.get('Resources'),
    content,
    font,
    size,
    lines,
    widths,
    codes: lines.map((line) => font.encodeText(line).toString()),
    encoded: new Map(),
  };
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192)
    s += String.fromCharCode(...bytes.subarray(i, Math.min(i + 8192, bytes.length)));
  return s;
}

/**
 * The template's content with this record's lines in place of its zeroed ones, or undefined
 * when the record's lines do not wrap or measure exactly as the template's.
 */
function fillTemplate(t: StampTemplate, text: string[], w: number): string | undefined {
  const lines = text.flatMap((s) => wrapText(s, t.font, t.size, w - 8));
  if (lines.length !== t.lines.length) return undefined;
  let out = '';
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (zeroDigits(line) !== t.lines[i] || textWidth(t.font, line, t.size) !== t.widths[i]) return undefined;
    const found = t.content.indexOf(t.codes[i]!, at);
    if (found < 0) return undefined;
    out += t.content.slice(at, found) + encodeLine(t, line, i);
    at = found + t.codes[i]!.length;
  }
  return out + t.content.slice(at);
}

export async function buildAppearance(
  update: IncrementalUpdate,
  ctx: AppearanceContext,
  options: StampOptions,
): Promise<PdfRef | undefined> {
  const [x1, y1, x2, y2] = ctx.rect as [number, number, number, number];
  const w = Math.abs(x2 - x1);
  const h = Math.abs(y2 - y1);
  const text = stampLines(ctx, options);
  let template = await cachedTemplate(options.font, w, h, text.map(zeroDigits));
  let content = fillTemplate(template, text, w);
  if (content === undefined) {
    template = await buildTemplate(options.font, w, h, text);
    content = template.content;
  }
  const src = template.src;
  const copied = new Map<number, PdfRef>();
  const copy = (o: PdfObject | undefined): PdfObject => {
    if (o === undefined) return null;
    if (o instanceof PdfRef) {
      const done = copied.get(o.num);
      if (done) return done;
      const ref = update.allocate();
      copied.set(o.num, ref);
      update.set(ref, copy(src.getObject(o.num)));
      return ref;
    }
    if (Array.isArray(o)) return o.map(copy);
    if (o instanceof PdfDict) return new PdfDict([...o.entries()].map(([k, v]) => [k, copy(v)]));
    if (o instanceof PdfStream) return new PdfStream(copy(o.dict) as PdfDict, o.raw);
    return o;
  };
  const resources = copy(template.resources);
  const body = new Uint8Array(content.length);
  for (let i = 0; i < content.length; i++) body[i] = content.charCodeAt(i);
  // Stored as is: a few hundred bytes of operators, where a deflate per signed record cost
  // more than all the rest of the stamp (fflate sets up ≈ 170 KB of tables per call).
  return addFormXObject(update, w, h, body, resources);
}
