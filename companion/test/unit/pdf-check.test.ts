/**
 * Portal PDFs read in a worker thread with a time limit before signing: the bomb fixtures
 * get typed errors, a file that runs past the limit gets PDF_LIMIT and its worker is
 * replaced, and a good file passes. Runs the worker built by tsc (companion/dist).
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSoftwareSigner, finishPdfSignature, readCertificate } from '@hocba/shared/pdf';
import { createTrustStore, verifyPdf } from '@hocba/shared/verify';
import { afterAll, describe, expect, it } from 'vitest';
import { basePdf } from '../../../shared/test/verify/pdf-fixtures.js';
import { makeTestPki } from '../../../test/pki/index.mjs';
import { loadDejaVuFonts } from '../../src/signing/default-engine.js';
import { PdfChecker } from '../../src/signing/pdf-check.js';

const bomb = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../shared/test/fixtures/bombs/${name}`, import.meta.url)));

const checker = new PdfChecker();
afterAll(() => checker.close());

async function codeOf(promise: Promise<void>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('PDF check in a worker', () => {
  it('passes a good PDF', async () => {
    expect(await codeOf(checker.check(basePdf()))).toBe('ok');
  });

  it('leaves the caller its bytes (a Buffer as read from a file, with or without the record read)', async () => {
    const pdf = basePdf();
    for (const readRecord of [true, false]) {
      const bytes = Buffer.from(pdf);
      expect(await codeOf(checker.check(bytes, { readRecord }))).toBe('ok');
      expect(bytes.buffer.byteLength).toBeGreaterThan(0);
      expect(Buffer.compare(bytes, Buffer.from(pdf))).toBe(0);
    }
  });

  it('refuses the bombs with typed errors, quickly', async () => {
    const start = Date.now();
    expect(await codeOf(checker.check(bomb('xref-index-bomb.pdf')))).toBe('PDF_MALFORMED');
    expect(await codeOf(checker.check(bomb('flate-bomb-xref.pdf')))).toBe('PDF_LIMIT');
    expect(Date.now() - start).toBeLessThan(15_000);
  });

  it('a file past the time limit: PDF_LIMIT, the worker replaced, the next file checked', async () => {
    const slow = new PdfChecker(200);
    try {
      // The 1 GiB flate bomb takes ~1–2 s to reach the inflate cap: past a 200 ms limit.
      const start = Date.now();
      const error = await slow.check(bomb('flate-bomb-xref.pdf')).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'PDF_LIMIT', en: expect.stringContaining('longer than 0.2 s') });
      expect(Date.now() - start).toBeLessThan(1_500);
      slow.limitMs = 20_000;
      expect(await codeOf(slow.check(basePdf()))).toBe('ok');
    } finally {
      slow.close();
    }
  });
});

describe('check and prepare in the worker, from one reading', () => {
  const withFont = new PdfChecker(undefined, undefined, loadDejaVuFonts().regular);
  afterAll(() => withFont.close());

  it("the main thread only signs and fills the hole: the result verifies; bombs get the check's typed errors", async () => {
    const pki = await makeTestPki(join(tmpdir(), 'hocba-pdf-prepare-pki'));
    const signer = await createSoftwareSigner({
      privateKey: pki.signers.gvcn.keyPem,
      certificate: pki.signers.gvcn.certPem,
      chain: [pki.ca.certPem],
    });
    const input = basePdf();
    const identity = { certificate: signer.certificate, chain: signer.chain, algorithms: signer.algorithms };
    let signed = input;
    for (let i = 0; i < 2; i++) {
      // Twice: the second document reuses the worker and its cached identity and stamp.
      const prepared = await withFont.prepare(input, { role: 'gvcn', identity, time: new Date() });
      expect(prepared.pdf.subarray(0, input.length)).toEqual(input);
      const value = await signer.sign(prepared.signedAttributes, prepared.algorithm);
      const pdf = await finishPdfSignature(
        { ...prepared, certificate: readCertificate(signer.certificate) },
        value,
      );
      const report = await verifyPdf(pdf, { trust: createTrustStore({ anchors: [pki.root.certPem] }) });
      expect(report.verdict, report.reason.en).toBe('valid');
      expect(report.signatures.map((s) => s.role)).toEqual(['gvcn']);
      signed = pdf;
    }
    const codeOfPrepare = (bytes: Uint8Array) =>
      withFont.prepare(bytes, { role: 'gvcn', identity, time: new Date() }).then(
        () => 'ok',
        (e: { code?: string }) => e.code ?? String(e),
      );
    expect(await codeOfPrepare(bomb('xref-index-bomb.pdf'))).toBe('PDF_MALFORMED');
    expect(await codeOfPrepare(bomb('flate-bomb-xref.pdf'))).toBe('PDF_LIMIT');
    // Preparing's own refusals come back typed too: the role already signed.
    expect(await codeOfPrepare(signed)).toBe('PDF_ROLE_ALREADY_SIGNED');
  }, 60_000);
});
