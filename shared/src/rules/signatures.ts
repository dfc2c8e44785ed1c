/**
 * The signature slots of a year: only the principal's approval may be signed by a deputy
 * ("KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG"), and the deputy's title and name must be there to be
 * printed above the signature.
 */
import type { SchoolYearRecord } from '../record/schema.js';
import { blank, type Emit, yearWhere } from './emit.js';

const SLOT_LABELS = {
  gvcn: { vi: 'chữ ký GVCN', en: 'homeroom teacher signature' },
  principal: { vi: 'xác nhận của Hiệu trưởng', en: "principal's approval" },
  seal: { vi: 'chữ ký số của nhà trường', en: "school's signature" },
} as const;

export function checkSignatureSlots(year: SchoolYearRecord, y: number, emit: Emit): void {
  for (const role of ['gvcn', 'principal', 'seal'] as const) {
    const slot = year.signatures[role];
    const delegation = slot.delegation;
    if (!delegation) continue;
    const path = `/years/${y}/signatures/${role}/delegation`;
    const where = yearWhere(year, SLOT_LABELS[role]);
    const target = { kind: 'year', year: y, field: `signatures.${role}` } as const;
    if (role !== 'principal') {
      emit('DELEGATION_INVALID', path, where, target, {
        reason: 'Chỉ xác nhận của Hiệu trưởng mới được ký thay (KT.)',
        reasonEn: "Only the principal's approval may be signed on the principal's behalf (KT.)",
      });
      continue;
    }
    if (blank(delegation.signerTitle)) {
      emit('DELEGATION_INVALID', `${path}/signerTitle`, where, target, {
        reason: 'Ký thay Hiệu trưởng nhưng chưa ghi chức vụ người ký thay (ví dụ "Phó hiệu trưởng")',
        reasonEn: 'Signed on behalf of the principal without the signer\'s title (e.g. "Deputy principal")',
      });
    }
    if (blank(slot.name)) {
      emit('DELEGATION_INVALID', `/years/${y}/signatures/${role}/name`, where, target, {
        reason: 'Ký thay Hiệu trưởng nhưng chưa ghi họ tên người ký thay',
        reasonEn: 'Signed on behalf of the principal without the name of the person who signs',
      });
    }
  }
}
