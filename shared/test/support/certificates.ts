/**
 * Certificates with a subject of the test's own (string types, attributes named twice),
 * built with the engine's DER writer around a fixture's issuer and key. The signature is
 * not a real one: these are for reading names, not for building a path.
 */
import { readFileSync } from 'node:fs';
import { OID, TAG } from '../../src/asn1/index.js';
import { encode, int, nul, oid, seq, set, tagged } from '../../src/asn1/writer.js';
import { parseCertificate } from '../../src/x509/index.js';

export type SubjectAttribute = [type: string, tag: number, value: Uint8Array | string];

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Each attribute an RDN of its own, in the order given (DER order: most general first). */
export function certificateWithSubject(attributes: readonly SubjectAttribute[]): Uint8Array {
  const fixture = parseCertificate(
    new Uint8Array(readFileSync(new URL('../fixtures/asn1/gvcn.der', import.meta.url))),
  );
  const subject = seq(
    attributes.map(([type, tag, value]) =>
      set([seq([oid(type), encode(tag, typeof value === 'string' ? utf8(value) : value)])]),
    ),
  );
  const algorithm = seq([oid(OID.sha256WithRSA), nul()]);
  const time = (text: string) => encode(TAG.UTC_TIME, utf8(text));
  const tbs = seq([
    tagged(0, [int(2)]),
    int(7),
    algorithm,
    fixture.issuerDer,
    seq([time('250101000000Z'), time('350101000000Z')]),
    subject,
    fixture.spki,
  ]);
  return seq([tbs, algorithm, encode(TAG.BIT_STRING, Uint8Array.of(0, 1, 2, 3))]);
}

/** A person's certificate naming two CNs and two Os, as a careless or hostile CA might. */
export function twoNameCertificate(): Uint8Array {
  return certificateWithSubject([
    [OID.country, TAG.PRINTABLE, 'VN'],
    [OID.organization, TAG.UTF8, 'Trường A (first)'],
    [OID.organization, TAG.UTF8, 'Trường B (last)'],
    [OID.commonName, TAG.UTF8, 'Nguyễn Văn Đầu'],
    [OID.commonName, TAG.UTF8, 'Trần Thị Cuối'],
    [OID.uid, TAG.UTF8, 'CCCD:001190000001'],
  ]);
}
