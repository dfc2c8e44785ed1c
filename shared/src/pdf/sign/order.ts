/** Who may sign now: nothing after a lock, each role once, and gvcn → principal → seal. */
import {
  ROLES,
  roleOfFieldName,
  rolesBefore,
  SIGNATURE_ROLES,
  type SignatureRole,
} from '../../roles/index.js';
import { pdfError } from '../errors.js';
import { docMdpLocks, readSignatureFields } from '../fields.js';
import type { PdfDocument } from '../reader/document.js';

/** Checks order and locks, then returns the existing field for the role, if any. */
export function checkRoleOrder(doc: PdfDocument, role: SignatureRole, enforceOrder: boolean) {
  const fields = readSignatureFields(doc);
  const locker = fields.find((f) => f.locks);
  if (locker) throw pdfError('PDF_LOCKED', { field: locker.name });
  if (docMdpLocks(doc)) throw pdfError('PDF_LOCKED', { field: 'DocMDP' });
  const own = fields.find((f) => roleOfFieldName(f.name) === role);
  if (own?.signed) throw pdfError('PDF_ROLE_ALREADY_SIGNED', { role: ROLES[role].label.vi });
  if (enforceOrder) {
    const signed = (r: SignatureRole) => fields.some((f) => roleOfFieldName(f.name) === r && f.signed);
    const missing = rolesBefore(role).filter((r) => !signed(r));
    if (missing.length)
      throw pdfError('PDF_ROLE_OUT_OF_ORDER', {
        role: ROLES[role].label.vi,
        missing: missing.map((r) => ROLES[r].label.vi).join(', '),
      });
    const later = SIGNATURE_ROLES.slice(SIGNATURE_ROLES.indexOf(role) + 1).find(signed);
    if (later)
      throw pdfError('PDF_ROLE_AFTER_LATER', { role: ROLES[role].label.vi, later: ROLES[later].label.vi });
  }
  return own;
}
