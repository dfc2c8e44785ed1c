/**
 * Signatures a portal PDF already carries, checked before a later role signs it. The sign
 * window reads the record inside the file as it is now; that is the record the earlier signer
 * checked only if their signature still covers it: a portal that swapped the record or the
 * page after the teacher signed (red team, session 7) would otherwise get the principal's
 * signature over what nobody checked. Integrity and changes after signing only: whether the
 * signer's certificate is trusted is the verify page's question, not a reason to refuse here.
 */
import type { Bilingual } from '@hocba/shared/errors';
import { bundledTrustStore, type SignatureReport, verifyPdf } from '@hocba/shared/verify';

/** Sub-indications that mean the signed bytes are not what is in the file now. */
const BROKEN = new Set(['FORMAT_FAILURE', 'HASH_FAILURE', 'SIG_CRYPTO_FAILURE', 'MODIFIED_AFTER_SIGNING']);
/** Document-level answers with no signature judged: nothing can be said to still hold. */
const UNDECIDED = new Set([
  'TOO_LARGE',
  'TOO_MANY_REVISIONS',
  'TOO_MANY_OBJECTS',
  'TOO_MANY_SIGNATURES',
  'ENCRYPTED',
  'UNREADABLE',
]);

const broken = (s: SignatureReport) =>
  s.integrity.status !== 'INTACT' ||
  s.integrity.byteRange !== 'OK' ||
  s.modifications.status === 'DISALLOWED' ||
  (s.subIndication !== null && BROKEN.has(s.subIndication));

/** Why the signatures already in `pdf` do not cover it as it is, or undefined when they do. */
export async function earlierSignatureProblem(pdf: Uint8Array): Promise<Bilingual | undefined> {
  const report = await verifyPdf(pdf, { trust: bundledTrustStore() });
  const bad = report.signatures.find(broken);
  if (bad)
    return {
      vi: `Chữ ký đã có trong tệp (ô "${bad.field}") không còn khớp với nội dung hiện tại: ${bad.message.vi} Không ký tệp này; hãy lấy lại bản gốc.`,
      en: `The signature already in the file (field "${bad.field}") no longer matches its content: ${bad.message.en} Do not sign this file; get the original again.`,
    };
  if (report.signatures.length === 0 && report.problems.some((p) => UNDECIDED.has(p.code)))
    return {
      vi: `Không kiểm tra được các chữ ký đã có trong tệp: ${report.reason.vi}`,
      en: `The signatures already in the file cannot be checked: ${report.reason.en}`,
    };
  return undefined;
}
