/**
 * The verdict a secretary reads at a glance, in four levels like Acrobat and DigiDoc:
 * valid (green), valid with warnings (yellow), invalid (red), cannot decide (grey). Added
 * beside `verdict`, which keeps its meaning for existing consumers.
 */
import { enCount } from '../errors/index.js';
import { ROLES, SIGNATURE_ROLES } from '../roles/index.js';
import { type DocumentReport, type Problem, roleMismatch, type SignatureReport } from './report/index.js';
import { lookalikeAlphabet } from './report/lookalike.js';
import type { VerdictLevel } from './report/verdict-level.js';

export { VERDICT_LEVEL_WORDS, type VerdictLevel } from './report/verdict-level.js';

/**
 * A document time-stamp that cannot be relied on (its TSA not trusted, its certificate
 * expired or revoked, a weak hash), beside a signer's signature that passed: set aside, as
 * an untrusted signature time-stamp is, with a warning (`verdictWarnings`). It proves no time, so it
 * rescues no expired certificate (longTermWarnings uses passing stamps only), and what its
 * revision changed is judged by the difference analysis of the signatures before it, as if it
 * were not there. A time-stamp whose bytes do not match is TOTAL_FAILED, never set aside.
 */
export function setAside(s: SignatureReport, sigs: readonly SignatureReport[]): boolean {
  return (
    s.kind === 'DOCUMENT_TIMESTAMP' &&
    s.status === 'INDETERMINATE' &&
    sigs.some((x) => x.kind === 'SIGNATURE' && x.status === 'TOTAL_PASSED')
  );
}

/** What keeps a valid file from plain green: each is a reason to look before relying on it. */
export function verdictWarnings(report: DocumentReport): Problem[] {
  const out: Problem[] = [];
  const passed = report.signatures.filter((s) => s.status === 'TOTAL_PASSED');
  const people = passed.filter((s) => s.kind === 'SIGNATURE');
  // A genuine signature in another role's field: the signature stands (who signed is certain),
  // the role claimed by the field does not; the reader is told before anything else.
  for (const s of people) {
    const mismatch = roleMismatch(s);
    if (mismatch) out.push({ code: 'ROLE_MISMATCH', message: mismatch });
  }
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
          en: `The attached record has ${enCount(errors.length, 'Thông tư 27 error', 'Thông tư 27 errors')} (e.g. ${errors[0]?.where.en}: ${errors[0]?.message.en}).`,
        },
      });
  }
  // A document time-stamp set aside (steps/summary.ts): the file is judged without it.
  for (const s of report.signatures.filter((x) => setAside(x, report.signatures)))
    out.push({
      code: 'DOC_TIMESTAMP_SET_ASIDE',
      message: {
        vi: `${s.message.vi} Dấu thời gian này không được dùng: các chữ ký được kiểm tra như khi không có nó.`,
        en: `${s.message.en} This time-stamp is not relied on: the signatures are checked as if it were not there.`,
      },
    });
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
  out.push(...lookalikeWarnings(people));
  out.push(...longTermWarnings(report, people));
  out.push(...formFillWarning(report));
  out.push(...overTextWarning(report));
  return out;
}

/** A signer whose name, title or school borrows letters of another alphabet (report/lookalike.ts). */
function lookalikeWarnings(people: readonly SignatureReport[]): Problem[] {
  const out: Problem[] = [];
  for (const s of people) {
    const { name, title, organization } = s.signer ?? {};
    const found = [name, title, organization]
      .map((text) => ({ text, alphabet: lookalikeAlphabet(text) }))
      .find((x) => x.alphabet);
    if (!found?.alphabet) continue;
    out.push({
      code: 'LOOKALIKE_LETTERS',
      message: {
        vi: `Chứng thư của người ký "${found.text}" có chữ cái ${found.alphabet.vi} trông giống chữ Latinh: tên hoặc chức danh có thể đang giả một người khác. Hãy đối chiếu người ký với nơi cấp chứng thư.`,
        en: `The signer's certificate "${found.text}" holds ${found.alphabet.en} letters that look like Latin ones: the name or title may be passing for someone else. Check the signer with the certificate's issuer.`,
      },
    });
  }
  return out;
}

/**
 * A later signature's picture drawn over the page's text (rules/signature-widget.ts): allowed,
 * as by Adobe and pyHanko, but what shows there may not be what the earlier signers saw.
 */
function overTextWarning(report: DocumentReport): Problem[] {
  const pages = new Set<string>();
  for (const s of report.signatures)
    for (const c of s.modifications.changes)
      if (c.rule === 'signature-widget' && c.verdict === 'ALLOWED') {
        const m = /to page (\d+), drawn over \d+ glyphs/.exec(c.detail);
        if (m?.[1]) pages.add(m[1]);
      }
  if (pages.size === 0) return [];
  const list = [...pages].join(', ');
  return [
    {
      code: 'SIGNATURE_OVER_TEXT',
      message: {
        vi: `Hình chữ ký của người ký sau được vẽ đè lên chữ của trang ${list}: chỗ bị đè có thể không còn là nội dung người ký trước đã ký. Hãy đối chiếu trang này với bản gốc trước khi dựa vào.`,
        en: `A later signer's signature picture is drawn over the text of page ${list}: what shows there may not be what the earlier signers signed. Compare that page with the original before relying on it.`,
      },
    },
  ];
}

/**
 * A form filled after signing is allowed (DocMDP P=2/3, or approvals without a certification)
 * but what those fields show is not what the signer saw: say which, before anyone relies on it.
 */
function formFillWarning(report: DocumentReport): Problem[] {
  const fields = new Set<string>();
  for (const s of report.signatures)
    for (const c of s.modifications.changes)
      if (c.kind === 'FORM_FILL' && c.verdict === 'ALLOWED')
        fields.add(/^form field (.*) filled in/.exec(c.detail)?.[1] ?? '?');
  if (fields.size === 0) return [];
  const names = [...fields].map((f) => `"${f}"`).join(', ');
  return [
    {
      code: 'FORM_FILLED',
      message: {
        vi: `Có ô nhập liệu được điền hoặc sửa sau khi ký (${names}): nội dung các ô này không phải nội dung người ký đã thấy.`,
        en: `Form fields were filled in or changed after signing (${names}): what they show is not what the signer saw.`,
      },
    },
  ];
}

/**
 * ETSI EN 319 102-1 past-signature view, kept simple: at the verification time, a signer's
 * certificate that has expired needs proof the signature existed before (its own trusted
 * time-stamp or a later document time-stamp, B-T/B-LTA); and the newest time-stamp the proof
 * rests on must itself still be within its certificate, or be renewed by a later one.
 */
function longTermWarnings(report: DocumentReport, people: SignatureReport[]): Problem[] {
  const out: Problem[] = [];
  const at = report.verifiedAt ? new Date(report.verifiedAt) : new Date();
  const day = (iso: string) => iso.slice(0, 10);
  const docStamps = report.signatures
    .map((s, index) => ({ s, index }))
    .filter(({ s }) => s.kind === 'DOCUMENT_TIMESTAMP' && s.status === 'TOTAL_PASSED' && s.signedAt);
  const unproven: SignatureReport[] = [];
  for (const s of people) {
    const validTo = s.signer?.validTo ? new Date(s.signer.validTo) : undefined;
    if (!validTo || validTo >= at) continue;
    const index = report.signatures.indexOf(s);
    const proofs = [
      ...(s.timeSource === 'TIMESTAMP' && s.signedAt ? [new Date(s.signedAt)] : []),
      ...docStamps.filter((d) => d.index > index).map((d) => new Date(d.s.signedAt!)),
    ];
    if (!proofs.some((t) => t <= validTo)) unproven.push(s);
  }
  if (unproven.length > 0)
    out.push({
      code: 'TIME_NOT_PROVEN_BEFORE_EXPIRY',
      message: {
        vi: `Chứng thư của ${unproven.map((s) => `${who(s)} (hết hạn ${day(s.signer!.validTo)})`).join(', ')} đã hết hạn vào thời điểm kiểm tra ${day(at.toISOString())}, và không có dấu thời gian chứng minh chữ ký có trước ngày hết hạn: chỉ dựa vào thời điểm người ký tự khai.`,
        en: `The certificate of ${unproven.map((s) => `${who(s)} (expired ${day(s.signer!.validTo)})`).join(', ')} has expired at the verification time ${day(at.toISOString())}, and no time-stamp proves the signature existed before: only the signer's claimed time is relied on.`,
      },
    });
  // The proof that must still hold now: the newest document time-stamp, else each signature's own.
  const newest = docStamps.at(-1)?.s;
  const relied = newest
    ? [{ s: newest, validTo: newest.signer?.validTo }]
    : people
        .filter((s) => s.timeSource === 'TIMESTAMP')
        .map((s) => ({ s, validTo: s.timestamp?.tsaValidTo ?? undefined }));
  const expired = relied.filter((r) => r.validTo && new Date(r.validTo) < at);
  if (expired.length > 0)
    out.push({
      code: 'TIMESTAMP_EXPIRED',
      message: {
        vi: `Chứng thư của máy chủ dấu thời gian đã hết hạn (${expired.map((r) => day(r.validTo!)).join(', ')}) mà chưa có dấu thời gian lưu trữ mới hơn: cần đóng dấu lại trước khi hết hạn (hocba archive restamp).`,
        en: `The time-stamp server's certificate has expired (${expired.map((r) => day(r.validTo!)).join(', ')}) with no newer archive time-stamp: restamp before expiry (hocba archive restamp).`,
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
