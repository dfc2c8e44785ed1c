import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { generateClass } from '../../src/generator/index.js';
import { readAttachedRecord } from '../../src/pdf/attach.js';
import { readSignatureFields } from '../../src/pdf/fields.js';
import {
  decodeStream,
  decodeText,
  PdfDocument,
  type PdfStream,
  type PdfString,
} from '../../src/pdf/reader/index.js';
import { renderRecordPdf } from '../../src/pdf/render/index.js';
import type { HocBaRecord } from '../../src/record/index.js';
import { parseRecord } from '../../src/record/index.js';
import { dejavuFonts } from '../support/fonts.js';
import { qpdfCheck, tempDir, writeTemp } from '../support/tools.js';

const fonts = dejavuFonts();
const OUT = resolve(import.meta.dirname, '../../../test-output/pdf');

function fiveYearRecord(): HocBaRecord {
  const cls = generateClass({ seed: 7, grade: 5, size: 2, defectRate: 0 });
  const record = structuredClone(cls.records[0]!);
  // A very long comment must wrap (and push the table onto a continuation page if needed).
  const long =
    'Em tiếp thu bài nhanh, trình bày sạch đẹp, tích cực phát biểu xây dựng bài; đọc lưu loát, diễn cảm, viết đúng chính tả, ' +
    'biết dùng từ đặt câu. Cần rèn thêm kĩ năng viết đoạn văn kể chuyện và miêu tả; khuyến khích đọc thêm sách ở thư viện. ';
  record.years[record.years.length - 1]!.subjects[0]!.comment = long.repeat(4).trim();
  return record;
}

describe('record → PDF', () => {
  it('renders a five-year record: pages, fields, attachment, XMP hash, qpdf clean, deterministic', {
    timeout: 60_000,
  }, async () => {
    const record = fiveYearRecord();
    expect(parseRecord(record).status).toBe('ok');
    const a = await renderRecordPdf(record, { fonts });
    const b = await renderRecordPdf(record, { fonts });
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
    expect(a.pageCount).toBeGreaterThanOrEqual(1 + record.years.length);

    const doc = new PdfDocument(a.pdf);
    const fields = readSignatureFields(doc);
    expect(fields.map((f) => [f.name, f.signed])).toEqual([
      ['HocBa_GVCN', false],
      ['HocBa_HieuTruong', false],
      ['HocBa_ConDau', false],
    ]);
    // Associated file: /AF → Filespec with AFRelationship /Data and the JSON bytes.
    const af = doc.resolve(doc.catalog().get('AF')) as unknown[];
    const spec = doc.resolveDict(af[0] as never)!;
    expect((spec.get('AFRelationship') as { name: string }).name).toBe('Data');
    const ef = doc.resolveDict(spec.get('EF'))!;
    const file = doc.resolve(ef.get('F')) as PdfStream;
    expect((file.dict.get('Subtype') as { name: string }).name).toBe('application/json');
    const json = decodeStream(file);
    expect(JSON.parse(new TextDecoder().decode(json))).toEqual(record);
    expect(readAttachedRecord(a.pdf)).toEqual(json);
    const xmp = new TextDecoder().decode((doc.resolve(doc.catalog().get('Metadata')) as PdfStream).raw);
    expect(xmp).toContain(`<hocba:recordSha256>${a.recordSha256}</hocba:recordSha256>`);
    const digest = Buffer.from(
      await crypto.subtle.digest('SHA-256', json as Uint8Array<ArrayBuffer>),
    ).toString('hex');
    expect(digest).toBe(a.recordSha256);
    const info = doc.resolveDict(doc.trailer.get('Info'))!;
    expect(decodeText(info.get('Title') as PdfString)).toContain(record.student.fullName);

    const dir = tempDir('render');
    const path = writeTemp(dir, 'record.pdf', a.pdf);
    expect(qpdfCheck(path).status).toBe(0);
    // Every diacritic is in the text layer as written (pdftotext reads the ToUnicode maps).
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    for (const s of [
      'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Những phẩm chất chủ yếu',
      'Xác nhận của Hiệu trưởng',
      record.student.fullName,
    ])
      expect(text).toContain(s);
    expect(text.replace(/\s+/g, ' ')).toContain('khuyến khích đọc thêm sách ở thư viện');
    // pdf-lib (another parser) opens it too.
    expect((await PDFDocument.load(a.pdf)).getPageCount()).toBe(a.pageCount);
  });

  it('writes PNG screenshots of every page for review (test-output/pdf)', { timeout: 60_000 }, async () => {
    const rendered = await renderRecordPdf(fiveYearRecord(), { fonts });
    mkdirSync(OUT, { recursive: true });
    // Only this test's files: other tests write their screenshots next to them.
    for (const f of readdirSync(OUT)) if (/^page-\d+\.png$/.test(f)) rmSync(join(OUT, f));
    const path = writeTemp(OUT, 'record.pdf', rendered.pdf);
    execFileSync('pdftoppm', ['-r', '60', '-png', path, join(OUT, 'page')]);
    const pngs = readdirSync(OUT).filter((f) => /^page-\d+\.png$/.test(f));
    expect(pngs).toHaveLength(rendered.pageCount);
  });
});
