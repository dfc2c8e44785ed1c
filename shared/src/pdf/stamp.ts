/**
 * The visible signature stamp drawn in the role's block: who signed, in which role, for
 * which organisation, and when (Vietnam time), in Vietnamese. pdf-lib lays the text out
 * with a subset font on a scratch page; the page's content and resources are then copied
 * into the signature's incremental update as the widget's Form XObject.
 */
import fontkit from '@pdf-lib/fontkit';
import { zlibSync } from 'fflate';
import { PDFDocument, rgb } from 'pdf-lib';
import { ROLES, type SignatureRole } from '../roles/index.js';
import type { SigningCapacity } from './capacity.js';
import type { CertificateInfo } from './cms/certificate.js';
import type { IncrementalUpdate } from './incremental/update.js';
import { PdfDocument } from './reader/document.js';
import { decodeStream } from './reader/filters.js';
import { name, PdfDict, type PdfObject, PdfRef, PdfStream } from './reader/objects.js';
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

export async function buildAppearance(
  update: IncrementalUpdate,
  ctx: AppearanceContext,
  options: StampOptions,
): Promise<PdfRef | undefined> {
  const [x1, y1, x2, y2] = ctx.rect as [number, number, number, number];
  const w = Math.abs(x2 - x1);
  const h = Math.abs(y2 - y1);
  const scratch = await PDFDocument.create({ updateMetadata: false });
  scratch.registerFontkit(fontkit);
  const font = await scratch.embedFont(options.font, { subset: true, customName: 'DejaVuSans' });
  const page = scratch.addPage([w, h]);
  const color = rgb(0.05, 0.25, 0.6);
  page.drawRectangle({ x: 1, y: 1, width: w - 2, height: h - 2, borderColor: color, borderWidth: 1 });
  // Largest size (≤ 8 pt) at which every wrapped line fits the box.
  const text = stampLines(ctx, options);
  let size = 8;
  let lines: string[] = [];
  for (; size >= 4; size -= 0.5) {
    lines = text.flatMap((t) => wrapText(t, font, size, w - 8));
    if (lines.length * size * 1.25 <= h - 6) break;
  }
  const lh = size * 1.25;
  const top = (h + lines.length * lh) / 2;
  lines.forEach((line, i) => {
    page.drawText(line, {
      x: Math.max(4, (w - textWidth(font, line, size)) / 2),
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
  const parts = streams.map((s) => decodeStream(s));
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  let pos = 0;
  for (const p of parts) {
    body.set(p, pos);
    body[pos + p.length] = 10;
    pos += p.length + 1;
  }
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
    if (o instanceof PdfDict) return new PdfDict([...o.map].map(([k, v]) => [k, copy(v)]));
    if (o instanceof PdfStream) return new PdfStream(copy(o.dict) as PdfDict, o.raw);
    return o;
  };
  const resources = copy(srcPage.get('Resources'));
  return update.add(
    new PdfStream(
      new PdfDict([
        ['Type', name('XObject')],
        ['Subtype', name('Form')],
        ['BBox', [0, 0, w, h]],
        ['Resources', resources],
        ['Filter', name('FlateDecode')],
      ]),
      zlibSync(body),
    ),
  );
}
