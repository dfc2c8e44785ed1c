import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, childrenOf, OID, oidOf, readDer, whole } from '../../src/asn1/index.js';
import { generateClass } from '../../src/generator/index.js';
import { readCertificate } from '../../src/pdf/cms/certificate.js';
import { addLtv, signatureContents } from '../../src/pdf/dss/index.js';
import { readSignatureFields } from '../../src/pdf/fields.js';
import { PdfDocument, type PdfStream } from '../../src/pdf/reader/index.js';
import { renderRecordPdf } from '../../src/pdf/render/index.js';
import { signPdf } from '../../src/pdf/sign/index.js';
import type { Signer } from '../../src/pdf/signer.js';
import { readTstInfo } from '../../src/pdf/timestamp/index.js';
import { dejavuFonts } from '../support/fonts.js';
import { pkiWithOcsp, type TestPki } from '../support/pki.js';
import { type RunningServer, startTsa } from '../support/servers.js';
import { signerFor } from '../support/signers.js';
import { makeNssDb, pdfsig, pdfsigBlocks, qpdfCheck, tempDir, writeTemp } from '../support/tools.js';

const fonts = dejavuFonts();
const OUT = resolve(import.meta.dirname, '../../../test-output/pdf');
let pki: TestPki;
let nss: string;
let dir: string;
let ocsp: RunningServer;
let tsa: RunningServer;
const signers: Record<string, Signer> = {};

beforeAll(async () => {
  ({ pki, ocsp } = await pkiWithOcsp());
  tsa = await startTsa(pki);
  dir = tempDir('record-sign');
  nss = makeNssDb(tempDir('nss'), pki.root.certPath);
  for (const k of ['gvcn', 'principal', 'seal'] as const) signers[k] = await signerFor(pki, pki.signers[k]);
}, 120_000);

afterAll(async () => {
  await ocsp?.close();
  await tsa?.close();
});

/** The unsigned signatureTimeStampToken of the first SignerInfo, if any. */
function timeStampToken(cms: Uint8Array): Uint8Array | undefined {
  const sd = childrenOf(childrenOf(childrenOf(readDer(cms))[1])[0]);
  const si = childrenOf(childrenOf(sd[sd.length - 1])[0]);
  const unsigned = si.find((n) => n.tag === 0xa1);
  for (const attr of childrenOf(unsigned))
    if (oidOf(childrenOf(attr)[0]) === OID.timeStampToken) return whole(childrenOf(childrenOf(attr)[1])[0]!);
  return undefined;
}

describe('a rendered record signed by GVCN, principal and seal (B-T, then B-LT)', () => {
  it('three visible, time-stamped signatures, all valid in pdfsig; DSS with OCSP; qpdf clean', {
    timeout: 120_000,
  }, async () => {
    const record = generateClass({ seed: 11, grade: 3, size: 1, defectRate: 0 }).records[0]!;
    const rendered = await renderRecordPdf(record, { fonts });
    let pdf = rendered.pdf;
    for (const role of ['gvcn', 'principal', 'seal'] as const) {
      const res = await signPdf(pdf, {
        role,
        signer: signers[role]!,
        timestampUrl: tsa.url,
        stamp: { font: fonts.regular },
      });
      expect(res.level).toBe('B-T');
      expect(res.pdf.subarray(0, pdf.length)).toEqual(pdf);
      pdf = res.pdf;
    }
    expect(tsa.requests).toBe(3);

    const ltv = await addLtv(pdf);
    // Each signer certificate names the OCSP responder; all answers are "good".
    expect(ltv.ocsp.map((o) => o.status)).toEqual(ltv.ocsp.map(() => 'good'));
    expect(ltv.ocsp.map((o) => o.subject)).toEqual(
      expect.arrayContaining([
        'Nguyễn Thị Lan',
        readCertificate(signers['principal']!.certificate).commonName,
      ]),
    );
    const final = ltv.pdf;

    const path = writeTemp(dir, 'record-signed.pdf', final);
    const q = qpdfCheck(path);
    expect(q.output).toContain('No syntax or stream encoding errors');
    expect(q.status).toBe(0);
    const blocks = pdfsigBlocks(pdfsig(path, nss));
    expect(blocks).toHaveLength(3);
    for (const b of blocks) {
      expect(b).toContain('Signature Validation: Signature is Valid.');
      expect(b).toContain('Certificate Validation: Certificate is Trusted.');
    }
    expect(blocks.map((b) => /Signature Field Name: (\S+)/.exec(b)?.[1])).toEqual([
      'HocBa_GVCN',
      'HocBa_HieuTruong',
      'HocBa_ConDau',
    ]);
    // Only the DSS revision follows the seal's signature.
    expect(blocks[2]).toContain('Not total document signed');
    const sealEnd = Number(/Signed Ranges: \[\d+ - \d+\], \[(\d+) - (\d+)\]/.exec(blocks[2]!)![2]);
    expect(sealEnd).toBe(pdf.length);
    const fields = readSignatureFields(new PdfDocument(final));
    expect(fields.filter((f) => f.locks).map((f) => f.name)).toEqual(['HocBa_ConDau']);

    // B-T: each CMS carries a token over its signature, verified by openssl ts.
    const cmsList = signatureContents(final);
    expect(cmsList).toHaveLength(3);
    const caFile = join(dir, 'tsa-chain.pem');
    writeFileSync(caFile, pki.root.certPem + pki.ca.certPem);
    for (const [i, cms] of cmsList.entries()) {
      const token = timeStampToken(cms)!;
      expect(token).toBeDefined();
      const tst = readTstInfo(token);
      expect(Math.abs(tst.genTime.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      const tokenPath = writeTemp(dir, `token-${i}.der`, token);
      const sd = childrenOf(childrenOf(childrenOf(readDer(cms))[1])[0]);
      const si = childrenOf(childrenOf(sd[sd.length - 1])[0]);
      const sigValue = bytesOf(si[5]);
      const dataPath = writeTemp(dir, `sigvalue-${i}.bin`, sigValue);
      const verify = execFileSync(
        'openssl',
        [
          'ts',
          '-verify',
          '-data',
          dataPath,
          '-in',
          tokenPath,
          '-token_in',
          '-CAfile',
          caFile,
          '-untrusted',
          pki.tsa.certPath,
        ],
        { encoding: 'utf8' },
      );
      expect(verify).toContain('Verification: OK');
    }

    // B-LT: /DSS with certificates and DER OCSP responses.
    const doc = new PdfDocument(final);
    const dss = doc.resolveDict(doc.catalog().get('DSS'))!;
    const certs = (doc.resolve(dss.get('Certs')) as never[]).map((r) => (doc.resolve(r) as PdfStream).raw);
    const ocsps = (doc.resolve(dss.get('OCSPs')) as never[]).map((r) => (doc.resolve(r) as PdfStream).raw);
    expect(certs.map((c) => readCertificate(c).commonName)).toEqual(
      expect.arrayContaining(['Hoc Ba Test Root CA', 'Hoc Ba Test Issuing CA', 'Nguyễn Thị Lan']),
    );
    expect(ocsps.length).toBe(ltv.ocsp.length);
    for (const [i, o] of ocsps.entries()) {
      const p = writeTemp(dir, `ocsp-${i}.der`, o);
      const text = execFileSync('openssl', ['ocsp', '-respin', p, '-resp_text', '-noverify'], {
        encoding: 'utf8',
      });
      expect(text).toContain('OCSP Response Status: successful');
      expect(text).toContain('Cert Status: good');
    }

    // Screenshot of the signature page with the three stamps.
    mkdirSync(OUT, { recursive: true });
    const last = rendered.signatureFields.seal.page + 1;
    const signedCopy = writeTemp(OUT, 'record-signed.pdf', final);
    execFileSync('pdftoppm', [
      '-r',
      '60',
      '-png',
      '-f',
      String(last),
      '-l',
      String(last),
      signedCopy,
      join(OUT, 'signed'),
    ]);
  });
});
