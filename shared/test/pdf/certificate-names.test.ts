/**
 * The signer's name as signing reads it (the stamp's "Ký bởi", the DSS and chain messages)
 * is the name the verifier shows: one certificate reader (x509), one string decoder (asn1's
 * readString) for every string type, and one rule for an attribute named twice (the last in
 * DER order: what pdfsig and an RFC 4514 string show first).
 */
import { describe, expect, it } from 'vitest';
import { OID, TAG } from '../../src/asn1/index.js';
import { readCertificate } from '../../src/pdf/cms/certificate.js';
import { signerInWords } from '../../src/verify/signer.js';
import { nameValue, parseCertificate } from '../../src/x509/index.js';
import { certificateWithSubject, twoNameCertificate } from '../support/certificates.js';

const utf32be = (text: string) => {
  const points = Array.from(text, (c) => c.codePointAt(0)!);
  const out = new DataView(new ArrayBuffer(points.length * 4));
  for (const [i, p] of points.entries()) out.setUint32(4 * i, p);
  return new Uint8Array(out.buffer);
};

describe('certificate names: signing reads them as the verifier does', () => {
  it('a Latin-1 T61String and a UniversalString', () => {
    const der = certificateWithSubject([
      [OID.commonName, TAG.T61, Uint8Array.of(0x43, 0x61, 0x66, 0xe9)],
      [OID.organization, TAG.UNIVERSAL_STRING, utf32be('Trường Tiểu học')],
    ]);
    const signing = readCertificate(der);
    const verifying = parseCertificate(der);
    expect([signing.commonName, signing.organization]).toEqual(['Café', 'Trường Tiểu học']);
    expect(signing.commonName).toBe(nameValue(verifying.subject, OID.commonName));
    expect(signing.organization).toBe(nameValue(verifying.subject, OID.organization));
  });

  it('two CNs and two Os: the last of each, on the stamp and in the report alike', () => {
    const der = twoNameCertificate();
    const signing = readCertificate(der);
    const shown = signerInWords(parseCertificate(der));
    expect([signing.commonName, signing.organization]).toEqual(['Trần Thị Cuối', 'Trường B (last)']);
    expect([shown.name, shown.organization]).toEqual([signing.commonName, signing.organization]);
  });

  it('two UIDs: the last, on both sides (red team, session 12: the stamp named the first, the verifier and pdfsig the last)', () => {
    const utf8 = (t: string) => new TextEncoder().encode(t);
    const der = certificateWithSubject([
      [OID.commonName, TAG.UTF8, utf8('Nguyễn Thị Lan')],
      [OID.uid, TAG.UTF8, utf8('CCCD:001190012345')],
      [OID.uid, TAG.UTF8, utf8('CCCD:001080067890')],
    ]);
    const signing = readCertificate(der);
    expect(signing.uid).toBe('CCCD:001080067890');
    expect(signing.uid).toBe(nameValue(parseCertificate(der).subject, OID.uid));
  });
});
