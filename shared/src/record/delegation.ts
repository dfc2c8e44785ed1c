/**
 * A delegated approval in words, both ways: "KT. HIỆU TRƯỞNG – PHÓ HIỆU TRƯỞNG Trần Thị Thu"
 * as portals print it, CSDL exports carry it and the sign window shows it, and back into
 * the record's `name` + `delegation` (how a portal's approval cell is read).
 */
import type { Delegation, SignatureSlot } from './schema.js';

/** "KT. HIỆU TRƯỞNG – PHÓ HIỆU TRƯỞNG Trần Thị Thu", or the principal's name when not delegated. */
export function approvalText(slot: Pick<SignatureSlot, 'name' | 'delegation'>): string {
  const d = slot.delegation;
  const name = slot.name?.trim() ?? '';
  if (!d) return name;
  return `${d.kind}. HIỆU TRƯỞNG – ${d.signerTitle.trim().toLocaleUpperCase('vi')} ${name}`.trim();
}

// "KT." then "Hiệu trưởng", a separator (dash, slash, comma, line break), the deputy's title
// (a "Phó hiệu trưởng" of any case), then the name.
const DELEGATED =
  /^\s*(KT)\s*\.?\s*HIỆU\s+TRƯỞNG\s*[-–—/,:;\n]*\s*(PHÓ\s+HIỆU\s+TRƯỞNG)\s*[-–—,:;\n]*\s*(.*)$/isu;

/** Reads an approval as printed; text that names no delegation is just the signer's name. */
export function parseApprovalText(text: string): { name: string | null; delegation: Delegation | null } {
  const clean = text
    .normalize('NFC')
    .replace(/[ \t\u00a0]+/g, ' ')
    .trim();
  const match = DELEGATED.exec(clean);
  if (!match) return { name: clean || null, delegation: null };
  const title = (match[2] as string).replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  const name = (match[3] as string).replace(/\s+/g, ' ').trim();
  return {
    name: name || null,
    delegation: { kind: 'KT', signerTitle: title.charAt(0).toLocaleUpperCase('vi') + title.slice(1) },
  };
}
