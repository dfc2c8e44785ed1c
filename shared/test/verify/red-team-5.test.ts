/**
 * Red team, round five (session 11): attack files a red team brings after round four (see
 * docs/verification.md, "Attack files, round five", for the table with pyHanko's and pdfsig's
 * verdicts). Each `it` names what pyHanko said where it can read the file (our field names
 * hold periods; the same attacks were written with `hocba_gvcn` for it by hand).
 */
import { describe, expect, it } from 'vitest';
import { type DocumentReport, verifyPdf } from '../../src/verify/index.js';
import { attributeOf, attributeOid, resignAttributes } from '../support/cms-surgery.js';
import { basePdf, signField } from './pdf-fixtures.js';
import { keep, NOW, redTeam } from './red-team.js';

const team = redTeam();

async function verify(name: string, bytes: Uint8Array): Promise<DocumentReport> {
  return verifyPdf(keep(name, bytes), { trust: team.own, now: NOW });
}

/** DER OID contents (hex) and values for the attributes written twice. */
const SIGNING_TIME = '2a864886f70d010905';
const MESSAGE_DIGEST = '2a864886f70d010904';
const CONTENT_TYPE = '2a864886f70d010903';
const ESS_V2 = '2a864886f70d010910022f';
const utcTime = (s: string) => new Uint8Array([0x17, s.length, ...new TextEncoder().encode(s)]);
const zeroDigest = new Uint8Array([0x04, 32, ...new Uint8Array(32)]);
const ctTstInfo = new Uint8Array([6, 11, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x04]);

describe('CMS signed attributes given twice, signed by the real key', { timeout: 60_000 }, () => {
  const signedWith = (name: string, edit: (attributes: Uint8Array[]) => Uint8Array[]) =>
    verify(
      name,
      signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki, {
        transformCms: (cms) => resignAttributes(cms, team.pki.signers.gvcn.keyPem, edit),
      }),
    );

  it('signed again as openssl wrote them, or in another order: valid (pyHanko: valid)', async () => {
    expect((await signedWith('rt5-cms-control', (a) => a)).verdict).toBe('valid');
    expect((await signedWith('rt5-cms-unsorted', (a) => [...a].reverse())).verdict).toBe('valid');
  });

  const twice: [string, (a: Uint8Array[]) => Uint8Array[], string][] = [
    [
      'a second signing time (2020)',
      (a) => [...a, attributeOf(SIGNING_TIME, utcTime('200101000000Z'))],
      'signingTime',
    ],
    [
      'a second messageDigest, wrong, after the right one',
      (a) => [...a, attributeOf(MESSAGE_DIGEST, zeroDigest)],
      'messageDigest',
    ],
    [
      'a wrong messageDigest before the right one',
      (a) => [attributeOf(MESSAGE_DIGEST, zeroDigest), ...a],
      'messageDigest',
    ],
    ['a second contentType (TSTInfo)', (a) => [...a, attributeOf(CONTENT_TYPE, ctTstInfo)], 'contentType'],
    [
      'the signing-certificate-v2 attribute twice',
      (a) => [...a, ...a.filter((x) => attributeOid(x) === ESS_V2)],
      'signingCertificateV2',
    ],
  ];
  for (const [what, edit, attribute] of twice)
    it(`${what}: FORMAT_FAILURE (pyHanko: FORMAT_FAILURE or a processing error; we read the first)`, async () => {
      const r = await signedWith(`rt5-cms-${attribute}`, edit);
      expect(r.verdict).toBe('invalid');
      expect(r.signatures[0]?.subIndication).toBe('FORMAT_FAILURE');
      expect(r.signatures[0]?.integrity.detail).toContain(attribute);
    });
});
