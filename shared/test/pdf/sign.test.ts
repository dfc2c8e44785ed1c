import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { childrenOf, OID, oidOf, readDer } from '../../src/asn1/index.js';
import { attachRecordToPdf, readAttachedRecord } from '../../src/pdf/attach.js';
import { readCertificate } from '../../src/pdf/cms/certificate.js';
import { addLtv } from '../../src/pdf/dss/index.js';
import { readSignatureFields } from '../../src/pdf/fields.js';
import { decodeStream, PdfDocument, type PdfStream } from '../../src/pdf/reader/index.js';
import { finishPdfSignature, preparePdfSignature, signPdf } from '../../src/pdf/sign/index.js';
import type { Signer } from '../../src/pdf/signer.js';
import { pkiWithOcsp, type TestPki } from '../support/pki.js';
import type { RunningServer } from '../support/servers.js';
import { signerFor } from '../support/signers.js';
import { makeNssDb, pdfsig, pdfsigBlocks, qpdfCheck, tempDir, writeTemp } from '../support/tools.js';
import { basePdf } from '../verify/pdf-fixtures.js';

async function portalPdf(useObjectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date('2026-05-20T00:00:00Z'));
  doc.setModificationDate(new Date('2026-05-20T00:00:00Z'));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('Hoc ba - portal export', { x: 50, y: 800, font });
  doc.addPage([595, 842]).drawText('Page 2', { x: 50, y: 800, font });
  return doc.save({ useObjectStreams });
}

let pki: TestPki;
let nss: string;
let dir: string;
const signers: Record<string, Signer> = {};
let ocsp: RunningServer;

beforeAll(async () => {
  // pdfsig asks the OCSP responder named in the certificates; without one it reports
  // "Unknown issue with Certificate".
  ({ pki, ocsp } = await pkiWithOcsp());
  dir = tempDir('sign');
  nss = makeNssDb(tempDir('nss'), pki.root.certPath);
  for (const k of ['gvcn', 'principal', 'seal', 'ecdsa', 'expired', 'noSigningUsage'] as const)
    signers[k] = await signerFor(pki, pki.signers[k]);
  return () => ocsp.close();
}, 120_000);

function check(pdf: Uint8Array, fileName: string) {
  const path = writeTemp(dir, fileName, pdf);
  const q = qpdfCheck(path);
  expect(q.output).toContain('No syntax or stream encoding errors');
  expect(q.status).toBe(0);
  const out = pdfsig(path, nss);
  return { path, out, blocks: pdfsigBlocks(out) };
}

describe('PAdES B-B signing', () => {
  for (const [label, key, algorithm] of [
    ['RSA PKCS#1 v1.5', 'gvcn', 'rsa-pkcs1-sha256'],
    ['RSA-PSS', 'gvcn', 'rsa-pss-sha256'],
    ['ECDSA P-256', 'ecdsa', 'ecdsa-p256-sha256'],
  ] as const) {
    it(`signs with ${label}; pdfsig says valid and trusted`, async () => {
      const res = await signPdf(await portalPdf(false), {
        role: 'gvcn',
        signer: signers[key]!,
        algorithm,
        time: new Date(),
      });
      expect(res.algorithm).toBe(algorithm);
      const { out, blocks } = check(res.pdf, `bb-${algorithm}.pdf`);
      expect(blocks).toHaveLength(1);
      expect(blocks[0]).toContain('Signature Validation: Signature is Valid.');
      expect(blocks[0]).toContain('Certificate Validation: Certificate is Trusted.');
      expect(blocks[0]).toContain('Signature Type: ETSI.CAdES.detached');
      expect(blocks[0]).toContain('Total document signed');
      expect(out).not.toContain('Not total document signed');
    });
  }

  it('keeps the original bytes and carries the CMS attributes PAdES needs', async () => {
    const original = await portalPdf(true);
    const time = new Date(Math.floor(Date.now() / 1000) * 1000);
    const res = await signPdf(original, { role: 'gvcn', signer: signers['gvcn']!, time: new Date() });
    expect(res.pdf.subarray(0, original.length)).toEqual(original);
    const prepared = await preparePdfSignature(original, { role: 'gvcn', signer: signers['gvcn']!, time });
    const text = new TextDecoder('latin1').decode(prepared.pdf.subarray(original.length));
    expect(text).toContain('/SubFilter /ETSI.CAdES.detached');
    const m = `D:${time.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
    const mHex = Array.from(m, (ch) => ch.charCodeAt(0).toString(16).toUpperCase()).join('');
    expect(text).toContain(`/M <${mHex}>`);
    const attrs = childrenOf(readDer(prepared.signedAttributes)).map((a) => oidOf(childrenOf(a)[0]));
    expect(attrs.sort()).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort());
    expect(attrs).not.toContain(OID.signingTime);
    // The ByteRange covers everything but the hole, the hole is exactly the /Contents string.
    const [a, b, c, d] = prepared.byteRange;
    expect(a).toBe(0);
    expect(c + d).toBe(prepared.pdf.length);
    expect(prepared.pdf[b]).toBe(0x3c);
    expect(prepared.pdf[c - 1]).toBe(0x3e);
    // The xref stream format of the original is kept in the update.
    expect(new PdfDocument(res.pdf).xrefIsStream).toBe(true);
  });

  it('signs three roles in order; all three valid, the last covers the whole file and locks it', async () => {
    let pdf = await portalPdf(true);
    const revisions: number[] = [];
    for (const role of ['gvcn', 'principal', 'seal'] as const) {
      pdf = (await signPdf(pdf, { role, signer: signers[role]! })).pdf;
      revisions.push(pdf.length);
    }
    const { blocks } = check(pdf, 'three.pdf');
    expect(blocks).toHaveLength(3);
    for (const b of blocks) {
      expect(b).toContain('Signature Validation: Signature is Valid.');
      expect(b).toContain('Certificate Validation: Certificate is Trusted.');
    }
    expect(blocks[0]).toContain(`Signed Ranges: [0 - `);
    expect(blocks[2]).toContain('Total document signed');
    expect(blocks[0]).toContain('Not total document signed');
    const fields = readSignatureFields(new PdfDocument(pdf));
    expect(fields.map((f) => [f.name, f.signed, f.locks])).toEqual([
      ['HocBa_GVCN', true, false],
      ['HocBa_HieuTruong', true, false],
      ['HocBa_ConDau', true, true],
    ]);
    await expect(signPdf(pdf, { role: 'seal', signer: signers['seal']! })).rejects.toMatchObject({
      code: 'PDF_LOCKED',
    });
  });

  it('signs on in a file laid out with the legacy field names (hocba.gvcn...): fills those fields, keeps the order', async () => {
    // Records rendered before the rename carry /T (hocba.gvcn) etc.; they must still take the next signatures.
    const legacy = basePdf();
    await expect(signPdf(legacy, { role: 'principal', signer: signers['principal']! })).rejects.toMatchObject(
      {
        code: 'PDF_ROLE_OUT_OF_ORDER',
      },
    );
    let pdf = legacy;
    for (const role of ['gvcn', 'principal'] as const)
      pdf = (await signPdf(pdf, { role, signer: signers[role]! })).pdf;
    const fields = readSignatureFields(new PdfDocument(pdf));
    expect(fields.map((f) => [f.name, f.signed])).toEqual([
      ['hocba.gvcn', true],
      ['hocba.principal', true],
      ['hocba.seal', false],
    ]);
  });

  it('refuses roles out of order, twice, or after a later role', async () => {
    const pdf = await portalPdf(false);
    await expect(signPdf(pdf, { role: 'principal', signer: signers['principal']! })).rejects.toMatchObject({
      code: 'PDF_ROLE_OUT_OF_ORDER',
      vi: 'Hiệu trưởng chưa thể ký: cần chữ ký của Giáo viên chủ nhiệm trước',
    });
    const one = (await signPdf(pdf, { role: 'gvcn', signer: signers['gvcn']! })).pdf;
    await expect(signPdf(one, { role: 'gvcn', signer: signers['gvcn']! })).rejects.toMatchObject({
      code: 'PDF_ROLE_ALREADY_SIGNED',
    });
    const sealFirst = (
      await signPdf(pdf, { role: 'seal', signer: signers['seal']!, enforceOrder: false, lock: false })
    ).pdf;
    await expect(signPdf(sealFirst, { role: 'gvcn', signer: signers['gvcn']! })).rejects.toMatchObject({
      code: 'PDF_ROLE_AFTER_LATER',
    });
  });

  it('checks the certificate before signing', async () => {
    const pdf = await portalPdf(false);
    await expect(signPdf(pdf, { role: 'gvcn', signer: signers['expired']! })).rejects.toMatchObject({
      code: 'PDF_CERT_EXPIRED',
    });
    await expect(signPdf(pdf, { role: 'gvcn', signer: signers['noSigningUsage']! })).rejects.toMatchObject({
      code: 'PDF_CERT_KEY_USAGE',
    });
    const noChain = await signerFor(pki, pki.signers.gvcn, { withChain: false });
    await expect(signPdf(pdf, { role: 'gvcn', signer: noChain })).rejects.toMatchObject({
      code: 'PDF_CERT_NO_CHAIN',
    });
    const gvcn = readCertificate(signers['gvcn']!.certificate);
    await expect(
      signPdf(pdf, {
        role: 'gvcn',
        signer: signers['gvcn']!,
        time: new Date(gvcn.notBefore.getTime() - 86_400_000),
      }),
    ).rejects.toMatchObject({ code: 'PDF_CERT_NOT_YET_VALID' });
  });

  it('prepares many documents, then signs them all with the key (one login)', async () => {
    const docs = await Promise.all([portalPdf(false), portalPdf(true), portalPdf(false)]);
    const prepared = await Promise.all(
      docs.map((d) => preparePdfSignature(d, { role: 'gvcn', signer: signers['gvcn']! })),
    );
    const signed: Uint8Array[] = [];
    for (const p of prepared)
      signed.push(await finishPdfSignature(p, await signers['gvcn']!.sign(p.signedAttributes, p.algorithm)));
    signed.forEach((pdf, i) => {
      const { blocks } = check(pdf, `batch-${i}.pdf`);
      expect(blocks[0]).toContain('Signature Validation: Signature is Valid.');
    });
  });

  it('refuses a CMS larger than the reserved space', async () => {
    const p = await preparePdfSignature(await portalPdf(false), {
      role: 'gvcn',
      signer: signers['gvcn']!,
      reservedBytes: 512,
    });
    await expect(
      finishPdfSignature(p, await signers['gvcn']!.sign(p.signedAttributes, p.algorithm)),
    ).rejects.toMatchObject({ code: 'PDF_SIGNATURE_TOO_LARGE' });
  });
});

describe('portal PDFs', () => {
  it('attaches the record JSON to a portal PDF, then signs it; both stay valid', async () => {
    const original = await portalPdf(true);
    const json = new TextEncoder().encode(
      JSON.stringify({ format: 'hocba-tieuhoc', version: 1, note: 'Tiếng Việt' }),
    );
    const { pdf, recordSha256 } = await attachRecordToPdf(original, json);
    expect(pdf.subarray(0, original.length)).toEqual(original);
    expect(readAttachedRecord(original)).toBeUndefined();
    expect(readAttachedRecord(pdf)).toEqual(json);
    const doc = new PdfDocument(pdf);
    const spec = doc.resolveDict((doc.resolve(doc.catalog().get('AF')) as never[])[0])!;
    expect((spec.get('AFRelationship') as { name: string }).name).toBe('Data');
    const file = doc.resolve(doc.resolveDict(spec.get('EF'))!.get('F')) as PdfStream;
    expect(decodeStream(file)).toEqual(json);
    const xmp = new TextDecoder().decode((doc.resolve(doc.catalog().get('Metadata')) as PdfStream).raw);
    expect(xmp).toContain(`<hocba:recordSha256>${recordSha256}</hocba:recordSha256>`);
    const signed = (await signPdf(pdf, { role: 'gvcn', signer: signers['gvcn']! })).pdf;
    const { blocks } = check(signed, 'portal-attached.pdf');
    expect(blocks[0]).toContain('Signature Validation: Signature is Valid.');
    expect(blocks[0]).toContain('Total document signed');
  });
});

describe('B-LT revocation data', () => {
  it('reports a revoked signer certificate from OCSP and still embeds the answer', async () => {
    const revoked = await signerFor(pki, pki.signers.revoked);
    const signed = (await signPdf(await portalPdf(false), { role: 'gvcn', signer: revoked })).pdf;
    const ltv = await addLtv(signed);
    const subject = readCertificate(revoked.certificate).commonName;
    expect(ltv.ocsp.find((o) => o.subject === subject)?.status).toBe('revoked');
    expect(ltv.ocsp.find((o) => o.subject === 'Hoc Ba Test Issuing CA')).toBeUndefined();
    const doc = new PdfDocument(ltv.pdf);
    const dss = doc.resolveDict(doc.catalog().get('DSS'))!;
    expect((doc.resolve(dss.get('OCSPs')) as unknown[]).length).toBe(ltv.ocsp.length);
  });
});
