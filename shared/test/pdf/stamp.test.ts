/**
 * The visible stamp is built once per signer and box and reused: each record must still
 * show its own time, every digit of it.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateClass } from '../../src/generator/index.js';
import { renderRecordPdf } from '../../src/pdf/render/index.js';
import { signPdf } from '../../src/pdf/sign/index.js';
import type { Signer } from '../../src/pdf/signer.js';
import { stampTime } from '../../src/pdf/stamp.js';
import { dejavuFonts } from '../support/fonts.js';
import { setupPki } from '../support/pki.js';
import { signerFor } from '../support/signers.js';
import { tempDir, writeTemp } from '../support/tools.js';

const fonts = dejavuFonts();
let signer: Signer;
let unsigned: Uint8Array;
beforeAll(async () => {
  const pki = await setupPki();
  signer = await signerFor(pki, pki.signers.gvcn);
  const record = generateClass({ seed: 11, grade: 1, size: 1, defectRate: 0 }).records[0]!;
  unsigned = (await renderRecordPdf(record, { fonts })).pdf;
}, 120_000);

/** The page text with the stamp, all white space squeezed (the time line wraps in the box). */
function pageText(pdf: Uint8Array): string {
  const path = writeTemp(tempDir('stamp-'), 'signed.pdf', pdf);
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('the stamp template', () => {
  it('each record shows its own time, digits included, when the stamp is reused', {
    timeout: 120_000,
  }, async () => {
    // Different digits in every place (within the test certificate's validity); the first
    // builds the template, the others reuse it.
    const now = Date.now();
    const times = [0, (3 * 3600 + 25 * 60 + 47) * 1000, (33 * 3600 + 58 * 60 + 2) * 1000].map(
      (ms) => new Date(now + ms),
    );
    for (const time of times) {
      const { pdf } = await signPdf(unsigned, { role: 'gvcn', signer, time, stamp: { font: fonts.regular } });
      const text = pageText(pdf);
      expect(text).toContain(`Thời gian: ${stampTime(time)}`);
      for (const other of times.filter((t) => t !== time)) expect(text).not.toContain(stampTime(other));
    }
  });
});
