/**
 * Who a document is about and who signs it, compared the way people write Vietnamese names:
 * the same name typed NFC or NFD, with extra spaces or other capitals, is the same name; a
 * name that differs only by its diacritics ("Lê" / "Lệ", "Thảo" / "Thao") is another name
 * (shown apart, because a portal that strips accents looks like that), and anything else is
 * a different person. Pure: the sign window and the tests use it alike.
 */
import type { HocBaRecord } from '../record/index.js';
import { SIGNATURE_ROLES, type SignatureRole } from '../roles/index.js';

/** NFC, one space between words, no space around, lower case (Vietnamese rules). */
export function normalizeName(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('vi');
}

/** The name without diacritics (đ → d): only to tell "accents differ" from "another name". */
export function foldDiacritics(text: string): string {
  return normalizeName(text)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .normalize('NFC');
}

export type NameComparison = 'same' | 'diacritics' | 'different';

export function compareNames(a: string, b: string): NameComparison {
  if (normalizeName(a) === normalizeName(b)) return 'same';
  return foldDiacritics(a) === foldDiacritics(b) ? 'diacritics' : 'different';
}

/** A date as ISO `YYYY-MM-DD` from `YYYY-MM-DD` or `DD/MM/YYYY` (`D-M-YYYY`), else null. */
export function isoDate(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(t);
  if (m) return `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`;
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}`;
  return null;
}

/** The pupil and the school year a document is about, read from the record itself. */
export interface DocumentIdentity {
  fullName: string;
  studentCode: string;
  recordId: string;
  dateOfBirth: string;
  className: string;
  schoolYear: string;
  /** The person the record names for each role of that year (seal: the school). */
  signers: Record<SignatureRole, string>;
}

/** What the portal's row said about the pupil (page text: any of it may be missing or false). */
export interface PortalIdentity {
  name?: string;
  studentId?: string;
  dateOfBirth?: string;
  className?: string;
  schoolYear?: string;
}

export type IdentityField = 'name' | 'studentId' | 'dateOfBirth' | 'className' | 'schoolYear';

export interface IdentityDifference {
  field: IdentityField;
  document: string;
  portal: string;
  /** For names: whether only the diacritics differ. */
  kind: 'diacritics' | 'different';
}

/** The identity of the year being signed: the record's last school year. */
export function identityOf(record: HocBaRecord): DocumentIdentity {
  const year = record.years[record.years.length - 1];
  return {
    fullName: record.student.fullName,
    studentCode: record.student.studentCode,
    recordId: record.recordId,
    dateOfBirth: record.student.dateOfBirth,
    className: year?.className ?? '',
    schoolYear: year?.schoolYear ?? '',
    signers: {
      gvcn: year?.signatures.gvcn.name || year?.homeroomTeacher || '',
      principal: year?.signatures.principal.name ?? '',
      seal: year?.signatures.seal.name || record.school.name,
    },
  };
}

const plain = (text: string) => text.normalize('NFC').replace(/\s+/gu, '').toLocaleLowerCase('vi');
const schoolYearKey = (text: string) => text.replace(/\s+/g, '').replace(/[–—/]/g, '-');

/**
 * How the document differs from the portal row that asked for it. Only what the portal
 * gave is compared; an empty list means the row and the document name the same pupil.
 */
export function compareIdentity(doc: DocumentIdentity, portal: PortalIdentity): IdentityDifference[] {
  const out: IdentityDifference[] = [];
  if (portal.name?.trim()) {
    const c = compareNames(doc.fullName, portal.name);
    if (c !== 'same') out.push({ field: 'name', document: doc.fullName, portal: portal.name, kind: c });
  }
  const id = portal.studentId?.trim();
  if (id && plain(id) !== plain(doc.recordId) && plain(id) !== plain(doc.studentCode)) {
    out.push({
      field: 'studentId',
      document: doc.studentCode || doc.recordId,
      portal: id,
      kind: 'different',
    });
  }
  if (portal.dateOfBirth?.trim()) {
    const p = isoDate(portal.dateOfBirth);
    if (p !== isoDate(doc.dateOfBirth))
      out.push({
        field: 'dateOfBirth',
        document: doc.dateOfBirth,
        portal: portal.dateOfBirth,
        kind: 'different',
      });
  }
  if (portal.className?.trim() && plain(portal.className) !== plain(doc.className)) {
    out.push({ field: 'className', document: doc.className, portal: portal.className, kind: 'different' });
  }
  if (portal.schoolYear?.trim() && schoolYearKey(portal.schoolYear) !== schoolYearKey(doc.schoolYear)) {
    out.push({ field: 'schoolYear', document: doc.schoolYear, portal: portal.schoolYear, kind: 'different' });
  }
  return out;
}

/** The role a title names ("Hiệu trưởng", "GVCN", "Giáo viên chủ nhiệm", "Văn thư / con dấu"), or null. */
export function roleFromTitle(text: string | null | undefined): SignatureRole | null {
  if (!text) return null;
  const t = foldDiacritics(text);
  // "Phó hiệu trưởng" signs for the principal only when delegated: not inferred.
  if (/\bpho hieu truong\b/.test(t)) return null;
  if (/\bhieu truong\b|\bprincipal\b/.test(t)) return 'principal';
  if (/\bgvcn\b|\bgiao vien chu nhiem\b|\bhomeroom\b/.test(t)) return 'gvcn';
  if (/\bcon dau\b|\bvan thu\b|\bseal\b/.test(t)) return 'seal';
  return null;
}

export interface RoleInference {
  role: SignatureRole | null;
  source: 'certificate' | 'login' | null;
  /** The certificate and the portal login name different roles: the signer must choose. */
  conflict: boolean;
}

/**
 * The role to sign in, from the certificate (its title, or an organisation certificate for
 * the seal) and the portal's login. Never a default: when neither says, or they disagree,
 * the role is null and the signer chooses.
 */
export function inferRole(input: {
  certificate?: { title?: string | null; roleHints?: readonly SignatureRole[] } | null;
  login?: string | null;
}): RoleInference {
  const fromTitle = roleFromTitle(input.certificate?.title);
  const hints = input.certificate?.roleHints ?? [];
  // An organisation certificate fits only the seal: that is a role, not a guess.
  const fromCert = fromTitle ?? (hints.length === 1 && hints[0] === 'seal' ? 'seal' : null);
  const fromLogin = roleFromTitle(input.login);
  if (fromCert && fromLogin && fromCert !== fromLogin) return { role: null, source: null, conflict: true };
  if (fromCert) return { role: fromCert, source: 'certificate', conflict: false };
  if (fromLogin && (hints.length === 0 || hints.includes(fromLogin)))
    return { role: fromLogin, source: 'login', conflict: false };
  return { role: null, source: null, conflict: fromLogin !== null };
}

/** Roles that must have signed before `role`, in order (GVCN → Hiệu trưởng → con dấu). */
export function missingEarlierRoles(
  role: SignatureRole,
  signed: ReadonlySet<SignatureRole>,
): SignatureRole[] {
  return SIGNATURE_ROLES.slice(0, SIGNATURE_ROLES.indexOf(role)).filter((r) => !signed.has(r));
}
