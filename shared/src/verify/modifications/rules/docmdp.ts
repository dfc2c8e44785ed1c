/**
 * The permission level governing the signature asking (`permissions.ts`: its own DocMDP, the
 * document's certification, a FieldMDP lock) overrules the rules for it alone: P=2 and 3
 * permit form filling; P=1 forbids even later signatures (PAdES still allows /DSS and document
 * time-stamps). A change it overrules carries its name.
 */
import type { Change } from '../change.js';

export function applyDocMdp(c: Change, docMdp: number | undefined): void {
  if (c.kind === 'FORM_FILL' && c.verdict === 'DISALLOWED' && (docMdp === 2 || docMdp === 3)) {
    c.verdict = 'ALLOWED';
    c.detail += ' (form filling is permitted: DocMDP P=2/3, or no certification: permissions.ts)';
    c.rule = 'docmdp';
    return;
  }
  if (docMdp === 1 && c.verdict === 'ALLOWED' && (c.kind === 'SIGNATURE' || c.kind === 'SIGNATURE_FIELD')) {
    c.verdict = 'DISALLOWED';
    c.detail += ' (the certification signature allows no changes: DocMDP P=1)';
    c.message = {
      vi: `${c.message.vi} — không được phép: chữ ký chứng thực khoá tài liệu (DocMDP P=1)`,
      en: `${c.message.en} — not allowed: the certification signature locks the document (DocMDP P=1)`,
    };
    c.rule = 'docmdp';
  }
}
