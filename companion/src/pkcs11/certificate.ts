/**
 * What a principal needs to know about a certificate on the token, in words: who (name,
 * title, school, CCCD or tax code), issued by whom, valid when, which key, and which
 * signature roles it fits. Node's X509Certificate reads the serial, the dates and keys of
 * every type; names and key usage are read with the engine's one certificate reader
 * (@hocba/shared/x509), so a name reads here as the verifier reads it: UTF-8, BMPString, the
 * UTF-8 that Vietnamese CA software writes into T61String, and of an attribute named twice
 * the last (the name the receiving school is shown).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { latin1, OID } from '@hocba/shared/asn1';
import type { SignatureRole } from '@hocba/shared/roles';
import { type NameAttribute, nameValue, parseCertificate } from '@hocba/shared/x509';

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
  /** Raw DER of subject and issuer Names (one char a byte), compared for chain building. */
  subjectDer: string;
  issuerDer: string;
}

const ATTRIBUTES: Record<string, keyof Omit<NameParts, 'text'>> = {
  [OID.commonName]: 'commonName',
  [OID.organization]: 'organization',
  [OID.organizationalUnit]: 'organizationalUnit',
  [OID.title]: 'title',
  [OID.locality]: 'locality',
  [OID.state]: 'province',
  [OID.country]: 'country',
  [OID.uid]: 'uid',
  [OID.email]: 'email',
};

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

function readName(name: readonly NameAttribute[]): NameParts {
  const parts: Omit<NameParts, 'text'> = {};
  // In the order the name has them (the protocol's JSON as before), each by the one rule.
  for (const { oid } of name) {
    const key = ATTRIBUTES[oid];
    if (key && parts[key] === undefined) parts[key] = nameValue(name, oid);
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

export function readCertificate(der: Uint8Array): CertificateDetails {
  const x509 = new X509Certificate(der);
  const cert = parseCertificate(der);

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

  const ku = cert.keyUsage;
  const keyUsage = !ku || ku.digitalSignature || ku.nonRepudiation ? 'signing' : 'noSigning';

  return {
    subject: readName(cert.subject),
    issuer: readName(cert.issuer),
    serialNumber: x509.serialNumber.toLowerCase(),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    keyType,
    keyBits,
    keyUsage,
    isCa: x509.ca,
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    subjectDer: latin1(cert.subjectDer),
    issuerDer: latin1(cert.issuerDer),
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
