/**
 * The verdict a secretary reads at a glance, in four levels like Acrobat and DigiDoc:
 * valid (green), valid with warnings (yellow), invalid (red), cannot decide (grey). Added
 * beside `verdict`, which keeps its meaning for existing consumers.
 */
import type { Bilingual } from '../errors/index.js';
import { ROLES, SIGNATURE_ROLES } from '../roles/index.js';
import type { DocumentReport, Problem, SignatureReport } from './report/index.js';

export type VerdictLevel = 'valid' | 'valid_with_warnings' | 'invalid' | 'cannot_decide';

export const VERDICT_LEVEL_WORDS: Record<VerdictLevel, Bilingual> = {
  valid: { vi: 'Hợp lệ', en: 'Valid' },
  valid_with_warnings: { vi: 'Hợp lệ, có cảnh báo', en: 'Valid, with warnings' },
  invalid: { vi: 'Không hợp lệ', en: 'Invalid' },
  cannot_decide: { vi: 'Chưa xác định được', en: 'Cannot be decided' },
};

/** What keeps a valid file from plain green: each is a reason to look before relying on it. */
export function verdictWarnings(report: DocumentReport): Problem[] {
  const out: Problem[] = [];
  const passed = report.signatures.filter((s) => s.status === 'TOTAL_PASSED');
  const people = passed.filter((s) => s.kind === 'SIGNATURE');
  // A record of ours names who must sign it; one missing means the record is not finished.
  if (report.record?.record) {
    const missing = SIGNATURE_ROLES.filter((r) => !people.some((s) => s.role === r));
    if (missing.length > 0)
      out.push({
        code: 'ROLE_MISSING',
        message: {
          vi: `Học bạ chưa đủ chữ ký: thiếu ${missing.map((r) => ROLES[r].label.vi).join(', ')}.`,
          en: `The record is not fully signed: missing ${missing.map((r) => ROLES[r].label.en).join(', ')}.`,
        },
      });
    const errors = report.record.findings.filter((f) => f.severity === 'error');
    if (errors.length > 0)
      out.push({
        code: 'RECORD_ERRORS',
        message: {
          vi: `Học bạ đính kèm có ${errors.length} lỗi theo Thông tư 27 (ví dụ: ${errors[0]?.where.vi}: ${errors[0]?.message.vi}).`,
          en: `The attached record has ${errors.length} Thông tư 27 errors (e.g. ${errors[0]?.where.en}: ${errors[0]?.message.en}).`,
        },
      });
  }
  const localRoots = [
    ...new Set(passed.filter((s) => s.trust.anchorSource === 'ADDED').map((s) => s.trust.anchor ?? '?')),
  ];
  if (localRoots.length > 0)
    out.push({
      code: 'LOCAL_ROOT',
      message: {
        vi: `Tin cậy nhờ chứng thư gốc do máy này thêm vào (${localRoots.join(', ')}), không phải chứng thư gốc quốc gia có sẵn.`,
        en: `Trusted through a root added on this computer (${localRoots.join(', ')}), not a bundled national root.`,
      },
    });
  const claimed = people.filter((s) => s.timeSource !== 'TIMESTAMP');
  if (claimed.length > 0)
    out.push({
      code: 'TIME_CLAIMED',
      message: {
        vi: `Thời điểm ký chỉ do người ký tự khai, không có dấu thời gian chứng thực (${claimed.map(who).join(', ')}).`,
        en: `The signing time is only claimed by the signer, with no trusted time-stamp (${claimed.map(who).join(', ')}).`,
      },
    });
  return out;
}

const who = (s: SignatureReport) => s.signer?.name ?? s.field;

export function verdictLevel(report: DocumentReport, warnings: readonly Problem[]): VerdictLevel {
  if (report.verdict === 'invalid') return 'invalid';
  if (report.verdict === 'indeterminate') return 'cannot_decide';
  return warnings.length > 0 ? 'valid_with_warnings' : 'valid';
}
