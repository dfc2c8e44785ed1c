import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../test/pki/index.mjs';
import {
  children,
  concat,
  content,
  type DerNode,
  encode,
  latin1,
  readNode,
  TAG,
  whole,
} from '../../src/asn1/index.js';
import { parseSignedData, verifySignerInfo } from '../../src/verify/cms/index.js';
import { digest } from '../../src/verify/crypto.js';
import { parseCertificate } from '../../src/x509/index.js';
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

describe('a SignerInfo that names no certificate here: misnamed only when the issuer is the same name', () => {
  /** The issuer Name re-encoded as node-forge writes it: each UTF8String's UTF-8 encoded again. */
  function doubleEncoded(issuerDer: Uint8Array): Uint8Array {
    const rdns = children(readNode(issuerDer)).map((rdn) =>
      encode(
        0x31,
        concat(
          children(rdn).map((atv) => {
            const [oidNode, value] = children(atv) as [DerNode, DerNode];
            const twice =
              value.tag === TAG.UTF8
                ? encode(TAG.UTF8, new TextEncoder().encode(latin1(content(value))))
                : whole(value);
            return encode(0x30, concat([whole(oidNode), twice]));
          }),
        ),
      ),
    );
    return encode(0x30, concat(rdns));
  }

  async function verifyNamed(issuerDer: (real: Uint8Array) => Uint8Array) {
    const cms = opensslCms(data, pki.signers.gvcn, pki);
    const sd = parseSignedData(cms);
    const si = sd.signerInfos[0];
    if (!si || !('serialHex' in si.sid)) throw new Error('an issuerAndSerialNumber signer');
    si.sid = { issuerDer: issuerDer(si.sid.issuerDer), serialHex: si.sid.serialHex };
    return verifySignerInfo(sd, si, (h) => digest(h, data));
  }

  it('the issuer written twice-encoded (node-forge): the certificate is here, named wrongly', async () => {
    const v = await verifyNamed(doubleEncoded);
    expect(v.signer).toBeUndefined();
    expect(v.signerMisnamed).toBe(true);
  });

  it('only the serial matches, under another issuer (one anyone can add): not misnamed, no signer', async () => {
    const other = await verifyNamed(() => subjectDer(pki.signers.principal.certPem));
    expect(other.signer).toBeUndefined();
    expect(other.signerMisnamed).toBeUndefined();
    expect(other.problems).toContain('signer certificate not found in the signature');
    // An issuer that is no Name at all: not misnamed either, and no throw.
    const garbage = await verifyNamed(() => new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]));
    expect(garbage.signerMisnamed).toBeUndefined();
  });
});

/** A certificate's subject Name (DER): another issuer than the test CA's. */
function subjectDer(pem: string): Uint8Array {
  const der = Uint8Array.from(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
  return parseCertificate(der).subjectDer;
}
