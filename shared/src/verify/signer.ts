/** The signer in words, from the certificate and the signature field. */

import { OID } from '../asn1/oids.js';
import { roleOfFieldName, SIGNATURE_ROLES, type SignatureRole } from '../roles/index.js';
import type { IdType, SignerInWords } from './report/index.js';
import { type Certificate, nameToString, nameValue } from './x509.js';

export function signerInWords(cert: Certificate): SignerInWords {
  const uid = nameValue(cert.subject, OID.uid) ?? null;
  const m = uid ? /^(CCCD|CMND|MST|MNS)\s*:/i.exec(uid) : null;
  const idType: IdType | null = uid ? ((m?.[1]?.toUpperCase() as IdType | undefined) ?? 'OTHER') : null;
  return {
    name: nameValue(cert.subject, OID.commonName) ?? nameToString(cert.subject),
    organization: nameValue(cert.subject, OID.organization) ?? null,
    title: nameValue(cert.subject, OID.title) ?? null,
    id: uid,
    idType,
    subject: nameToString(cert.subject),
    issuer: nameToString(cert.issuer),
    serialNumber: cert.serialHex,
    validFrom: cert.notBefore.toISOString(),
    validTo: cert.notAfter.toISOString(),
  };
}

const TITLE_ROLES: [RegExp, SignatureRole][] = [
  [/hi[ệe]u tr[ưu][ởo]ng|principal/i, 'principal'],
  [/gi[áa]o vi[êe]n ch[ủu] nhi[ệe]m|gvcn|homeroom/i, 'gvcn'],
];

/** Role from the field name (our own field names first), else from the certificate. */
export function roleOf(
  field: string,
  signer: SignerInWords | null,
): { role: SignatureRole | null; source: 'FIELD' | 'CERTIFICATE' | null } {
  const own = roleOfFieldName(field);
  if (own) return { role: own, source: 'FIELD' };
  const leaf = field.toLowerCase();
  for (const id of SIGNATURE_ROLES) {
    if (leaf.endsWith(`.${id}`) || leaf === id) return { role: id, source: 'FIELD' };
  }
  if (signer) {
    if (signer.idType === 'MST' || signer.idType === 'MNS') return { role: 'seal', source: 'CERTIFICATE' };
    for (const [re, role] of TITLE_ROLES)
      if (signer.title && re.test(signer.title)) return { role, source: 'CERTIFICATE' };
  }
  return { role: null, source: null };
}
