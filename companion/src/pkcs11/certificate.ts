/**
 * What a principal needs to know about a certificate on the token, in words: who (name,
 * title, school, CCCD or tax code), issued by whom, valid when, which key, and which
 * signature roles it fits. Node's X509Certificate reads keys of every type (node-forge
 * knows only RSA); names and key usage are read from the DER with forge's ASN.1 reader so
 * Vietnamese UTF-8 names and the UID attribute come out exactly.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { SignatureRole } from '@hocba/shared/roles';
import forge from 'node-forge';

export interface NameParts {
  text: string;
  commonName?: string;
  organization?: string;
  organizationalUnit?: string;
  title?: string;
  locality?: string;
  province?: string;
  country?: string;
  uid?: string;
  email?: string;
}

export interface CertificateDetails {
  subject: NameParts;
  issuer: NameParts;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  keyType: 'rsa' | 'ec' | 'other';
  keyBits: number;
  /** digitalSignature or nonRepudiation present (or no keyUsage extension at all). */
  keyUsage: 'signing' | 'noSigning';
  isCa: boolean;
  fingerprintSha256: string;
  /** Raw DER of subject and issuer Names, for chain building. */
  subjectDer: string;
  issuerDer: string;
}

const ATTRIBUTES: Record<string, keyof Omit<NameParts, 'text'>> = {
  '2.5.4.3': 'commonName',
  '2.5.4.10': 'organization',
  '2.5.4.11': 'organizationalUnit',
  '2.5.4.12': 'title',
  '2.5.4.7': 'locality',
  '2.5.4.8': 'province',
  '2.5.4.6': 'country',
  '0.9.2342.19200300.100.1.1': 'uid',
  '1.2.840.113549.1.9.1': 'email',
};

function decodeString(node: forge.asn1.Asn1): string {
  const raw = typeof node.value === 'string' ? node.value : '';
  switch (node.type) {
    case forge.asn1.Type.UTF8:
      return forge.util.decodeUtf8(raw);
    case forge.asn1.Type.BMPSTRING: {
      let out = '';
      for (let i = 0; i + 1 < raw.length; i += 2)
        out += String.fromCharCode((raw.charCodeAt(i) << 8) | raw.charCodeAt(i + 1));
      return out;
    }
    default:
      return raw;
  }
}

/** UID values say what the number is: "CCCD:0790..." → "CCCD 0790...". */
function describeUid(uid: string): string {
  const match = /^(CCCD|CMND|MST|MNS|HC)\s*:\s*(.+)$/i.exec(uid);
  if (!match) return uid;
  const kind = match[1]!.toUpperCase();
  const words: Record<string, string> = {
    CCCD: 'CCCD',
    CMND: 'CMND',
    MST: 'MST',
    MNS: 'Mã ĐVQHNS',
    HC: 'Hộ chiếu',
  };
  return `${words[kind] ?? kind} ${match[2]}`;
}

function readName(node: forge.asn1.Asn1): NameParts {
  const parts: Omit<NameParts, 'text'> = {};
  for (const rdn of node.value as forge.asn1.Asn1[]) {
    for (const atv of rdn.value as forge.asn1.Asn1[]) {
      const [oidNode, valueNode] = atv.value as forge.asn1.Asn1[];
      if (!oidNode || !valueNode) continue;
      const key = ATTRIBUTES[forge.asn1.derToOid(oidNode.value as string)];
      if (key && parts[key] === undefined) parts[key] = decodeString(valueNode);
    }
  }
  const words = [
    parts.commonName,
    parts.title,
    parts.organizationalUnit,
    parts.organization,
    parts.locality,
    parts.province,
    parts.uid ? describeUid(parts.uid) : undefined,
  ].filter((part): part is string => Boolean(part));
  return { text: words.join(' · '), ...parts };
}

function findExtension(tbs: forge.asn1.Asn1, oid: string): forge.asn1.Asn1 | undefined {
  for (const child of tbs.value as forge.asn1.Asn1[]) {
    if (child.tagClass !== forge.asn1.Class.CONTEXT_SPECIFIC || child.type !== 3) continue;
    const list = (child.value as forge.asn1.Asn1[])[0];
    for (const ext of (list?.value as forge.asn1.Asn1[]) ?? []) {
      const items = ext.value as forge.asn1.Asn1[];
      if (items[0] && forge.asn1.derToOid(items[0].value as string) === oid) {
        const octets = items[items.length - 1]!;
        return forge.asn1.fromDer(octets.value as string);
      }
    }
  }
  return undefined;
}

export function readCertificate(der: Uint8Array): CertificateDetails {
  const x509 = new X509Certificate(der);
  const asn = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(der).toString('binary')));
  const tbs = (asn.value as forge.asn1.Asn1[])[0]!;
  const fields = tbs.value as forge.asn1.Asn1[];
  // tbsCertificate: [0] version (optional), serial, signature, issuer, validity, subject, spki, ...
  const offset = fields[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const issuerNode = fields[offset + 2]!;
  const subjectNode = fields[offset + 4]!;

  const key = x509.publicKey;
  const keyType = key.asymmetricKeyType === 'rsa' ? 'rsa' : key.asymmetricKeyType === 'ec' ? 'ec' : 'other';
  const details = key.asymmetricKeyDetails ?? {};
  const keyBits =
    keyType === 'rsa'
      ? (details.modulusLength ?? 0)
      : details.namedCurve === 'prime256v1'
        ? 256
        : details.namedCurve === 'secp384r1'
          ? 384
          : 0;

  let keyUsage: 'signing' | 'noSigning' = 'signing';
  const ku = findExtension(tbs, '2.5.29.15');
  if (ku) {
    // BIT STRING: first byte = unused bits; bit 0 (0x80) digitalSignature, bit 1 (0x40) nonRepudiation.
    const bits = (ku.value as string).charCodeAt(1) || 0;
    keyUsage = bits & 0xc0 ? 'signing' : 'noSigning';
  }

  return {
    subject: readName(subjectNode),
    issuer: readName(issuerNode),
    serialNumber: x509.serialNumber.toLowerCase(),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    keyType,
    keyBits,
    keyUsage,
    isCa: x509.ca,
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    subjectDer: forge.asn1.toDer(subjectNode).getBytes(),
    issuerDer: forge.asn1.toDer(issuerNode).getBytes(),
  };
}

export function validityAt(details: CertificateDetails, now: Date): 'valid' | 'expired' | 'notYetValid' {
  if (now < details.notBefore) return 'notYetValid';
  if (now > details.notAfter) return 'expired';
  return 'valid';
}

/**
 * Roles a certificate fits: an organisation certificate (UID MST:/MNS:, no person id) is
 * the school seal; a person's (CCCD/CMND) signs as GVCN or principal, the principal first
 * when the title says so (Hiệu trưởng). A hint for the UI, never a permission.
 */
export function roleHints(details: CertificateDetails): SignatureRole[] {
  const uid = details.subject.uid ?? '';
  if (/^(MST|MNS)\s*:/i.test(uid)) return ['seal'];
  const title = `${details.subject.title ?? ''} ${details.subject.organizationalUnit ?? ''}`.toLowerCase();
  if (/hiệu trưởng|hieu truong|principal/.test(title)) return ['principal', 'gvcn'];
  if (/giáo viên|giao vien|teacher/.test(title)) return ['gvcn', 'principal'];
  if (/^(CCCD|CMND)\s*:/i.test(uid)) return ['gvcn', 'principal'];
  return details.subject.organization && !details.subject.uid
    ? ['seal', 'gvcn', 'principal']
    : ['gvcn', 'principal'];
}
