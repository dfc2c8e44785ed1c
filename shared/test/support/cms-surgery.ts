/**
 * Test-side DER surgery on a CMS that openssl made: a few lines of TLV reading and writing of
 * our own, not the project's ASN.1 code, so a fixture does not share a bug with what it tests.
 */
import { createHash, createSign } from 'node:crypto';
import type { TestEntity, TestPki } from '../../../test/pki/index.mjs';
import { opensslCms, timestampToken } from './openssl.js';

const concat = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** DER length+tag wrapper. */
export function tlv(tag: number, body: Uint8Array): Uint8Array {
  const n = body.length;
  const len =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return concat([Uint8Array.from([tag, ...len]), body]);
}

/** Reads one DER element header at `at`: [tag, content start, end]. */
function el(b: Uint8Array, at: number): [number, number, number] {
  const first = b[at + 1] as number;
  if (first < 0x80) return [b[at] as number, at + 2, at + 2 + first];
  const k = first & 0x7f;
  let len = 0;
  for (let i = 0; i < k; i++) len = len * 256 + (b[at + 2 + i] as number);
  return [b[at] as number, at + 2 + k, at + 2 + k + len];
}

/** The elements between `start` and `end`: [tag, header start, content start, end] each. */
function childrenOf(b: Uint8Array, start: number, end: number): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (let p = start; p < end; ) {
    const [tag, cs, e] = el(b, p);
    out.push([tag, p, cs, e]);
    p = e;
  }
  return out;
}

/**
 * Adds an RFC 3161 signature time-stamp (unsigned attribute) to the single SignerInfo of a
 * CMS made by openssl, with `openssl ts` and the test TSA.
 */
export function addSignatureTimestamp(
  cms: Uint8Array,
  pki: TestPki,
  /** Makes the token from the signature value (default: `openssl ts` with the test TSA). */
  tokenFor: (signatureValue: Uint8Array) => Uint8Array = (v) => timestampToken(v, pki),
): Uint8Array {
  const [, ciStart, ciEnd] = el(cms, 0);
  const [oid, explicit] = childrenOf(cms, ciStart, ciEnd);
  if (!oid || !explicit) throw new Error('bad CMS');
  const [, sdAt] = [0, explicit[2]];
  const [, sdStart, sdEnd] = el(cms, sdAt);
  const sdParts = childrenOf(cms, sdStart, sdEnd);
  const siSet = sdParts[sdParts.length - 1];
  if (!siSet) throw new Error('no signerInfos');
  const [si] = childrenOf(cms, siSet[2], siSet[3]);
  if (!si) throw new Error('no SignerInfo');
  const siParts = childrenOf(cms, si[2], si[3]);
  const sigValue = siParts.find((p) => p[0] === 0x04);
  if (!sigValue) throw new Error('no signature value');
  const token = tokenFor(cms.subarray(sigValue[2], sigValue[3]));
  const tsOid = Uint8Array.from([
    0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x0e,
  ]);
  const attr = tlv(0x30, concat([tsOid, tlv(0x31, token)]));
  const newSi = tlv(0x30, concat([cms.subarray(si[2], si[3]), tlv(0xa1, attr)]));
  const newSet = tlv(0x31, newSi);
  const newSd = tlv(0x30, concat([...sdParts.slice(0, -1).map((p) => cms.subarray(p[1], p[3])), newSet]));
  return tlv(0x30, concat([cms.subarray(oid[1], oid[3]), tlv(0xa0, newSd)]));
}

/** The parts of the single SignerInfo of an openssl CMS, as [tag, header start, content start, end]. */
function signerInfoParts(cms: Uint8Array) {
  const [, ciStart, ciEnd] = el(cms, 0);
  const [oid, explicit] = childrenOf(cms, ciStart, ciEnd);
  if (!oid || !explicit) throw new Error('bad CMS');
  const [, sdStart, sdEnd] = el(cms, explicit[2]);
  const sdParts = childrenOf(cms, sdStart, sdEnd);
  const siSet = sdParts[sdParts.length - 1];
  if (!siSet) throw new Error('no signerInfos');
  const [si] = childrenOf(cms, siSet[2], siSet[3]);
  if (!si) throw new Error('no SignerInfo');
  return { oid, sdParts, siParts: childrenOf(cms, si[2], si[3]) };
}

/**
 * Rewrites the signed attributes of the single SignerInfo (each attribute's DER, in order) and
 * signs them again with `keyPem` (RSA PKCS#1 v1.5, SHA-256, as `openssl cms -md sha256` did), so
 * the signature value is good over whatever the edit leaves: two messageDigest attributes, two
 * signing times. The attributes are written in the order given (not re-sorted).
 */
export function resignAttributes(
  cms: Uint8Array,
  keyPem: string,
  edit: (attributes: Uint8Array[]) => Uint8Array[],
): Uint8Array {
  const { oid, sdParts, siParts } = signerInfoParts(cms);
  const attrsAt = siParts.findIndex((p) => p[0] === 0xa0);
  const attrs = siParts[attrsAt];
  if (!attrs) throw new Error('no signed attributes');
  const edited = edit(childrenOf(cms, attrs[2], attrs[3]).map((a) => cms.subarray(a[1], a[3])));
  const body = concat(edited);
  const signature = new Uint8Array(createSign('sha256').update(tlv(0x31, body)).sign(keyPem));
  const parts = siParts.map((p, i) => {
    if (i === attrsAt) return tlv(0xa0, body);
    if (i === attrsAt + 2 && p[0] === 0x04) return tlv(0x04, signature);
    return cms.subarray(p[1], p[3]);
  });
  const newSd = tlv(
    0x30,
    concat([
      ...sdParts.slice(0, -1).map((p) => cms.subarray(p[1], p[3])),
      tlv(0x31, tlv(0x30, concat(parts))),
    ]),
  );
  return tlv(0x30, concat([cms.subarray(oid[1], oid[3]), tlv(0xa0, newSd)]));
}

/** The DER OID (06 ..) of an attribute, to find it in `resignAttributes`'s list. */
export function attributeOid(attribute: Uint8Array): string {
  const [, cs] = el(attribute, 0);
  const [, , oidContent, oidEnd] = childrenOf(attribute, cs, attribute.length)[0] as [
    number,
    number,
    number,
    number,
  ];
  return Buffer.from(attribute.subarray(oidContent, oidEnd)).toString('hex');
}

/** An attribute `SEQUENCE { oid, SET { value } }` from the OID's DER content (hex) and one value's DER. */
export function attributeOf(oidHex: string, value: Uint8Array): Uint8Array {
  return tlv(0x30, concat([tlv(0x06, new Uint8Array(Buffer.from(oidHex, 'hex'))), tlv(0x31, value)]));
}

/**
 * An RFC 3161 token made by hand: a TSTInfo (version 1, policy 1.2.3.4.1, SHA-256 imprint of
 * `imprinted`, serial 5, `genTime` as YYYYMMDDHHMMSSZ) signed by `tsa` with `openssl cms`
 * (the issuing CA's certificate included, -nodetach, eContentType id-ct-TSTInfo, ESS signing-certificate-v2): any time, any signer.
 */
export function handMadeTimestamp(
  imprinted: Uint8Array,
  genTime: string,
  tsa: TestEntity,
  pki: TestPki,
): Uint8Array {
  const sha256 = Uint8Array.from([0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]);
  const imprint = tlv(
    0x30,
    concat([
      tlv(0x30, concat([sha256, Uint8Array.from([5, 0])])),
      tlv(0x04, new Uint8Array(createHash('sha256').update(imprinted).digest())),
    ]),
  );
  const tstInfo = tlv(
    0x30,
    concat([
      Uint8Array.from([2, 1, 1]),
      Uint8Array.from([6, 4, 0x2a, 3, 4, 1]),
      imprint,
      Uint8Array.from([2, 1, 5]),
      tlv(0x18, new Uint8Array(Buffer.from(genTime, 'latin1'))),
    ]),
  );
  return opensslCms(tstInfo, tsa, pki, {
    extra: ['-nodetach', '-econtent_type', '1.2.840.113549.1.9.16.1.4'],
  });
}

/** The CMS with its single SignerInfo written twice in the signerInfos SET (RFC 3161 allows one). */
export function signerInfoTwice(cms: Uint8Array): Uint8Array {
  const { oid, sdParts } = signerInfoParts(cms);
  const siSet = sdParts[sdParts.length - 1] as [number, number, number, number];
  const si = cms.subarray(siSet[2], siSet[3]);
  const newSd = tlv(
    0x30,
    concat([...sdParts.slice(0, -1).map((p) => cms.subarray(p[1], p[3])), tlv(0x31, concat([si, si]))]),
  );
  return tlv(0x30, concat([cms.subarray(oid[1], oid[3]), tlv(0xa0, newSd)]));
}
