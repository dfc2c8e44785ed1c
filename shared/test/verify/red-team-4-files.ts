/**
 * Attack files of the fourth red-team round: an incremental update written as a
 * cross-reference stream whose objects sit in an object stream (what Mainka et al.'s shadow
 * attacks use to stay out of a classic table), and a base record whose page draws through
 * a font with its own descriptor, font file and /ToUnicode, resources inherited from
 * /Pages and a form XObject, so each can be swapped after signing.
 */
import { zlibSync } from 'fflate';
import type { PdfObjectSource } from './pdf-fixtures.js';

const enc = new TextEncoder();
const latin = (b: Uint8Array) => Buffer.from(b).toString('latin1');

function lastStartxref(pdf: Uint8Array): number {
  const all = [...latin(pdf).matchAll(/startxref\s+(\d+)/g)];
  return Number(all[all.length - 1]?.[1] ?? 0);
}

function maxObjNum(pdf: Uint8Array): number {
  let max = 0;
  for (const m of latin(pdf).matchAll(/(\d+)\s+\d+\s+obj\b/g)) max = Math.max(max, Number(m[1]));
  return max;
}

export interface XrefStreamUpdate {
  /** Objects written plainly in the update (`N 0 obj`). */
  direct?: PdfObjectSource[];
  /** Objects packed into one object stream (no `N 0 obj` header of their own). */
  packed?: { num: number; body: string }[];
  /** Extra trailer entries of the xref stream's dictionary. */
  trailer?: string;
  /** Where /Prev points (default: the last startxref). */
  prev?: number;
  /** Entries to write as-is: [object number, type, field 2, field 3] (override the computed ones). */
  entries?: [number, number, number, number][];
}

/** Appends an update whose cross-reference is a stream (PDF 1.5), packing objects in an /ObjStm. */
export function appendXrefStreamUpdate(pdf: Uint8Array, u: XrefStreamUpdate, root = '1 0 R'): Uint8Array {
  const parts: Uint8Array[] = [pdf];
  let pos = pdf.length;
  const push = (b: Uint8Array) => {
    parts.push(b);
    pos += b.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a) push(enc.encode('\n'));
  const entries = new Map<number, [number, number, number]>();
  let next =
    Math.max(maxObjNum(pdf), ...(u.direct ?? []).map((o) => o.num), ...(u.packed ?? []).map((o) => o.num)) +
    1;
  for (const o of u.direct ?? []) {
    entries.set(o.num, [1, pos, 0]);
    const body = typeof o.body === 'string' ? Buffer.from(o.body, 'latin1') : o.body;
    push(new Uint8Array(Buffer.concat([enc.encode(`${o.num} 0 obj\n`), body, enc.encode('\nendobj\n')])));
  }
  if (u.packed?.length) {
    const stmNum = next++;
    let header = '';
    let body = '';
    u.packed.forEach((o, i) => {
      header += `${o.num} ${body.length} `;
      body += `${o.body}\n`;
      entries.set(o.num, [2, stmNum, i]);
    });
    const data = enc.encode(header + body);
    entries.set(stmNum, [1, pos, 0]);
    push(
      new Uint8Array(
        Buffer.concat([
          enc.encode(
            `${stmNum} 0 obj\n<< /Type /ObjStm /N ${u.packed.length} /First ${header.length} /Length ${data.length} >>\nstream\n`,
          ),
          data,
          enc.encode('\nendstream\nendobj\n'),
        ]),
      ),
    );
  }
  const xrefNum = next++;
  entries.set(xrefNum, [1, pos, 0]);
  for (const [n, t, a, b] of u.entries ?? []) entries.set(n, [t, a, b]);
  const nums = [...entries.keys()].sort((a, b) => a - b);
  const rows = nums.map((n) => {
    const [t, a, b] = entries.get(n) as [number, number, number];
    return [t, (a >>> 24) & 255, (a >>> 16) & 255, (a >>> 8) & 255, a & 255, (b >>> 8) & 255, b & 255];
  });
  const raw = zlibSync(new Uint8Array(rows.flat()));
  const index = nums.map((n) => `${n} 1`).join(' ');
  const xrefAt = pos;
  push(
    new Uint8Array(
      Buffer.concat([
        enc.encode(
          `${xrefNum} 0 obj\n<< /Type /XRef /Size ${next} /Root ${root} /Prev ${u.prev ?? lastStartxref(pdf)} /Index [${index}] /W [1 4 2] /Filter /FlateDecode /Length ${raw.length}${u.trailer ?? ''} >>\nstream\n`,
        ),
        raw,
        enc.encode(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`),
      ]),
    ),
  );
  return new Uint8Array(Buffer.concat(parts));
}

/** A content stream object. */
export const stream = (content: string, dict = '') =>
  `<< /Length ${content.length}${dict} >>\nstream\n${content}\nendstream`;

/**
 * The record page, drawn the long way round: /Resources on the /Pages node (inherited), the
 * font 5 with a descriptor 10, a /FontFile2 11 and a /ToUnicode 12, and a form XObject 13
 * named /Fm1 that draws the grade. Fields 7-9 are the three empty signature fields.
 */
export function layeredBasePdf(): Uint8Array {
  const content =
    'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A) Tj ET q 1 0 0 1 50 700 cm /Fm1 Do Q';
  const form = 'BT /F1 12 Tf 0 0 Td (Toan 9 diem) Tj ET';
  const objs: PdfObjectSource[] = [
    { num: 1, body: '<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R >>' },
    {
      num: 2,
      body: '<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 13 0 R >> >> >>',
    },
    {
      num: 3,
      body: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots [7 0 R 8 0 R 9 0 R] >>',
    },
    { num: 4, body: stream(content) },
    {
      num: 5,
      body: '<< /Type /Font /Subtype /TrueType /BaseFont /Arial /FirstChar 32 /LastChar 126 /Widths 14 0 R /FontDescriptor 10 0 R /ToUnicode 12 0 R >>',
    },
    { num: 6, body: '<< /Fields [7 0 R 8 0 R 9 0 R] /SigFlags 3 >>' },
    ...[7, 8, 9].map((num, i) => ({
      num,
      body: `<< /FT /Sig /T (hocba.${['gvcn', 'principal', 'seal'][i]}) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R >>`,
    })),
    {
      num: 10,
      body: '<< /Type /FontDescriptor /FontName /Arial /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 11 0 R >>',
    },
    { num: 11, body: stream('TRUETYPE-BYTES-A', ' /Length1 16') },
    { num: 12, body: stream('/CIDInit /ProcSet findresource begin 12 dict begin begincmap endcmap end end') },
    { num: 13, body: stream(form, ' /Type /XObject /Subtype /Form /BBox [0 0 200 20]') },
    { num: 14, body: `[${Array(95).fill(500).join(' ')}]` },
  ];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets = new Map<number, number>();
  for (const o of objs) {
    offsets.set(o.num, out.length);
    out += `${o.num} 0 obj\n${o.body}\nendobj\n`;
  }
  const xrefAt = out.length;
  const size = Math.max(...objs.map((o) => o.num)) + 1;
  let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let n = 1; n < size; n++) xref += `${String(offsets.get(n)).padStart(10, '0')} 00000 n \n`;
  out += `${xref}trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
