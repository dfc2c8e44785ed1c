/**
 * The people and the organisation who sign a học bạ, in the order Thông tư 27 implies:
 * the homeroom teacher (GVCN) signs first, the principal approves, the school seal comes
 * last and locks the document. The record model, the PDF signer, the verifier, the
 * companion and the extension all name roles with these ids.
 */
import type { Bilingual } from '../errors/index.js';

export const SIGNATURE_ROLES = ['gvcn', 'principal', 'seal'] as const;

export type SignatureRole = (typeof SIGNATURE_ROLES)[number];

export interface RoleInfo {
  id: SignatureRole;
  /** What the role is called on the paper học bạ and in the UI. */
  label: Bilingual;
  /** Heading of the role's signature block on the page. */
  blockTitle: Bilingual;
  /**
   * The AcroForm field the role's signature goes in. ASCII, and no period: a period separates
   * partial names (ISO 32000-1 §12.7.3.2), and validators such as pyHanko refuse a /T with one.
   */
  fieldName: string;
  /** Names used by earlier versions (`hocba.gvcn`): files signed with them still verify and sign on. */
  legacyFieldNames: readonly string[];
  /** A person signs, or the school as an organisation (chứng thư số con dấu đơn vị). */
  signer: 'person' | 'organisation';
}

export const ROLES: Readonly<Record<SignatureRole, RoleInfo>> = {
  gvcn: {
    id: 'gvcn',
    label: { vi: 'Giáo viên chủ nhiệm', en: 'Homeroom teacher' },
    blockTitle: { vi: 'Giáo viên chủ nhiệm', en: 'Homeroom teacher' },
    fieldName: 'HocBa_GVCN',
    legacyFieldNames: ['hocba.gvcn'],
    signer: 'person',
  },
  principal: {
    id: 'principal',
    label: { vi: 'Hiệu trưởng', en: 'Principal' },
    blockTitle: { vi: 'Xác nhận của Hiệu trưởng', en: "Principal's approval" },
    fieldName: 'HocBa_HieuTruong',
    legacyFieldNames: ['hocba.principal'],
    signer: 'person',
  },
  seal: {
    id: 'seal',
    label: { vi: 'Con dấu nhà trường', en: 'School seal' },
    blockTitle: { vi: 'Con dấu của nhà trường', en: 'School seal' },
    fieldName: 'HocBa_ConDau',
    legacyFieldNames: ['hocba.seal'],
    signer: 'organisation',
  },
};

export function isSignatureRole(value: unknown): value is SignatureRole {
  return typeof value === 'string' && (SIGNATURE_ROLES as readonly string[]).includes(value);
}

/** The role's position in the signing order (0 = first). */
export function roleOrder(role: SignatureRole): number {
  return SIGNATURE_ROLES.indexOf(role);
}

/** Roles that must have signed before `role` may sign. */
export function rolesBefore(role: SignatureRole): SignatureRole[] {
  return SIGNATURE_ROLES.slice(0, roleOrder(role));
}

/** The role whose field this is, by its current or a legacy name (exact, case-insensitive). */
export function roleOfFieldName(name: string): SignatureRole | undefined {
  const n = name.toLowerCase();
  return SIGNATURE_ROLES.find(
    (r) =>
      ROLES[r].fieldName.toLowerCase() === n || ROLES[r].legacyFieldNames.some((l) => l.toLowerCase() === n),
  );
}
