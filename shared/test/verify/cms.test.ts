import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../test/pki/index.mjs';
import { parseSignedData, verifySignerInfo } from '../../src/verify/cms/index.js';
import { digest } from '../../src/verify/crypto.js';
import { opensslCms, testPki } from './helpers.js';

const data = new TextEncoder().encode('Học bạ số: nội dung đã ký');
const other = new TextEncoder().encode('Học bạ số: nội dung đã sửa');

let pki: TestPki;
beforeAll(async () => {
  pki = await testPki();
}, 60_000);

describe('CMS SignedData made by openssl', () => {
  for (const [name, pick, pss, alg] of [
    ['RSA PKCS#1 v1.5', 'gvcn', false, 'RSA PKCS#1 v1.5 SHA-256'],
    ['RSASSA-PSS', 'principal', true, 'RSASSA-PSS SHA-256'],
    ['ECDSA P-256', 'ecdsa', false, 'ECDSA SHA-256 P-256'],
  ] as const) {
    it(`${name}: intact over the signed bytes, altered over others`, async () => {
      const cms = opensslCms(data, pki.signers[pick], pki, { pss });
      const sd = parseSignedData(cms);
      expect(sd.signerInfos).toHaveLength(1);
      const si = sd.signerInfos[0];
      if (!si) throw new Error('no signer');
      const good = await verifySignerInfo(sd, si, (h) => digest(h, data));
      expect(good.integrity).toBe('INTACT');
      expect(good.messageDigest).toBe('MATCH');
      expect(good.signatureValue).toBe('VALID');
      expect(good.signatureAlgorithm).toBe(alg);
      expect(good.signingCertificate).toBe('MATCH');
      expect(good.signer?.subject.find((a) => a.type === 'UID')?.value).toMatch(/^CCCD:\d{12}$/);
      const bad = await verifySignerInfo(sd, si, (h) => digest(h, other));
      expect(bad.integrity).toBe('ALTERED');
      expect(bad.messageDigest).toBe('MISMATCH');
    });
  }

  it('a flipped bit in the signature value is ALTERED', async () => {
    const cms = opensslCms(data, pki.signers.gvcn, pki);
    const sd = parseSignedData(cms);
    const si = sd.signerInfos[0];
    if (!si) throw new Error('no signer');
    si.signature[10] = (si.signature[10] ?? 0) ^ 1;
    const v = await verifySignerInfo(sd, si, (h) => digest(h, data));
    expect(v.signatureValue).toBe('INVALID');
    expect(v.integrity).toBe('ALTERED');
  });

  it('truncated CMS throws a DerError rather than crashing later', () => {
    const cms = opensslCms(data, pki.signers.gvcn, pki);
    expect(() => parseSignedData(cms.subarray(0, cms.length - 40))).toThrow(/DER/);
  });
});
