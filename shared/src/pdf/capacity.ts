/**
 * In what capacity a signer signs, as the stamp shows it. A deputy who approves on the
 * principal's behalf signs under "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG" (ký thay); the record
 * the document carries says so (`signatures.principal.delegation` of its last year), so the
 * stamp follows the checked record, not anything a caller claims.
 */
import { parseRecord } from '../record/parse.js';
import type { SignatureSlot } from '../record/schema.js';
import type { SignatureRole } from '../roles/index.js';
import { readAttachedRecord } from './attach.js';
import type { PdfDocument } from './reader/document.js';

export interface SigningCapacity {
  /** Lines above the signer's name: ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]. */
  heading: [string, string];
  /** "Phó hiệu trưởng, ký thay Hiệu trưởng". */
  role: string;
}

export function delegationCapacity(slot: SignatureSlot | undefined): SigningCapacity | undefined {
  const d = slot?.delegation;
  const title = d?.signerTitle.trim();
  if (!d || !title) return undefined;
  return {
    heading: [`${d.kind}. HIỆU TRƯỞNG`, title.toLocaleUpperCase('vi')],
    role: `${title}, ký thay Hiệu trưởng${d.onBehalfOf?.trim() ? ` ${d.onBehalfOf.trim()}` : ''}`,
  };
}

/** The capacity of `role` from the record attached to the document, if it is delegated. */
export function signingCapacity(doc: PdfDocument, role: SignatureRole): SigningCapacity | undefined {
  if (role !== 'principal') return undefined;
  const bytes = readAttachedRecord(doc);
  if (!bytes) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  const parsed = parseRecord(value);
  if (parsed.status !== 'ok') return undefined;
  return delegationCapacity(parsed.record.years.at(-1)?.signatures.principal);
}
