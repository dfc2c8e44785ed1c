/**
 * The signed attributes' own rules: which must appear once (with one value), and the ESS
 * signing-certificate(-v2) binding of the signature to its certificate.
 */
import {
  bytesEqual,
  children,
  content,
  type DerNode,
  expectTag,
  readIntegerHex,
  readOid,
  TAG,
} from '../../asn1/index.js';
import { HASH_BY_OID, type HashName, OID } from '../../asn1/oids.js';
import type { Certificate } from '../../x509/index.js';
import type { VerifyCrypto } from '../crypto.js';
import { type Attribute, attribute, type SignerInfo } from './signed-data.js';

export type SigningCertificateBinding = 'MATCH' | 'MISMATCH' | 'ABSENT';

/**
 * Signed attributes that must appear once with one value (RFC 5652 §11.1-11.3; RFC 5035 §5.4 for
 * ESS signing-certificate): two messageDigest or two signing times signed together mean
 * different things to different verifiers (we read the first; pyHanko refuses the CMS as
 * FORMAT_FAILURE, "attribute was duplicated"). Red team, session 11.
 */
const SINGLE_ATTRIBUTES: ReadonlyMap<string, string> = new Map([
  [OID.contentType, 'contentType'],
  [OID.messageDigest, 'messageDigest'],
  [OID.signingTime, 'signingTime'],
  [OID.signingCertificate, 'signingCertificate'],
  [OID.signingCertificateV2, 'signingCertificateV2'],
]);

/** The name of a single-instance attribute given twice or with several values, if any. */
export function repeatedAttribute(attrs: readonly Attribute[]): string | undefined {
  const seen = new Set<string>();
  for (const a of attrs) {
    const name = SINGLE_ATTRIBUTES.get(a.oid);
    if (!name) continue;
    if (seen.has(a.oid) || a.values.length !== 1) return name;
    seen.add(a.oid);
  }
  return undefined;
}

/** ESS signingCertificate(V2): the first ESSCertID must name the certificate that verifies. */
export async function checkSigningCertificate(
  si: SignerInfo,
  signer: Certificate,
  crypto: VerifyCrypto,
): Promise<SigningCertificateBinding> {
  const v2 = attribute(si.signedAttrs, OID.signingCertificateV2);
  const v1 = attribute(si.signedAttrs, OID.signingCertificate);
  const attr = v2 ?? v1;
  if (!attr?.values[0]) return 'ABSENT';
  try {
    const [certs] = children(attr.values[0]);
    const [first] = children(certs as DerNode);
    const fields = children(first as DerNode);
    let hash: HashName = v2 ? 'SHA-256' : 'SHA-1';
    let k = 0;
    if (v2 && fields[0]?.tag === TAG.SEQUENCE) {
      const h = HASH_BY_OID[readOid(children(fields[0])[0] as DerNode)];
      if (!h) return 'MISMATCH';
      hash = h;
      k = 1;
    }
    const certHash = content(expectTag(fields[k], TAG.OCTET_STRING, 'certHash'));
    if (!bytesEqual(certHash, await crypto.digest(hash, [signer.der]))) return 'MISMATCH';
    const issuerSerial = fields[k + 1];
    if (issuerSerial) {
      const [, serial] = children(issuerSerial);
      if (serial && readIntegerHex(serial) !== signer.serialHex) return 'MISMATCH';
    }
    return 'MATCH';
  } catch {
    return 'MISMATCH';
  }
}
