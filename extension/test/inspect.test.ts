/**
 * The sign window's judgement of each document, before the PIN: read from the document itself
 * (record JSON, or the record inside the portal's PDF), compared with the portal row, checked
 * under Thông tư 27, and placed: sent, held for the signer, or listed apart.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { generateClass } from '@hocba/shared/generator';
import { renderRecordPdf } from '@hocba/shared/pdf/render';
import type { HocBaRecord } from '@hocba/shared/record';
import { describe, expect, it } from 'vitest';
import type { SessionDocument } from '../src/background/sign-sessions.js';
import { dispositionOf, documentName, inspectDocument, overriddenCodes } from '../src/pages/sign/inspect.js';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fonts = {
  regular: new Uint8Array(readFileSync(join(fontDir, 'DejaVuSans.ttf'))),
  bold: new Uint8Array(readFileSync(join(fontDir, 'DejaVuSans-Bold.ttf'))),
};

const records = generateClass({ seed: 11, grade: 4, size: 3, defectRate: 0 }).records as HocBaRecord[];
const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function rowOf(r: HocBaRecord) {
  const y = r.years.at(-1);
  return {
    name: r.student.fullName,
    studentId: r.recordId,
    className: y?.className,
    schoolYear: y?.schoolYear,
  };
}

function recordDoc(r: HocBaRecord, portal = rowOf(r)): [SessionDocument, { docId: string; record: unknown }] {
  const text = JSON.stringify(r);
  return [
    { docId: r.recordId, name: portal.name, kind: 'record', bytes: text.length, sha256: sha(text), portal },
    { docId: r.recordId, record: r },
  ];
}

function pdfDoc(r: HocBaRecord, pdf: Uint8Array): [SessionDocument, { docId: string; pdfBase64: string }] {
  return [
    {
      docId: r.recordId,
      name: r.student.fullName,
      kind: 'pdf',
      bytes: pdf.length,
      sha256: sha(pdf),
      portal: rowOf(r),
    },
    { docId: r.recordId, pdfBase64: b64(pdf) },
  ];
}

describe('inspecting a document before the PIN', () => {
  const first = records[0] as HocBaRecord;

  it('a complete record named by its row is sent by the GVCN; the principal waits for the GVCN', async () => {
    const i = await inspectDocument(...recordDoc(first));
    expect(i.status).toBe('ok');
    expect(i.differences).toEqual([]);
    expect(dispositionOf(i, 'gvcn')).toBe('send');
    expect(dispositionOf(i, 'principal')).toBe('waiting');
    expect(documentName(recordDoc(first)[0], i)).toContain(first.student.fullName);
  });

  it('a row that names another pupil is a mismatch, whatever the document says', async () => {
    const [doc, payload] = recordDoc(first, {
      ...rowOf(first),
      name: (records[1] as HocBaRecord).student.fullName,
    });
    const i = await inspectDocument(doc, payload);
    expect(i.differences.map((d) => d.field)).toEqual(['name']);
    expect(dispositionOf(i, 'gvcn')).toBe('mismatch');
    // The name shown and sent is the document's own, not the page's.
    expect(documentName(doc, i)).toContain(first.student.fullName);
  });

  it('a record with an error is held for the signer, with its rule codes to override', async () => {
    const broken = structuredClone(first);
    const toan = broken.years.at(-1)?.subjects.find((s) => s.code === 'toan');
    if (toan) toan.score = 0;
    const i = await inspectDocument(...recordDoc(broken));
    expect(dispositionOf(i, 'gvcn')).toBe('review');
    expect(overriddenCodes(i)).toEqual(['TT27-SCORE-INVALID']);
  });

  it('the record inside the portal PDF is read and checked; a PDF without one cannot pass silently', async () => {
    const withRecord = (await renderRecordPdf(first, { fonts })).pdf;
    const i = await inspectDocument(...pdfDoc(first, withRecord));
    expect(i.status).toBe('ok');
    expect(i.identity?.studentCode).toBe(first.student.studentCode);
    expect(dispositionOf(i, 'gvcn')).toBe('send');

    const bare = (await renderRecordPdf(first, { fonts, embedData: false })).pdf;
    const j = await inspectDocument(...pdfDoc(first, bare));
    expect(j.status).toBe('noRecord');
    expect(dispositionOf(j, 'gvcn')).toBe('review');
    expect(overriddenCodes(j)).toEqual(['UNCHECKED']);
  });

  it('bytes that changed since they were listed, garbage, or nothing at all are blocked', async () => {
    const [doc, payload] = recordDoc(first);
    const changed = await inspectDocument({ ...doc, sha256: sha('other') }, payload);
    expect(changed.status).toBe('changed');
    expect(dispositionOf(changed, 'gvcn')).toBe('blocked');

    const garbage = new TextEncoder().encode('%PDF-1.7 not really');
    const bad = await inspectDocument(...pdfDoc(first, garbage));
    expect(bad.status).toBe('unreadable');
    expect(dispositionOf(bad, 'gvcn')).toBe('blocked');

    expect(dispositionOf(await inspectDocument(doc, undefined), 'gvcn')).toBe('blocked');
  });
});
