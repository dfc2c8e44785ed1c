/**
 * The signer and the verifier agree: a rendered record signed by GVCN, principal and seal in
 * turn is valid after each signature. (A rounding of the field /Rect in the writer once made
 * every second signature look like a change to what is seen.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTestPki } from '../../../test/pki/index.mjs';
import { generateClass } from '../../src/generator/index.js';
import { createSoftwareSigner, signPdf } from '../../src/pdf/index.js';
import { renderRecordPdf } from '../../src/pdf/render/index.js';
import type { HocBaRecord } from '../../src/record/index.js';
import type { SignatureRole } from '../../src/roles/index.js';
import { createTrustStore, verifyPdf } from '../../src/verify/index.js';

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fonts = {
  regular: new Uint8Array(readFileSync(join(fontDir, 'DejaVuSans.ttf'))),
  bold: new Uint8Array(readFileSync(join(fontDir, 'DejaVuSans-Bold.ttf'))),
};

describe('sign, then verify with our own verifier', () => {
  it('GVCN → principal → seal on a rendered record: valid after each signature', async () => {
    const pki = await makeTestPki(join(tmpdir(), 'hocba-sign-verify-pki'));
    const trust = createTrustStore({ anchors: [pki.root.certPem] });
    const record = generateClass({ seed: 5, grade: 5, size: 1, defectRate: 0 }).records[0] as HocBaRecord;
    let pdf = (await renderRecordPdf(record, { fonts })).pdf;
    const roles: [SignatureRole, keyof typeof pki.signers][] = [
      ['gvcn', 'gvcn'],
      ['principal', 'ecdsa'],
      ['seal', 'seal'],
    ];
    for (const [i, [role, who]] of roles.entries()) {
      const entity = pki.signers[who];
      const signer = await createSoftwareSigner({
        privateKey: entity.keyPem,
        certificate: entity.certPem,
        chain: [pki.ca.certPem],
      });
      pdf = (await signPdf(pdf, { role, signer, stamp: { font: fonts.regular } })).pdf;
      const report = await verifyPdf(pdf, { trust });
      expect(report.verdict, report.reason.en).toBe('valid');
      expect(report.signatures.map((s) => s.role)).toEqual(roles.slice(0, i + 1).map(([r]) => r));
      expect(report.record?.signed ?? null).not.toBe(false);
    }
  }, 60_000);
});
