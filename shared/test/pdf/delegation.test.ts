/**
 * The Thông tư 27 details in the PDF: the language of a language subject, the teacher's
 * reason for a lower rating, the re-assessment outcome, and a delegated approval shown as
 * "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG" in the block and on the visible stamp.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateClass } from '../../src/generator/index.js';
import { signingCapacity } from '../../src/pdf/capacity.js';
import { readCertificate } from '../../src/pdf/cms/certificate.js';
import { PdfDocument } from '../../src/pdf/reader/index.js';
import { renderRecordPdf } from '../../src/pdf/render/index.js';
import { signPdf } from '../../src/pdf/sign/index.js';
import type { Signer } from '../../src/pdf/signer.js';
import { stampLines } from '../../src/pdf/stamp.js';
import type { HocBaRecord } from '../../src/record/index.js';
import { dejavuFonts } from '../support/fonts.js';
import { setupPki } from '../support/pki.js';
import { signerFor } from '../support/signers.js';
import { writeTemp } from '../support/tools.js';

const fonts = dejavuFonts();
const OUT = resolve(import.meta.dirname, '../../../test-output/pdf');

function detailedRecord(): HocBaRecord {
  const record = structuredClone(generateClass({ seed: 3, grade: 3, size: 1, defectRate: 0 }).records[0]!);
  const year = record.years.at(-1)!;
  year.ratingReason =
    'Em nghỉ học dài ngày ở học kì II vì ốm; GVCN và tổ chuyên môn thống nhất mức Hoàn thành.';
  year.reassessment = { date: '2026-06-20', note: 'Kiểm tra bổ sung môn Toán.', result: 'completed' };
  year.subjects.push({
    code: 'tieng-dan-toc',
    level: 'T',
    score: 9,
    comment: 'Đọc, viết tốt.',
    language: 'Tiếng Khmer',
  });
  year.signatures.principal = {
    name: 'Trần Thị Thu',
    status: 'pending',
    delegation: { kind: 'KT', signerTitle: 'Phó hiệu trưởng', onBehalfOf: 'Nguyễn Văn An' },
  };
  return record;
}

let signers: Record<'gvcn' | 'principal', Signer>;
beforeAll(async () => {
  const pki = await setupPki();
  signers = {
    gvcn: await signerFor(pki, pki.signers.gvcn),
    principal: await signerFor(pki, pki.signers.principal),
  };
}, 120_000);

describe('Thông tư 27 details in the PDF', () => {
  it('prints the language, the rating reason, the re-assessment outcome and the KT. heading', {
    timeout: 60_000,
  }, async () => {
    const rendered = await renderRecordPdf(detailedRecord(), { fonts });
    mkdirSync(OUT, { recursive: true });
    const path = writeTemp(OUT, 'details.pdf', rendered.pdf);
    // One line per paragraph: the layout wraps long lines.
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(
      /\n\s+/g,
      '\n ',
    );
    expect(text).toContain('Ngoại ngữ 1 (Tiếng Anh)');
    expect(text).toContain('Tiếng dân tộc thiểu số'); // the label wraps in its cell:
    expect(text).toContain('(Tiếng Khmer)');
    expect(text).toMatch(/Lý do: Em nghỉ học dài ngày/);
    expect(text.replace(/\s+/g, ' ')).toContain('Kết quả: hoàn thành chương trình lớp học.');
    expect(text).toContain('KT. HIỆU TRƯỞNG');
    expect(text).toContain('PHÓ HIỆU TRƯỞNG');
    expect(text).toContain('Trần Thị Thu');
    // Without delegation the block keeps its usual heading.
    const plain = structuredClone(detailedRecord());
    plain.years.at(-1)!.signatures.principal = { name: null, status: 'pending' };
    const plainPath = writeTemp(OUT, 'details-plain.pdf', (await renderRecordPdf(plain, { fonts })).pdf);
    expect(execFileSync('pdftotext', ['-layout', plainPath, '-'], { encoding: 'utf8' })).not.toContain('KT.');
  });

  it('the stamp of a delegated approval says KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG, from the attached record', {
    timeout: 60_000,
  }, async () => {
    const rendered = await renderRecordPdf(detailedRecord(), { fonts });
    const doc = new PdfDocument(rendered.pdf);
    expect(signingCapacity(doc, 'gvcn')).toBeUndefined();
    const capacity = signingCapacity(doc, 'principal');
    expect(capacity).toEqual({
      heading: ['KT. HIỆU TRƯỞNG', 'PHÓ HIỆU TRƯỞNG'],
      role: 'Phó hiệu trưởng, ký thay Hiệu trưởng Nguyễn Văn An',
    });
    const certificate = readCertificate(signers.principal.certificate);
    const lines = stampLines({
      role: 'principal',
      certificate,
      time: new Date(),
      rect: [0, 0, 160, 72],
      capacity: capacity!,
    });
    expect(lines.slice(0, 2)).toEqual(['KT. HIỆU TRƯỞNG', 'PHÓ HIỆU TRƯỞNG']);
    expect(lines[3]).toBe('Vai trò: Phó hiệu trưởng, ký thay Hiệu trưởng Nguyễn Văn An');

    // Signed for real: the stamp is drawn; a screenshot of the block for review.
    let pdf = rendered.pdf;
    for (const role of ['gvcn', 'principal'] as const)
      pdf = (await signPdf(pdf, { role, signer: signers[role], stamp: { font: fonts.regular } })).pdf;
    mkdirSync(OUT, { recursive: true });
    const signed = writeTemp(OUT, 'details-signed.pdf', pdf);
    const pages = new PdfDocument(pdf).pages().length;
    execFileSync('pdftoppm', [
      '-r',
      '90',
      '-png',
      '-f',
      String(pages),
      '-l',
      String(pages),
      signed,
      join(OUT, 'delegation'),
    ]);
  });
});
