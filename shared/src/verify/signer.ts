/**
 * The signer in words, from the certificate, and the role they signed in.
 *
 * Two sources of a role, kept apart the way CAdES and pyHanko keep "claimed" signer attributes
 * apart from "certified" ones: the signature field's name is the signer's *claim* (whoever
 * prepares the PDF names the field: nobody vouches for it), the certificate's subject is what
 * the CA *certified* (title, else an organisational unit that names a role, or an organisation
 * certificate: the school seal). When both speak and disagree, the certificate is what the
 * report shows, and the claim is reported as a warning: a teacher's certificate in the
 * principal's field is the teacher's signature, not the principal's approval.
 */

import { OID } from '../asn1/oids.js';
import { foldDiacritics, roleFromTitle } from '../identity/index.js';
import { roleOfFieldName, SIGNATURE_ROLES, type SignatureRole } from '../roles/index.js';
import { type Certificate, nameToString, nameValue } from '../x509/index.js';
import { displayText } from './report/display-text.js';
import {
  type DocumentReport,
  type IdType,
  type RoleEvidence,
  type SignatureReport,
  type SignerInWords,
  signatureMessage,
} from './report/index.js';

/** A whole distinguished name keeps more than one value does. */
const NAME_MAX = 600;
const value = (text: string | undefined): string | null => (text === undefined ? null : displayText(text));

export function signerInWords(cert: Certificate): SignerInWords {
  const uid = nameValue(cert.subject, OID.uid) ?? null;
  const m = uid ? /^(CCCD|CMND|MST|MNS)\s*:/i.exec(uid) : null;
  const idType: IdType | null = uid ? ((m?.[1]?.toUpperCase() as IdType | undefined) ?? 'OTHER') : null;
  // A certificate's names are whoever made it's words: made safe to show, like the file's.
  return {
    name: displayText(nameValue(cert.subject, OID.commonName) ?? nameToString(cert.subject)),
    organization: value(nameValue(cert.subject, OID.organization)),
    title: value(nameValue(cert.subject, OID.title)),
    unit: value(nameValue(cert.subject, OID.organizationalUnit)),
    id: value(uid ?? undefined),
    idType,
    subject: displayText(nameToString(cert.subject), NAME_MAX),
    issuer: displayText(nameToString(cert.issuer), NAME_MAX),
    serialNumber: cert.serialHex,
    validFrom: cert.notBefore.toISOString(),
    validTo: cert.notAfter.toISOString(),
  };
}

/** The role the field's name claims: our field names (current or legacy), else a `.gvcn`-style leaf. */
export function claimedRole(field: string): SignatureRole | null {
  const own = roleOfFieldName(field);
  if (own) return own;
  const leaf = field.toLowerCase();
  return SIGNATURE_ROLES.find((id) => leaf.endsWith(`.${id}`) || leaf === id) ?? null;
}

/**
 * What the certificate says about the signer's role: an organisation certificate (UID MST/MNS)
 * is the school's seal; else the title (2.5.4.12) in its own words, whatever it names; else an
 * organisational unit, only when it names a role (units are usually departments).
 */
export function certifiedRole(
  signer: SignerInWords | null,
): Pick<RoleEvidence, 'certified' | 'certifiedBy' | 'certificateSays'> {
  if (signer?.idType === 'MST' || signer?.idType === 'MNS')
    return { certified: 'seal', certifiedBy: 'ORGANISATION_ID', certificateSays: signer.id };
  if (signer?.title?.trim())
    return { certified: roleFromTitle(signer.title), certifiedBy: 'TITLE', certificateSays: signer.title };
  const unitRole = roleFromTitle(signer?.unit);
  if (unitRole) return { certified: unitRole, certifiedBy: 'UNIT', certificateSays: signer?.unit ?? null };
  return { certified: null, certifiedBy: null, certificateSays: null };
}

/** A teacher's title fits the homeroom field: "chủ nhiệm" is a yearly assignment no certificate carries. */
function teacherTitle(text: string): boolean {
  const t = foldDiacritics(text);
  return /\bgiao vien\b|\bteacher\b/.test(t) && !/\bhieu truong\b/.test(t);
}

/** The claimed and the certified role side by side, and the role the report shows. */
export function roleOf(
  field: string,
  signer: SignerInWords | null,
): Pick<SignatureReport, 'role' | 'roleSource' | 'roleEvidence'> {
  const claimed = claimedRole(field);
  const cert = certifiedRole(signer);
  const says = cert.certificateSays;
  const agreement: RoleEvidence['agreement'] =
    claimed && says !== null
      ? cert.certified === claimed ||
        (claimed === 'gvcn' && cert.certifiedBy === 'TITLE' && teacherTitle(says))
        ? 'MATCH'
        : 'MISMATCH'
      : claimed
        ? 'CLAIMED_ONLY'
        : cert.certified
          ? 'CERTIFIED_ONLY'
          : 'NONE';
  const roleEvidence: RoleEvidence = { claimed, ...cert, agreement };
  switch (agreement) {
    case 'MATCH':
    case 'CLAIMED_ONLY':
      return { role: claimed, roleSource: 'FIELD', roleEvidence };
    case 'MISMATCH':
    case 'CERTIFIED_ONLY':
      // Never the field's claim alone: the certified role, or none when the title names none.
      return { role: cert.certified, roleSource: cert.certified ? 'CERTIFICATE' : null, roleEvidence };
    case 'NONE':
      return { role: null, roleSource: null, roleEvidence };
  }
}

/**
 * A deputy who signs the principal's field on the principal's behalf (KT. HIỆU TRƯỞNG / PHÓ
 * HIỆU TRƯỞNG) disagrees with the field by design: when the signed record declares that
 * delegation (`signatures.principal.delegation` of its last year) and the certificate's
 * title is the deputy's, the signature counts for the principal, as delegated (no warning).
 * Anything else stays a mismatch. Run once the record is read; the sentences are redone.
 */
export function acceptDeclaredDelegation(report: DocumentReport): void {
  const record = report.record?.signed ? report.record.record : null;
  const delegation = record?.years.at(-1)?.signatures.principal.delegation;
  if (!delegation) return;
  const declared = foldDiacritics(delegation.signerTitle);
  for (const s of report.signatures) {
    const e = s.roleEvidence;
    if (e?.agreement !== 'MISMATCH' || e.claimed !== 'principal' || e.certifiedBy !== 'TITLE') continue;
    const title = foldDiacritics(e.certificateSays ?? '');
    if (title !== declared && !/\bpho hieu truong\b/.test(title)) continue;
    s.roleEvidence = { ...e, agreement: 'DELEGATED' };
    s.role = 'principal';
    s.roleSource = 'FIELD';
    s.message = signatureMessage(s);
  }
}
