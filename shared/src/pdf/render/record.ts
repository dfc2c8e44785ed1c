/**
 * A học bạ record rendered as the Thông tư 27 paper form: identity page with quá trình học
 * tập, then one page (or more) per school year, with signature blocks whose fields the
 * signers fill later. Runs in browsers and Node: fonts come in as bytes.
 *
 * The pages are drawn by ./record/: identity-page.ts, year-page.ts and signature-blocks.ts
 * (the blocks and the signature fields).
 */
import { PDFDocument, PDFHexString, type PDFPage, rgb } from 'pdf-lib';
import type { HocBaRecord } from '../../record/index.js';
import { sha256 } from '../cms/der.js';
import { hex } from '../incremental/serialize.js';
import { cachedFontkit } from '../parsed-font.js';
import { attachRecordJson, setXmpMetadata } from './embed.js';
import { A4, drawTextLine, Flow, type Fonts, MARGIN } from './layout.js';
import { identityPage } from './record/identity-page.js';
import { addSignatureFields, type SignatureFieldPlaces } from './record/signature-blocks.js';
import { yearPages } from './record/year-page.js';

export { blockHeading } from './record/signature-blocks.js';

export interface RenderRecordOptions {
  /** TrueType bytes with every Vietnamese glyph (DejaVu Sans and DejaVu Sans Bold). */
  fonts: { regular: Uint8Array; bold: Uint8Array };
  /** Date written to the metadata (default: 31 May of the last school year: deterministic). */
  date?: Date;
  /** Attach the record JSON as an associated file (default true). */
  embedData?: boolean;
}

export interface RenderedRecordPdf {
  pdf: Uint8Array;
  /** The exact bytes attached as hocba-record.json. */
  recordJson: Uint8Array;
  /** Lower-case hex SHA-256 of `recordJson` (also in the XMP metadata). */
  recordSha256: string;
  pageCount: number;
  /** Where each role's signature field sits (page index from 0, rect in points). */
  signatureFields: SignatureFieldPlaces;
}

export const PRODUCER = 'Học bạ số (hocba-so)';

function defaultDate(record: HocBaRecord): Date {
  const last = record.years[record.years.length - 1];
  const end = Number(/(\d{4})\D*$/.exec(last?.schoolYear ?? '')?.[1] ?? 2000);
  return new Date(Date.UTC(end, 4, 31, 0, 0, 0));
}

function footer(fonts: Fonts, record: HocBaRecord) {
  return (page: PDFPage, n: number) => {
    const text = `Học bạ số · ${record.student.fullName} · Mã học bạ ${record.recordId} · Trang ${n}`;
    drawTextLine(page, text, {
      x: MARGIN.left,
      y: MARGIN.bottom - 16,
      size: 7.5,
      font: fonts.regular,
      color: rgb(0.35, 0.35, 0.35),
    });
    page.drawLine({
      start: { x: MARGIN.left, y: MARGIN.bottom - 4 },
      end: { x: A4[0] - MARGIN.right, y: MARGIN.bottom - 4 },
      thickness: 0.4,
      color: rgb(0.6, 0.6, 0.6),
    });
  };
}

/** Canonical JSON: the record as parsed, keys in schema order, UTF-8, no whitespace. */
export function recordJsonBytes(record: HocBaRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(record));
}

export async function renderRecordPdf(
  record: HocBaRecord,
  options: RenderRecordOptions,
): Promise<RenderedRecordPdf> {
  const date = options.date ?? defaultDate(record);
  const doc = await PDFDocument.create({ updateMetadata: false });
  // DejaVu's tables parsed once per process, not once per record (as for the stamp).
  doc.registerFontkit(cachedFontkit);
  const fonts: Fonts = {
    regular: await doc.embedFont(options.fonts.regular, { subset: true, customName: 'DejaVuSans' }),
    bold: await doc.embedFont(options.fonts.bold, { subset: true, customName: 'DejaVuSans-Bold' }),
  };
  const title = `Học bạ tiểu học · ${record.student.fullName}`;
  doc.setTitle(title);
  doc.setAuthor(record.school.name);
  doc.setSubject(`Mã học bạ ${record.recordId}`);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setLanguage('vi-VN');
  doc.setCreationDate(date);
  doc.setModificationDate(date);

  const flow = new Flow(doc, fonts, footer(fonts, record));
  identityPage(flow, record);
  const fields: Partial<SignatureFieldPlaces> = {};
  record.years.forEach((y, i) => {
    yearPages(flow, record, y, i === record.years.length - 1, fields);
  });
  const signatureFields = fields as SignatureFieldPlaces;
  addSignatureFields(doc, signatureFields);

  const recordJson = recordJsonBytes(record);
  const recordSha256 = hex(await sha256(recordJson)).toLowerCase();
  if (options.embedData ?? true)
    attachRecordJson(doc, recordJson, date, `Dữ liệu học bạ (hocba-tieuhoc v1), SHA-256 ${recordSha256}`);
  setXmpMetadata(doc, {
    title,
    author: record.school.name,
    date,
    recordId: record.recordId,
    recordSha256,
    producer: PRODUCER,
  });
  // A fixed /ID from the content keeps output identical for identical input.
  const id = PDFHexString.of(recordSha256.slice(0, 32));
  doc.context.trailerInfo.ID = doc.context.obj([id, id]);
  const pdf = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  return { pdf, recordJson, recordSha256, pageCount: doc.getPageCount(), signatureFields };
}
