import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { IncrementalUpdate } from '../../src/pdf/incremental/index.js';
import {
  decodeText,
  name,
  PdfDict,
  PdfDocument,
  type PdfRef,
  type PdfString,
  textString,
} from '../../src/pdf/reader/index.js';
import { qpdfCheck, tempDir, writeTemp } from '../support/tools.js';

async function samplePdf(useObjectStreams: boolean, pages = 2): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setTitle('Mẫu học bạ');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`Page ${i + 1}`, { x: 50, y: 800, font });
  return doc.save({ useObjectStreams });
}

describe('PDF reader', () => {
  for (const useObjectStreams of [false, true]) {
    it(`reads a pdf-lib file (useObjectStreams: ${useObjectStreams})`, async () => {
      const bytes = await samplePdf(useObjectStreams, 3);
      const doc = new PdfDocument(bytes);
      expect(doc.xrefIsStream).toBe(useObjectStreams);
      const pages = doc.pages();
      expect(pages).toHaveLength(3);
      expect(pages[0]!.dict.get('MediaBox')).toEqual([0, 0, 595, 842]);
      const info = doc.resolveDict(doc.trailer.get('Info'))!;
      expect(decodeText(info.get('Title') as PdfString)).toBe('Mẫu học bạ');
    });
  }

  it('refuses a file without startxref', () => {
    expect(() => new PdfDocument(new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'))).toThrow(
      /startxref/,
    );
  });

  it('refuses an xref that points at the wrong object', async () => {
    const bytes = await samplePdf(false, 1);
    const text = new TextDecoder('latin1').decode(bytes);
    // Swap the offsets of objects 1 and 2 in the table.
    const m = /xref\n0 (\d+)\n(.{20})(.{20})(.{20})/s.exec(text)!;
    const broken = text.replace(m[0], `xref\n0 ${m[1]}\n${m[2]}${m[4]}${m[3]}`);
    const doc = new PdfDocument(Uint8Array.from(broken, (c) => c.charCodeAt(0)));
    expect(() => doc.getObject(1)).toThrow(/instead of 1/);
  });
});

describe('incremental writer', () => {
  for (const useObjectStreams of [false, true]) {
    it(`appends a revision without touching earlier bytes (useObjectStreams: ${useObjectStreams})`, async () => {
      const original = await samplePdf(useObjectStreams, 2);
      const doc = new PdfDocument(original);
      const update = new IncrementalUpdate(doc);
      const infoRef = doc.trailer.get('Info') as PdfRef;
      const info = doc.resolveDict(infoRef)!.clone().set('Title', textString('Học bạ số — bản 2'));
      update.set(infoRef, info);
      const extra = update.add(new PdfDict([['Type', name('Test')]]));
      const catalog = doc.catalog().clone().set('HocbaTest', extra);
      update.set(doc.catalogRef, catalog);
      const out = update.build(new Uint8Array(16).fill(7));

      expect(out.subarray(0, original.length)).toEqual(original);
      const re = new PdfDocument(out);
      expect(re.xrefIsStream).toBe(useObjectStreams);
      expect(re.trailer.get('Prev')).toBe(doc.startxref);
      expect(decodeText(re.resolveDict(re.trailer.get('Info'))!.get('Title') as PdfString)).toBe(
        'Học bạ số — bản 2',
      );
      expect(re.resolveDict(re.catalog().get('HocbaTest'))!.get('Type')).toEqual(name('Test'));
      expect(re.pages()).toHaveLength(2);

      const dir = tempDir('reader');
      const check = qpdfCheck(writeTemp(dir, 'updated.pdf', out));
      expect(check.output).toContain('No syntax or stream encoding errors');
      expect(check.status).toBe(0);
      // pdf-lib (a different parser) reads the new revision too.
      const viaPdfLib = await PDFDocument.load(out, { updateMetadata: false });
      expect(viaPdfLib.getTitle()).toBe('Học bạ số — bản 2');
    });
  }
});
