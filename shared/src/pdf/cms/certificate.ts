/**
 * What the signer needs from an X.509 certificate, read straight from its DER with the
 * engine's reader (generic certificate parsers often know only RSA keys; Vietnamese tokens
 * also carry ECDSA). Parts are copied out as the certificate has them.
 */
import {
  bytesOf,
  childrenOf,
  type DerNode,
  latin1,
  OID,
  oidOf,
  readDer,
  readString,
  readTime,
  TAG,
  whole,
} from '../../asn1/index.js';
import { isHocbaError } from '../../errors/index.js';
import { pdfError } from '../errors.js';

export interface NameAttribute {
  oid: string;
  value: string;
}

export interface CertificateInfo {
  der: Uint8Array;
  /** INTEGER content bytes of the serial number. */
  serial: Uint8Array;
  serialHex: string;
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  issuer: NameAttribute[];
  subject: NameAttribute[];
  commonName: string;
  organization: string | undefined;
  /** UID attribute as Vietnamese CAs use it: `CCCD:...`, `MST:...`. */
  uid: string | undefined;
  notBefore: Date;
  notAfter: Date;
  /** undefined when the certificate has no keyUsage extension (any use allowed). */
  keyUsage: { digitalSignature: boolean; nonRepudiation: boolean; keyCertSign: boolean } | undefined;
  extKeyUsage: string[] | undefined;
  keyType: 'rsa' | 'ec' | 'other';
  isCa: boolean;
  ocspUrls: string[];
  crlUrls: string[];
  spkiDer: Uint8Array;
}

function readName(node: DerNode): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const rdn of childrenOf(node))
    for (const atv of childrenOf(rdn)) {
      const [type, value] = childrenOf(atv);
      // The verifier's decoder (UTF-8, BMPString, UniversalString, T61String's Latin-1 or UTF-8):
      // the name on the stamp reads as the verifier will show it.
      out.push({ oid: oidOf(type), value: value && !(value.tag & 0x20) ? readString(value) : '' });
    }
  return out;
}

/** URIs (GeneralName [6]) anywhere under a node (AIA, CRL distribution points). */
function generalNameUris(node: DerNode | undefined): string[] {
  const out: string[] = [];
  const walk = (n: DerNode) => {
    if (n.tag === 0x86) out.push(latin1(bytesOf(n)));
    else for (const c of childrenOf(n)) walk(c);
  };
  if (node) walk(node);
  return out;
}

/** A copy of an element's bytes: the info outlives the caller's buffer. */
const copy = (n: DerNode) => whole(n).slice();

export function readCertificate(der: Uint8Array): CertificateInfo {
  try {
    return readCertificateDer(der);
  } catch (e) {
    if (isHocbaError(e)) throw e;
    // A malformed part anywhere (not only the outer shape) is the same typed answer.
    throw pdfError('PDF_CERT_MALFORMED', { reason: (e as Error).message });
  }
}

function readCertificateDer(der: Uint8Array): CertificateInfo {
  const tbs = childrenOf(readDer(der))[0];
  const f = childrenOf(tbs);
  let i = 0;
  if (f[0]?.tag === 0xa0) i = 1;
  const serialNode = f[i];
  const issuerNode = f[i + 2];
  const validity = childrenOf(f[i + 3]);
  const subjectNode = f[i + 4];
  const spki = f[i + 5];
  if (!serialNode || !issuerNode || !subjectNode || !spki || !validity[0] || !validity[1])
    throw pdfError('PDF_CERT_MALFORMED', { reason: 'not an X.509 certificate' });
  const subject = readName(subjectNode);
  const serial = bytesOf(serialNode).slice();
  const info: CertificateInfo = {
    der,
    serial,
    serialHex: Array.from(serial, (b) => b.toString(16).padStart(2, '0')).join(''),
    issuerDer: copy(issuerNode),
    subjectDer: copy(subjectNode),
    issuer: readName(issuerNode),
    subject,
    // The last of an attribute named twice, as the verifier (verify/x509 nameValue) and poppler's
    // pdfsig read it: the stamp's "Ký bởi" names whom the receiving school is shown.
    commonName: subject.findLast((a) => a.oid === OID.commonName)?.value ?? '',
    organization: subject.findLast((a) => a.oid === OID.organization)?.value,
    uid: subject.findLast((a) => a.oid === OID.uid)?.value,
    notBefore: readTime(validity[0]),
    notAfter: readTime(validity[1]),
    keyUsage: undefined,
    extKeyUsage: undefined,
    keyType: 'other',
    isCa: false,
    ocspUrls: [],
    crlUrls: [],
    spkiDer: copy(spki),
  };
  const keyAlg = oidOf(childrenOf(childrenOf(spki)[0])[0]);
  info.keyType = keyAlg === OID.rsaEncryption ? 'rsa' : keyAlg === OID.ecPublicKey ? 'ec' : 'other';
  const extsNode = f.find((n) => n.tag === 0xa3);
  for (const ext of childrenOf(childrenOf(extsNode)[0])) {
    const parts = childrenOf(ext);
    const id = oidOf(parts[0]);
    const value = readDer(bytesOf(parts[parts.length - 1]));
    if (id === OID.keyUsage) {
      const bits = bytesOf(value);
      const b0 = bits[1] ?? 0; // bits[0] is the unused-bits count
      info.keyUsage = {
        digitalSignature: (b0 & 0x80) !== 0,
        nonRepudiation: (b0 & 0x40) !== 0,
        keyCertSign: (b0 & 0x04) !== 0,
      };
    } else if (id === OID.extKeyUsage) info.extKeyUsage = childrenOf(value).map(oidOf);
    else if (id === OID.basicConstraints) {
      const ca = childrenOf(value)[0];
      info.isCa = ca?.tag === TAG.BOOLEAN && bytesOf(ca)[0] !== 0;
    } else if (id === OID.authorityInfoAccess) {
      for (const ad of childrenOf(value))
        if (oidOf(childrenOf(ad)[0]) === OID.ocsp) info.ocspUrls.push(...generalNameUris(childrenOf(ad)[1]));
    } else if (id === OID.crlDistributionPoints) info.crlUrls.push(...generalNameUris(value));
  }
  return info;
}
