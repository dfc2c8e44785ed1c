/**
 * `hocba verify`'s crypto provider (verify-crypto.ts, node:crypto on the calling thread)
 * against the verifier's default, WebCrypto: the same answer for every key, algorithm and
 * signature, good or hostile, down to the words of a refusal; and the same report for whole
 * documents (ours, other signers', attacks), so switching providers changes speed only.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTrustStore,
  type VerifyCrypto,
  verifyPdf,
  verifySignature,
  webCrypto,
} from '@hocba/shared/verify';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNode } from '../../../shared/src/asn1/index.js';
import { OID } from '../../../shared/src/asn1/oids.js';
import type { AlgorithmIdentifier } from '../../../shared/src/x509/index.js';
import { der, testPki } from '../../../shared/test/verify/helpers.js';
import { addDss, appendUpdate, basePdf, signField } from '../../../shared/test/verify/pdf-fixtures.js';
import type { TestPki } from '../../../test/pki/index.mjs';
import { nodeVerifyCrypto } from '../../src/cli/commands/verify-crypto.js';

const spkiOf = (k: KeyObject) => new Uint8Array(k.export({ type: 'spki', format: 'der' }));
const flip = (b: Uint8Array, at = b.length >> 1) => {
  const c = b.slice();
  c[at] = (c[at] as number) ^ 1;
  return c;
};
const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));

/** RSASSA-PSS-params for SHA-256 / MGF1-SHA-256 with this salt length (one byte). */
const pssParams = (salt: number) =>
  readNode(
    hex(
      `3034 a00f300d06096086480165030402010500 a11c301a06092a864886f70d010108300d06096086480165030402010500 a2030201${salt.toString(16).padStart(2, '0')}`,
    ),
  );

interface Case {
  name: string;
  spki: Uint8Array;
  alg: AlgorithmIdentifier;
  data: Uint8Array;
  signature: Uint8Array;
  digestOid?: string;
  /** What both providers must answer (so the comparison cannot pass by both failing). */
  expected: 'VALID' | 'INVALID' | 'UNSUPPORTED';
}

function cases(): Case[] {
  const data = new TextEncoder().encode('học bạ số: chữ ký của giáo viên chủ nhiệm');
  const other = new TextEncoder().encode('học bạ số: đã sửa điểm');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaPss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
  const ec = {
    'P-256': generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    'P-384': generateKeyPairSync('ec', { namedCurve: 'P-384' }),
    'P-521': generateKeyPairSync('ec', { namedCurve: 'P-521' }),
  };
  const ed = generateKeyPairSync('ed25519');
  const dsa = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 });
  const out: Case[] = [];
  const rsaSpki = spkiOf(rsa.publicKey);

  for (const [oid, hash] of [
    [OID.sha1WithRSA, 'sha1'],
    [OID.sha256WithRSA, 'sha256'],
    [OID.sha384WithRSA, 'sha384'],
    [OID.sha512WithRSA, 'sha512'],
  ] as const) {
    const sig = new Uint8Array(sign(hash, data, rsa.privateKey));
    const alg = { oid };
    out.push(
      { name: `RSA ${hash}`, spki: rsaSpki, alg, data, signature: sig, expected: 'VALID' },
      {
        name: `RSA ${hash} other data`,
        spki: rsaSpki,
        alg,
        data: other,
        signature: sig,
        expected: 'INVALID',
      },
      {
        name: `RSA ${hash} flipped bit`,
        spki: rsaSpki,
        alg,
        data,
        signature: flip(sig),
        expected: 'INVALID',
      },
      {
        name: `RSA ${hash} short`,
        spki: rsaSpki,
        alg,
        data,
        signature: sig.subarray(1),
        expected: 'INVALID',
      },
      {
        name: `RSA ${hash} empty`,
        spki: rsaSpki,
        alg,
        data,
        signature: new Uint8Array(0),
        expected: 'INVALID',
      },
      {
        name: `RSA ${hash} 513 bytes`,
        spki: rsaSpki,
        alg,
        data,
        signature: new Uint8Array(513).fill(0xff),
        expected: 'INVALID',
      },
    );
  }
  const sha256 = new Uint8Array(sign('sha256', data, rsa.privateKey));
  out.push(
    {
      name: 'bare rsaEncryption with the CMS digest',
      spki: rsaSpki,
      alg: { oid: OID.rsaEncryption },
      digestOid: OID.sha256,
      data,
      signature: sha256,
      expected: 'VALID',
    },
    {
      name: 'bare rsaEncryption, CMS digest SHA-384 (signed SHA-256)',
      spki: rsaSpki,
      alg: { oid: OID.rsaEncryption },
      digestOid: OID.sha384,
      data,
      signature: sha256,
      expected: 'INVALID',
    },
  );

  // PSS: declared salt, another salt, and a key whose SPKI says id-RSASSA-PSS.
  const pss = (key: KeyObject, salt: number) =>
    new Uint8Array(sign('sha256', data, { key, padding: 6, saltLength: salt }));
  out.push(
    {
      name: 'PSS salt 32',
      spki: rsaSpki,
      alg: { oid: OID.rsassaPss, params: pssParams(32) },
      data,
      signature: pss(rsa.privateKey, 32),
      expected: 'VALID',
    },
    {
      name: 'PSS declared salt 20, signed with 32',
      spki: rsaSpki,
      alg: { oid: OID.rsassaPss, params: pssParams(20) },
      data,
      signature: pss(rsa.privateKey, 32),
      expected: 'INVALID',
    },
    {
      name: 'PSS key (id-RSASSA-PSS SPKI)',
      spki: spkiOf(rsaPss.publicKey),
      alg: { oid: OID.rsassaPss, params: pssParams(32) },
      data,
      signature: pss(rsaPss.privateKey, 32),
      expected: 'VALID',
    },
    {
      name: 'PSS over a PKCS#1 v1.5 signature',
      spki: rsaSpki,
      alg: { oid: OID.rsassaPss, params: pssParams(32) },
      data,
      signature: sha256,
      expected: 'INVALID',
    },
    {
      name: 'PKCS#1 v1.5 over a PSS signature',
      spki: rsaSpki,
      alg: { oid: OID.sha256WithRSA },
      data,
      signature: pss(rsa.privateKey, 32),
      expected: 'INVALID',
    },
  );

  for (const [curve, oid, hash] of [
    ['P-256', OID.ecdsaSha256, 'sha256'],
    ['P-384', OID.ecdsaSha384, 'sha384'],
    ['P-521', OID.ecdsaSha512, 'sha512'],
  ] as const) {
    const k = ec[curve];
    const spki = spkiOf(k.publicKey);
    const sig = new Uint8Array(sign(hash, data, k.privateKey)); // DER Ecdsa-Sig-Value
    const alg = { oid };
    out.push(
      { name: `ECDSA ${curve}`, spki, alg, data, signature: sig, expected: 'VALID' },
      { name: `ECDSA ${curve} other data`, spki, alg, data: other, signature: sig, expected: 'INVALID' },
      { name: `ECDSA ${curve} flipped r`, spki, alg, data, signature: flip(sig, 8), expected: 'INVALID' },
      { name: `ECDSA ${curve} not DER`, spki, alg, data, signature: hex('deadbeef'), expected: 'INVALID' },
      {
        name: `ECDSA ${curve} r = s = 0`,
        spki,
        alg,
        data,
        signature: hex('3006020100020100'),
        expected: 'INVALID',
      },
      {
        name: `ECDSA ${curve} bare ecPublicKey with the CMS digest`,
        spki,
        alg: { oid: OID.ecPublicKey },
        digestOid: oid === OID.ecdsaSha256 ? OID.sha256 : oid === OID.ecdsaSha384 ? OID.sha384 : OID.sha512,
        data,
        signature: sig,
        expected: 'VALID',
      },
    );
  }

  // Keys that do not fit the algorithm, and keys that are not keys.
  const p256 = spkiOf(ec['P-256'].publicKey);
  const offCurve = p256.slice();
  offCurve[offCurve.length - 1] = (offCurve[offCurve.length - 1] as number) ^ 0x55;
  const ecSig = new Uint8Array(sign('sha256', data, ec['P-256'].privateKey));
  out.push(
    {
      name: 'EC key, RSA algorithm',
      spki: p256,
      alg: { oid: OID.sha256WithRSA },
      data,
      signature: sha256,
      expected: 'UNSUPPORTED',
    },
    {
      name: 'RSA key, ECDSA algorithm',
      spki: rsaSpki,
      alg: { oid: OID.ecdsaSha256 },
      data,
      signature: ecSig,
      expected: 'UNSUPPORTED',
    },
    {
      name: 'Ed25519 key, RSA algorithm',
      spki: spkiOf(ed.publicKey),
      alg: { oid: OID.sha256WithRSA },
      data,
      signature: sha256,
      expected: 'UNSUPPORTED',
    },
    {
      name: 'DSA key, RSA algorithm',
      spki: spkiOf(dsa.publicKey),
      alg: { oid: OID.sha256WithRSA },
      data,
      signature: sha256,
      expected: 'UNSUPPORTED',
    },
    {
      name: 'P-256 point off the curve',
      spki: offCurve,
      alg: { oid: OID.ecdsaSha256 },
      data,
      signature: ecSig,
      expected: 'UNSUPPORTED',
    },
    {
      name: 'RSA SPKI with a broken modulus',
      spki: hex('3019300d06092a864886f70d0101010500030800300502010102'),
      alg: { oid: OID.sha256WithRSA },
      data,
      signature: sha256,
      expected: 'UNSUPPORTED',
    },
    {
      name: 'PSS with a salt length past int32',
      spki: rsaSpki,
      alg: {
        oid: OID.rsassaPss,
        params: readNode(
          hex(
            '3038 a00f300d06096086480165030402010500 a11c301a06092a864886f70d010108300d06096086480165030402010500 a20702050100000000',
          ),
        ),
      },
      data,
      signature: pss(rsa.privateKey, 32),
      expected: 'UNSUPPORTED',
    },
  );
  return out;
}

describe('hocba verify crypto provider (node:crypto) against WebCrypto', () => {
  it('digests parts taken as one message, for every hash a CMS may name', async () => {
    const a = new Uint8Array(70_000).map((_, i) => (i * 31) & 255);
    const b = new Uint8Array(9_000).map((_, i) => (i * 7) & 255);
    const joined = new Uint8Array([...a, ...b]);
    for (const hash of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as const) {
      const web = new Uint8Array(await crypto.subtle.digest(hash, joined));
      expect(await nodeVerifyCrypto.digest(hash, [a, b])).toEqual(web);
      expect(await webCrypto.digest(hash, [a, b])).toEqual(web);
      expect(await nodeVerifyCrypto.digest(hash, [a, b.subarray(1)])).not.toEqual(web);
    }
  });

  it('answers every signature alike: good, tampered, malformed, and keys that do not fit', async () => {
    const all = cases();
    expect(all.length).toBeGreaterThan(40);
    for (const c of all) {
      const args = [c.spki, c.alg, c.data, c.signature, c.digestOid] as const;
      const node = await verifySignature(...args, nodeVerifyCrypto);
      const web = await verifySignature(...args, webCrypto);
      expect({ case: c.name, ...node }).toEqual({ case: c.name, ...web });
      expect({ case: c.name, status: node.status }).toEqual({ case: c.name, status: c.expected });
      // Asked again: the keys each provider keeps answer as the first import did.
      expect(await verifySignature(...args, nodeVerifyCrypto)).toEqual(node);
    }
  });
});

describe('whole documents read the same with either provider', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await testPki();
  }, 120_000);

  const outside = join(import.meta.dirname, '../../../shared/test/verify/fixtures/outside');
  const bombs = join(import.meta.dirname, '../../../shared/test/fixtures/bombs');

  async function same(name: string, bytes: Uint8Array, extra: { crls?: Uint8Array[] } = {}) {
    const trust = createTrustStore({
      anchors: [readFileSync(pki.root.certPath, 'utf8'), readFileSync(join(outside, 'root.pem'), 'utf8')],
    });
    const now = new Date('2027-01-15T03:00:00Z');
    const options = (crypto: VerifyCrypto) => ({
      trust,
      now,
      crypto,
      revocation: { crls: extra.crls ?? [] },
    });
    const node = await verifyPdf(bytes, options(nodeVerifyCrypto));
    const web = await verifyPdf(bytes, options(webCrypto));
    expect({ name, report: node }).toEqual({ name, report: web });
    return node;
  }

  it('our signatures: RSA, PSS, ECDSA, time-stamped, document time-stamp, revoked, attacked', async () => {
    const one = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki, { timestamp: true });
    const two = signField(one, 8, 'hocba.principal', pki.signers.principal, pki, { pss: true });
    const verdicts = [
      (await same('gvcn + time-stamp', one)).verdict,
      (await same('gvcn + principal PSS', two)).verdict,
      (await same('ECDSA', signField(basePdf(), 8, 'hocba.principal', pki.signers.ecdsa, pki))).verdict,
      (
        await same(
          'document time-stamp',
          signField(two, 9, 'hocba.seal', pki.signers.gvcn, pki, { docTimestamp: true }),
        )
      ).verdict,
    ];
    expect(verdicts).toEqual(['valid', 'valid', 'valid', 'valid']);
    const crl = [der(pki.crl.derPath)];
    const revoked = signField(basePdf(), 8, 'hocba.principal', pki.signers.revoked, pki);
    expect((await same('revoked, CRL in /DSS', addDss(revoked, crl))).verdict).toBe('invalid');
    expect((await same('revoked, CRL given', revoked, { crls: crl })).verdict).toBe('invalid');
    const expired = signField(basePdf(), 8, 'hocba.principal', pki.signers.expired, pki);
    expect((await same('expired signer', expired)).verdict).toBe('invalid');
    const text = 'BT (Toan 10) Tj ET';
    const attacked = appendUpdate(two, [
      { num: 4, body: `<< /Length ${text.length} >>\nstream\n${text}\nendstream` },
    ]);
    expect((await same('page content changed after signing', attacked)).verdict).toBe('invalid');
    const forged = two.slice();
    forged[200] = (forged[200] as number) ^ 1;
    expect((await same('a signed byte changed', forged)).verdict).toBe('invalid');
  });

  it("other signers' files (pyHanko) and decompression bombs", async () => {
    const files = [
      ...readdirSync(outside)
        .filter((f) => f.endsWith('.pdf'))
        .map((f) => join(outside, f)),
      ...readdirSync(bombs).map((f) => join(bombs, f)),
    ];
    expect(files.length).toBeGreaterThan(6);
    let signatures = 0;
    for (const f of files) signatures += (await same(f, new Uint8Array(readFileSync(f)))).signatures.length;
    expect(signatures).toBeGreaterThan(8);
  });
});
