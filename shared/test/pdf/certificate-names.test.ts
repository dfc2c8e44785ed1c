/**
 * The signer's name as signing reads it (the stamp's "Ký bởi", the DSS and chain messages)
 * is decoded as the verifier decodes it: one string decoder (asn1's readString) for every
 * string type, so a Latin-1 T61String or a UniversalString reads the same on both sides.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OID, TAG } from '../../src/asn1/index.js';
import { encode, int, nul, oid, seq, set, tagged } from '../../src/asn1/writer.js';
import { readCertificate } from '../../src/pdf/cms/certificate.js';
import { nameValue, parseCertificate } from '../../src/verify/x509.js';

const ascii = (text: string) => new TextEncoder().encode(text);
const attribute = (type: string, tag: number, value: Uint8Array) =>
  set([seq([oid(type), encode(tag, value)])]);
const utf32be = (text: string) => {
  const points = Array.from(text, (c) => c.codePointAt(0)!);
  const out = new DataView(new ArrayBuffer(points.length * 4));
  for (const [i, p] of points.entries()) out.setUint32(4 * i, p);
  return new Uint8Array(out.buffer);
};

/** A certificate whose subject holds a Latin-1 T61String CN and a UniversalString O (its key from a fixture). */
function certificateWithNames(
  subject = seq([
    attribute(OID.commonName, TAG.T61, Uint8Array.of(0x43, 0x61, 0x66, 0xe9)),
    attribute(OID.organization, TAG.UNIVERSAL_STRING, utf32be('Trường Tiểu học')),
  ]),
): Uint8Array {
  const fixture = readCertificate(
    new Uint8Array(readFileSync(new URL('../fixtures/asn1/gvcn.der', import.meta.url))),
  );
  const algorithm = seq([oid(OID.sha256WithRSA), nul()]);
  const time = (text: string) => encode(TAG.UTC_TIME, ascii(text));
  const tbs = seq([
    tagged(0, [int(2)]),
    int(7),
    algorithm,
    fixture.issuerDer,
    seq([time('250101000000Z'), time('350101000000Z')]),
    subject,
    fixture.spkiDer,
  ]);
  return seq([tbs, algorithm, encode(TAG.BIT_STRING, Uint8Array.of(0, 1, 2, 3))]);
}

describe('certificate names: signing reads them as the verifier does', () => {
  it('a Latin-1 T61String and a UniversalString', () => {
    const der = certificateWithNames();
    const signing = readCertificate(der);
    const verifying = parseCertificate(der);
    expect([signing.commonName, signing.organization]).toEqual(['Café', 'Trường Tiểu học']);
    expect(signing.commonName).toBe(nameValue(verifying.subject, OID.commonName));
    expect(signing.organization).toBe(nameValue(verifying.subject, OID.organization));
  });

  it('two CNs, two Os, two UIDs: the last of each, on both sides (red team, session 12: the stamp named the first, the verifier and pdfsig the last)', () => {
    const utf8 = (t: string) => new TextEncoder().encode(t);
    const der = certificateWithNames(
      seq([
        attribute(OID.commonName, TAG.UTF8, utf8('Nguyễn Thị Lan')),
        attribute(OID.organization, TAG.UTF8, utf8('Trường A')),
        attribute(OID.uid, TAG.UTF8, utf8('CCCD:001190012345')),
        attribute(OID.commonName, TAG.UTF8, utf8('Trần Văn Minh')),
        attribute(OID.organization, TAG.UTF8, utf8('Trường B')),
        attribute(OID.uid, TAG.UTF8, utf8('CCCD:001080067890')),
      ]),
    );
    const signing = readCertificate(der);
    const verifying = parseCertificate(der);
    expect([signing.commonName, signing.organization, signing.uid]).toEqual([
      'Trần Văn Minh',
      'Trường B',
      'CCCD:001080067890',
    ]);
    expect(signing.commonName).toBe(nameValue(verifying.subject, OID.commonName));
    expect(signing.organization).toBe(nameValue(verifying.subject, OID.organization));
    expect(signing.uid).toBe(nameValue(verifying.subject, OID.uid));
  });
});
