/**
 * Red team, session 7: a portal PDF the teacher signed, then changed by the portal (the record
 * or the page swapped after the teacher's check) must not reach the principal's PIN: the sign
 * window checks that the signatures already in the file still cover it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateClass } from '@hocba/shared/generator';
import { createSoftwareSigner, signPdf } from '@hocba/shared/pdf';
import { renderRecordPdf } from '@hocba/shared/pdf/render';
import type { HocBaRecord } from '@hocba/shared/record';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki } from '../../test/pki/index.mjs';
import type { SessionDocument } from '../src/background/sign-sessions.js';
import { dispositionOf, type Inspection, inspectDocument } from '../src/pages/sign/inspect.js';

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fonts = {
  regular: new Uint8Array(readFileSync(join(fontDir, 'DejaVuSans.ttf'))),
  bold: new Uint8Array(readFileSync(join(fontDir, 'DejaVuSans-Bold.ttf'))),
};
const record = generateClass({ seed: 19, grade: 5, size: 1, defectRate: 0 }).records[0] as HocBaRecord;
const latin = (b: Uint8Array) => Buffer.from(b).toString('latin1');

function pdfDoc(pdf: Uint8Array): [SessionDocument, { docId: string; pdfBase64: string }] {
  const y = record.years.at(-1);
  return [
    {
      docId: record.recordId,
      name: record.student.fullName,
      kind: 'pdf',
      bytes: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      portal: {
        name: record.student.fullName,
        studentId: record.recordId,
        className: y?.className,
        schoolYear: y?.schoolYear,
      },
    },
    { docId: record.recordId, pdfBase64: Buffer.from(pdf).toString('base64') },
  ];
}

/** An incremental update redefining the catalog with an /OpenAction (all else as it was). */
function catalogChanged(pdf: Uint8Array): Uint8Array {
  const text = latin(pdf);
  const root = [...text.matchAll(/\/Root (\d+) 0 R/g)].at(-1)?.[1];
  const defs = [...text.matchAll(new RegExp(`(?:^|\\s)${root} 0 obj\\s*(<<[\\s\\S]*?>>)\\s*endobj`, 'g'))];
  const catalog = defs.at(-1)?.[1] ?? '';
  expect(catalog).toContain('/Catalog');
  const prev = [...text.matchAll(/startxref\s+(\d+)/g)].at(-1)?.[1];
  const size = Math.max(...[...text.matchAll(/(\d+) 0 obj/g)].map((m) => Number(m[1]))) + 1;
  const at = text.length;
  const body = `${catalog.slice(0, -2)} /OpenAction << /S /JavaScript /JS (1) >> >>`;
  const obj = `${root} 0 obj\n${body}\nendobj\n`;
  const xref = `xref\n${root} 1\n${String(at).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${size} /Root ${root} 0 R /Prev ${prev} >>\nstartxref\n${at + obj.length}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(text + obj + xref, 'latin1'));
}

let signed: Uint8Array;
beforeAll(async () => {
  const pki = await makeTestPki(join(tmpdir(), `hocba-earlier-sig-pki-${process.pid}`));
  const signer = await createSoftwareSigner({
    privateKey: pki.signers.gvcn.keyPem,
    certificate: pki.signers.gvcn.certPem,
    chain: [pki.ca.certPem],
  });
  const pdf = (await renderRecordPdf(record, { fonts })).pdf;
  signed = (await signPdf(pdf, { role: 'gvcn', signer, stamp: { font: fonts.regular } })).pdf;
}, 60_000);

describe('the principal signs a PDF the teacher signed', { timeout: 30_000 }, () => {
  it('as the teacher signed it: sent (the certificate need not be trusted here)', async () => {
    const inspection = await inspectDocument(...pdfDoc(signed));
    expect(inspection.status).toBe('ok');
    expect(inspection.signedRoles).toEqual(['gvcn']);
    expect(dispositionOf(inspection, 'principal')).toBe('send');
  });

  it('changed by an update after the teacher signed: blocked, with the reason', async () => {
    const inspection: Inspection = await inspectDocument(...pdfDoc(catalogChanged(signed)));
    expect(inspection.status).toBe('invalid');
    expect(dispositionOf(inspection, 'principal')).toBe('blocked');
    expect(inspection.problem?.vi).toContain('Chữ ký đã có trong tệp');
    expect(inspection.problem?.en).toContain('no longer matches');
  });

  it('a byte the teacher signed altered in place: blocked', async () => {
    const bytes = signed.slice();
    const at = latin(bytes).indexOf('/Type /Pages');
    bytes[at + 1] = 0x74; // '/type': the signed bytes differ, the file still reads
    const inspection = await inspectDocument(...pdfDoc(bytes));
    expect(inspection.status).toBe('invalid');
    expect(dispositionOf(inspection, 'principal')).toBe('blocked');
  });
});
