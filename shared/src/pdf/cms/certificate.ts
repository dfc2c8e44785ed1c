/**
 * What the signer needs from an X.509 certificate, read straight from its ASN.1 (forge's
 * certificate parser only knows RSA keys; Vietnamese tokens also carry ECDSA).
 */
import { pdfError } from '../errors.js';
import { type Asn1, asn1, bytesOf, children, encodeDer, OID, oidOf, parseDer } from './der.js';

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

function readName(node: Asn1): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const rdn of children(node))
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      const bytes = bytesOf(value);
      // BMPString (30) is UTF-16BE; everything else we meet is UTF-8 or ASCII.
      const text =
        value?.type === 30
          ? String.fromCharCode(
              ...Array.from({ length: bytes.length / 2 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!),
            )
          : new TextDecoder().decode(bytes);
      out.push({ oid: oidOf(type), value: text });
    }
  return out;
}

function readTime(node: Asn1 | undefined): Date {
  if (!node || typeof node.value !== 'string') throw pdfError('PDF_CERT_MALFORMED', { reason: 'validity' });
  return node.type === asn1.Type.UTCTIME
    ? asn1.utcTimeToDate(node.value)
    : asn1.generalizedTimeToDate(node.value);
}

function generalNameUris(node: Asn1): string[] {
  const out: string[] = [];
  const walk = (n: Asn1) => {
    if (n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 6 && typeof n.value === 'string')
      out.push(n.value);
    else for (const c of children(n)) walk(c);
  };
  walk(node);
  return out;
}

export function readCertificate(der: Uint8Array): CertificateInfo {
  let root: Asn1;
  try {
    root = parseDer(der);
  } catch (e) {
    throw pdfError('PDF_CERT_MALFORMED', { reason: (e as Error).message });
  }
  const tbs = children(root)[0];
  const f = children(tbs);
  let i = 0;
  if (f[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC && f[0].type === 0) i = 1;
  const serialNode = f[i];
  const issuerNode = f[i + 2];
  const validity = children(f[i + 3]);
  const subjectNode = f[i + 4];
  const spki = f[i + 5];
  if (!serialNode || !issuerNode || !subjectNode || !spki)
    throw pdfError('PDF_CERT_MALFORMED', { reason: 'not an X.509 certificate' });
  const subject = readName(subjectNode);
  const info: CertificateInfo = {
    der,
    serial: bytesOf(serialNode),
    serialHex: Array.from(bytesOf(serialNode), (b) => b.toString(16).padStart(2, '0')).join(''),
    issuerDer: encodeDer(issuerNode),
    subjectDer: encodeDer(subjectNode),
    issuer: readName(issuerNode),
    subject,
    commonName: subject.find((a) => a.oid === OID.commonName)?.value ?? '',
    organization: subject.find((a) => a.oid === OID.organization)?.value,
    uid: subject.find((a) => a.oid === OID.uid)?.value,
    notBefore: readTime(validity[0]),
    notAfter: readTime(validity[1]),
    keyUsage: undefined,
    extKeyUsage: undefined,
    keyType: 'other',
    isCa: false,
    ocspUrls: [],
    crlUrls: [],
    spkiDer: encodeDer(spki),
  };
  const keyAlg = oidOf(children(children(spki)[0])[0]);
  info.keyType = keyAlg === OID.rsaEncryption ? 'rsa' : keyAlg === OID.ecPublicKey ? 'ec' : 'other';
  const extsNode = f.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
  for (const ext of children(children(extsNode)[0])) {
    const parts = children(ext);
    const id = oidOf(parts[0]);
    const valueDer = bytesOf(parts[parts.length - 1]);
    const value = parseDer(valueDer);
    if (id === OID.keyUsage) {
      const bits = bytesOf(value);
      const b0 = bits[1] ?? 0; // bits[0] is the unused-bits count
      info.keyUsage = {
        digitalSignature: (b0 & 0x80) !== 0,
        nonRepudiation: (b0 & 0x40) !== 0,
        keyCertSign: (b0 & 0x04) !== 0,
      };
    } else if (id === OID.extKeyUsage) info.extKeyUsage = children(value).map(oidOf);
    else if (id === '2.5.29.19')
      info.isCa = children(value)[0]?.type === asn1.Type.BOOLEAN && bytesOf(children(value)[0])[0] !== 0;
    else if (id === OID.authorityInfoAccess) {
      for (const ad of children(value))
        if (oidOf(children(ad)[0]) === OID.ocsp) info.ocspUrls.push(...generalNameUris(children(ad)[1]!));
    } else if (id === OID.crlDistributionPoints) info.crlUrls.push(...generalNameUris(value));
  }
  return info;
}
