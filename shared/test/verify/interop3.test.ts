/**
 * Other signers' files, round three (fixtures/interop3, made by its make.sh; pyHanko's verdicts
 * in pyhanko.json and pdfsig's output in pdfsig.txt, since the tests run neither): files signed
 * by poppler's pdfsig, node-signpdf (@signpdf 3.3.0) and MuPDF's mutool, and signed files other
 * tools then changed (MuPDF incremental saves, mutool clean / qpdf rewrites, pyHanko addts and
 * ltvfix). Each disagreement with pyHanko is listed below with the clause that decides it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agreesWithPyhanko, openCorpus, type Verdict } from './corpus.js';

// pdfsig and node-forge stamp the signing time from the clock (2 December 2026): judged a month on.
const corpus = openCorpus('interop3', new Date('2027-01-01T00:00:00Z'));
const { verify } = corpus;
const SHA1 =
  "MuPDF 1.21's `mutool sign` hashes with SHA-1: the same judgement as pyHanko's (its AdES status INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE, EN 319 102-1 §5.2.8); its CLI's bottom line is only valid/invalid";
/** Where we differ from pyHanko's bottom line, with why. */
const DISAGREE: Record<string, { ours: Verdict; why: string }> = {
  'mutool-sign.pdf': { ours: 'indeterminate', why: SHA1 },
  'mutool-then-pdfsig.pdf': { ours: 'indeterminate', why: `${SHA1}; poppler's signature after it passes` },
  'pdfsig-then-mutool-sign.pdf': {
    ours: 'indeterminate',
    why: `${SHA1}; pyHanko also fails poppler's first signature because MuPDF set /SigFlags 3 in the AcroForm, which every signer sets (ISO 32000-1 §12.7.2 Table 219)`,
  },
  'pdfsig-second-signer.pdf': {
    ours: 'valid',
    why: "poppler signing the empty field ChuKyHT sets the widget's /M (modification date, ISO 32000-1 §12.5.2 Table 164) beside /V and /AP; pyHanko's policy allows only /V and /AP there. Filling an empty signature field is allowed after an approval signature (§12.8.2.2.1); pdfsig agrees",
  },
  'signpdf-plain-gov-ca.pdf': {
    ours: 'indeterminate',
    why: "node-forge writes the SignerInfo's issuer with its UTF-8 encoded twice, so it names no certificate in the file (RFC 5652 §5.3 sid, compared per RFC 5280 §7.1): no signer, so not decided (EN 319 102-1 NO_SIGNING_CERTIFICATE_FOUND is INDETERMINATE); pyHanko's AdES status is the same, pdfsig cannot validate it either",
  },
};

agreesWithPyhanko("round three: our verdict beside pyHanko's on every file", corpus, DISAGREE, 36, 30_000);

describe('what a receiving school is told about them', () => {
  it("poppler's raw UTF-8 field name and reason read as Vietnamese (pdfsig and pyHanko show mojibake / bytes)", async () => {
    const s = (await verify('pdfsig-reason-vi.pdf')).signatures[0];
    expect([s?.field, s?.reason, s?.status]).toEqual([
      'Chữ ký Hiệu trưởng',
      'Xác nhận học bạ lớp 5A – Hiệu trưởng Trần Văn Đức',
      'TOTAL_PASSED',
    ]);
    // pdfsig itself prints the field name as Latin-1 mojibake.
    const pdfsig = readFileSync(join(corpus.here, 'pdfsig.txt'), 'utf8');
    expect(pdfsig).toContain('Signature Field Name: Chá»¯ kÃ½');
  });

  it("@signpdf/placeholder-plain's UTF-16 written as UTF-8 reads as Vietnamese; pdf-lib's truncated bytes stay what they are", async () => {
    const plain = (await verify('signpdf-plain-vi.pdf')).signatures[0];
    expect([plain?.reason, plain?.location, plain?.signer?.name]).toEqual([
      'Xác nhận học bạ lớp 5A',
      'Cao Lãnh, Đồng Tháp',
      'Phạm Quốc Hưng',
    ]);
    // pdf-lib's PDFString keeps only the low byte of ậ, ọ, ạ, ớ, Đ: nothing to recover; the
    // signer's name comes from the certificate, not from /Name.
    const pdflib = (await verify('signpdf-pdflib.pdf')).signatures[0];
    expect([pdflib?.status, pdflib?.signer?.name, pdflib?.reason?.startsWith('Xác nh')]).toEqual([
      'TOTAL_PASSED',
      'Phạm Quốc Hưng',
      true,
    ]);
  });

  it("poppler's ECDSA signature DER-encoded shorter than its estimate: the file is not what it hashed (pdfsig too says Digest Mismatch)", async () => {
    const good = (await verify('pdfsig-ecdsa-p256.pdf')).signatures[0];
    expect([good?.status, good?.integrity.signatureAlgorithm]).toEqual([
      'TOTAL_PASSED',
      'ECDSA SHA-256 P-256',
    ]);
    const short = await verify('pdfsig-ecdsa-p256-short-sig.pdf');
    expect([short.verdict, short.signatures[0]?.subIndication]).toEqual(['invalid', 'HASH_FAILURE']);
  });

  it('a second signer in an empty field by poppler, by pyHanko, by MuPDF (SHA-1): the first signature still passes', async () => {
    for (const name of [
      'pdfsig-second-signer.pdf',
      'pdfsig-then-pyhanko.pdf',
      'pdfsig-then-mutool-sign.pdf',
    ]) {
      const [first] = (await verify(name)).signatures;
      const changes = first?.modifications.changes ?? [];
      expect([name, first?.status, changes.every((c) => c.verdict === 'ALLOWED')]).toEqual([
        name,
        'TOTAL_PASSED',
        true,
      ]);
      expect(changes.map((c) => c.kind)).toContain('SIGNATURE');
    }
    const mutool = (await verify('pdfsig-then-mutool-sign.pdf')).signatures[1];
    expect([mutool?.integrity.status, mutool?.integrity.digestAlgorithm, mutool?.subIndication]).toEqual([
      'INTACT',
      'SHA-1',
      'CRYPTO_CONSTRAINTS_FAILURE',
    ]);
  });

  it('MuPDF saving incrementally: nothing changed or the text field filled passes; a sticky note does not', async () => {
    expect((await verify('pdfsig-then-mutool-save.pdf')).verdict).toBe('valid');
    expect((await verify('pdfsig-then-mutool-fill.pdf')).verdict).toBe('valid');
    const note = await verify('pdfsig-then-mutool-annot.pdf');
    expect([note.verdict, note.signatures[0]?.subIndication]).toEqual(['invalid', 'MODIFIED_AFTER_SIGNING']);
    expect(note.reason.vi).toContain('thêm chú thích loại /Text');
  });

  it("poppler on an AES-256 file (owner password only) and on an xref-stream file; MuPDF's update in the same encryption", async () => {
    for (const name of ['pdfsig-enc-aes-256.pdf', 'pdfsig-objstm.pdf', 'pdfsig-enc-then-mutool-fill.pdf']) {
      const r = await verify(name);
      expect([name, r.verdict, r.signatures.map((s) => [s.field, s.status, s.signer?.name])]).toEqual([
        name,
        'valid',
        [['ChuKyGVCN', 'TOTAL_PASSED', 'Nguyễn Thị Ngọc Ánh']],
      ]);
    }
    const filled = await verify('pdfsig-enc-then-mutool-fill.pdf');
    expect(filled.warnings?.map((w) => w.code)).toContain('FORM_FILLED');
    const note = await verify('pdfsig-enc-then-mutool-annot.pdf');
    expect([note.verdict, note.signatures[0]?.subIndication]).toEqual(['invalid', 'MODIFIED_AFTER_SIGNING']);
  });

  it('rewritten whole (mutool clean, qpdf, qpdf with object streams, pdf-lib): the signature no longer fits the file', async () => {
    for (const name of [
      'pdfsig-then-mutool-clean.pdf',
      'pdfsig-then-qpdf-rewrite.pdf',
      'pdfsig-then-qpdf-objstm.pdf',
      'signpdf-pdflib-over-signed.pdf',
    ]) {
      const r = await verify(name);
      expect([name, r.verdict, r.signatures[0]?.field, r.signatures[0]?.subIndication]).toEqual([
        name,
        'invalid',
        'ChuKyGVCN',
        'FORMAT_FAILURE',
      ]);
    }
  });

  it('pyHanko after poppler: a document time-stamp and ltvfix are allowed updates', async () => {
    const ts = await verify('pdfsig-then-doc-ts.pdf');
    expect(ts.signatures.map((s) => [s.kind, s.status])).toEqual([
      ['SIGNATURE', 'TOTAL_PASSED'],
      ['DOCUMENT_TIMESTAMP', 'TOTAL_PASSED'],
    ]);
    expect((await verify('pdfsig-then-ltvfix.pdf')).verdict).toBe('valid');
  });

  it("node-signpdf's own shapes pass: plain (appended update), ETSI, a second signature, pdf-lib (rewritten whole, object streams)", async () => {
    for (const name of [
      'signpdf-plain.pdf',
      'signpdf-plain-etsi.pdf',
      'signpdf-plain-second.pdf',
      'signpdf-pdflib-visible.pdf',
      'signpdf-pdflib-objstm-etsi.pdf',
    ]) {
      const r = await verify(name);
      expect([name, r.verdict, r.signatures.map((s) => s.status)]).toEqual([
        name,
        'valid',
        r.signatures.map(() => 'TOTAL_PASSED'),
      ]);
    }
  });

  it('placeholder-plain on a form with an indirect /Annots: a mangled file, told as such, never valid', async () => {
    const r = await verify('signpdf-plain-on-form.pdf');
    expect(r.verdict).toBe('invalid');
    expect(r.problems.map((p) => p.code)).toEqual(['PDF_SYNTAX', 'PDF_SYNTAX', 'NO_SIGNATURES']);
    // Not "no signature": a damaged file, said so.
    expect(r.reason.vi).toBe(
      'Không đọc được chữ ký số nào: cấu trúc tệp PDF bị hỏng (lỗi cú pháp), có thể do một công cụ đã sửa tệp sai cách.',
    );
    const after = await verify('signpdf-plain-after-pdfsig.pdf');
    expect([after.verdict, after.signatures[0]?.subIndication]).toEqual(['invalid', 'FORMAT_FAILURE']);
  });

  it('a node-forge SignerInfo naming a Vietnamese CA twice-encoded: no signer found, said so', async () => {
    const r = await verify('signpdf-plain-gov-ca.pdf');
    expect([r.verdict, r.signatures[0]?.subIndication]).toEqual([
      'indeterminate',
      'NO_SIGNING_CERTIFICATE_FOUND',
    ]);
    // The certificate is in the file: the signing software named it wrongly, said so.
    expect(r.signatures[0]?.integrity.signerMisnamed).toBe(true);
    expect(r.reason.vi).toBe(
      'Chữ ký ở ô chữ ký "Signature1" ghi sai tên đơn vị cấp chứng thư số của người ký (lỗi của phần mềm ký, hay gặp khi tên đơn vị cấp có dấu tiếng Việt), nên không xác định được người ký. Đề nghị nơi gửi ký lại bằng phần mềm ký khác.',
    );
  });
});
