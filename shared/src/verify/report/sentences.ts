/**
 * The report's sentences, Vietnamese first, English second, that a school secretary can act
 * on: who signed in what role, each signature's outcome, a field or a change in words.
 */
import type { Bilingual } from '../../errors/index.js';
import { ROLES, roleOfFieldName, type SignatureRole } from '../../roles/index.js';
import { displayText } from './display-text.js';
import type { Problem, SignatureReport } from './document-report.js';
import { formatProblemWords } from './format-problem.js';

export const ROLE_WORDS: Record<SignatureRole, Bilingual> = {
  gvcn: { vi: 'giáo viên chủ nhiệm', en: 'homeroom teacher' },
  principal: { vi: 'hiệu trưởng', en: 'principal' },
  seal: { vi: 'con dấu nhà trường', en: 'school seal' },
};

function who(s: SignatureReport): Bilingual {
  const name = displayText(s.signer?.name ?? s.field);
  if (s.roleEvidence?.agreement === 'DELEGATED') {
    const title = s.roleEvidence.certificateSays ?? '';
    return {
      vi: `${name} (${title}, ký thay hiệu trưởng)`,
      en: `${name} (${title}, signing for the principal)`,
    };
  }
  if (!s.role) return { vi: name, en: name };
  return { vi: `${name} (${ROLE_WORDS[s.role].vi})`, en: `${name} (${ROLE_WORDS[s.role].en})` };
}

/**
 * A signature field in words: ours by the role it is for ("ô chữ ký dành cho hiệu trưởng"),
 * never an internal name like `hocba.seal`; another product's field by its name in quotes.
 */
export function fieldWords(field: string): Bilingual {
  const role = roleOfFieldName(field);
  // Another product's name is the file's words: quoted made safe (a U+202E would reorder the line).
  const shown = displayText(field);
  return role
    ? { vi: `ô chữ ký dành cho ${ROLE_WORDS[role].vi}`, en: `the ${ROLE_WORDS[role].en}'s signature field` }
    : { vi: `ô chữ ký "${shown}"`, en: `signature field "${shown}"` };
}

const capital = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

/** An empty signature field: the next signer has not signed yet. */
export function unsignedFieldProblem(field: string): Problem {
  const w = fieldWords(field);
  return {
    code: 'UNSIGNED_FIELD',
    message: { vi: `${capital(w.vi)} chưa được ký`, en: `${capital(w.en)} is not signed` },
  };
}

/**
 * The one time format of reports: Vietnam time (UTC+7, no daylight saving), dd/mm/yyyy HH:mm,
 * whatever the zone of the computer that verifies.
 */
export function vietnamTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/**
 * The field claims one role and the certificate says another: one sentence naming both, in
 * the certificate's own words (the CLI, the verify page, its print and the standalone file).
 */
export function roleMismatch(s: SignatureReport): Bilingual | null {
  const e = s.roleEvidence;
  if (e?.agreement !== 'MISMATCH' || !e.claimed) return null;
  const field = ROLES[e.claimed].label;
  const name = displayText(s.signer?.name ?? s.field);
  const says: Bilingual =
    e.certifiedBy === 'ORGANISATION_ID'
      ? {
          vi: `là chứng thư của một tổ chức (${e.certificateSays})`,
          en: `belongs to an organisation (${e.certificateSays})`,
        }
      : e.certifiedBy === 'UNIT'
        ? { vi: `ghi đơn vị "${e.certificateSays}"`, en: `names the unit "${e.certificateSays}"` }
        : { vi: `ghi chức vụ "${e.certificateSays}"`, en: `gives the title "${e.certificateSays}"` };
  return {
    vi: `Vai trò không khớp: ${name} ký vào ô dành cho ${field.vi}, nhưng chứng thư số ${says.vi}; không coi là chữ ký của ${field.vi}.`,
    en: `Role mismatch: ${name} signed in the ${field.en}'s field, but the certificate ${says.en}; it does not count as the ${field.en}'s signature.`,
  };
}

/** The sentence for one signature: its outcome, then a role mismatch when there is one. */
export function signatureMessage(s: SignatureReport): Bilingual {
  const outcome = outcomeMessage(s);
  const role = roleMismatch(s);
  return role ? { vi: `${outcome.vi} ${role.vi}`, en: `${outcome.en} ${role.en}` } : outcome;
}

function outcomeMessage(s: SignatureReport): Bilingual {
  const w = who(s);
  const time = s.signedAt ? vietnamTime(s.signedAt) : null;
  switch (s.subIndication) {
    case null: {
      const when =
        time && s.timeSource === 'TIMESTAMP'
          ? {
              vi: ` lúc ${time} giờ Việt Nam (theo dấu thời gian)`,
              en: ` at ${time} Vietnam time (time-stamped)`,
            }
          : time
            ? {
                vi: ` lúc ${time} giờ Việt Nam (thời gian do người ký khai)`,
                en: ` at ${time} Vietnam time (time claimed by the signer)`,
              }
            : { vi: '', en: '' };
      return {
        vi: `Chữ ký của ${w.vi} hợp lệ${when.vi}, chứng thư số được ${s.trust.anchor ?? 'tổ chức tin cậy'} bảo đảm.`,
        en: `The signature of ${w.en} is valid${when.en}; the certificate chains to ${s.trust.anchor ?? 'a trusted root'}.`,
      };
    }
    case 'FORMAT_FAILURE': {
      const problem = formatProblemWords(s.integrity.byteRange, s.integrity.detail);
      return {
        vi: `Chữ ký ở ${fieldWords(s.field).vi} bị lỗi cấu trúc hoặc đã bị làm giả nên không có giá trị (${problem.vi}).`,
        en: `The signature in ${fieldWords(s.field).en} is malformed or forged and has no value (${problem.en}).`,
      };
    }
    case 'HASH_FAILURE':
    case 'SIG_CRYPTO_FAILURE':
      return {
        vi: `Nội dung đã bị thay đổi sau khi ${w.vi} ký: chữ ký không còn khớp với tệp.`,
        en: `The content was changed after ${w.en} signed: the signature no longer matches the file.`,
      };
    case 'MODIFIED_AFTER_SIGNING': {
      const first = s.modifications.changes.find((c) => c.verdict === 'DISALLOWED');
      return {
        vi: `Tệp đã bị sửa sau khi ${w.vi} ký (${first?.message?.vi ?? changeWords(first?.kind).vi}), nội dung đang hiển thị không phải nội dung đã ký.`,
        en: `The file was edited after ${w.en} signed (${first?.message?.en ?? changeWords(first?.kind).en}); what is shown is not what was signed.`,
      };
    }
    case 'REVOKED':
      return {
        vi: `Chứng thư số của ${w.vi} đã bị thu hồi.`,
        en: `The certificate of ${w.en} has been revoked.`,
      };
    case 'EXPIRED':
      return {
        vi: `Chứng thư số của ${w.vi} đã hết hạn vào thời điểm ký.`,
        en: `The certificate of ${w.en} had expired at the signing time.`,
      };
    case 'NOT_YET_VALID':
      return {
        vi: `Chứng thư số của ${w.vi} chưa có hiệu lực vào thời điểm ký.`,
        en: `The certificate of ${w.en} was not yet valid at the signing time.`,
      };
    case 'CHAIN_CONSTRAINTS_FAILURE':
      if (s.trust.status === 'CONSTRAINTS_FAILED')
        return {
          // The constraint's detail is technical English: in the English line only.
          vi: `Chuỗi chứng thư của ${w.vi} vi phạm ràng buộc mà tổ chức cấp chứng thư đặt ra (ví dụ: tên, mục đích sử dụng hoặc độ dài chuỗi không được phép).`,
          en: `The certificate chain of ${w.en} breaks a constraint set by an issuer (${s.trust.detail ?? ''}).`,
        };
      return {
        vi: `Chứng thư số của ${w.vi} không được cấp để ký số.`,
        en: `The certificate of ${w.en} is not issued for digital signatures.`,
      };
    case 'NO_CERTIFICATE_CHAIN_FOUND':
      if (s.kind === 'DOCUMENT_TIMESTAMP')
        // A time-stamping service, not a person: nobody "signed" here.
        return {
          vi: `Không xác minh được dấu thời gian của tài liệu: chứng thư của đơn vị cấp dấu thời gian (${w.vi}) không do tổ chức chứng thực tin cậy nào cấp.`,
          en: `The document time-stamp cannot be confirmed: the certificate of the time-stamping service (${w.en}) does not chain to a trusted root.`,
        };
      return {
        vi: `Không xác minh được người ký: chứng thư số của ${w.vi} không do tổ chức chứng thực tin cậy nào cấp.`,
        en: `The signer cannot be confirmed: the certificate of ${w.en} does not chain to a trusted root.`,
      };
    case 'NO_SIGNING_CERTIFICATE_FOUND':
      if (s.integrity.signerMisnamed)
        return {
          vi: `Chữ ký ở ${fieldWords(s.field).vi} ghi sai tên đơn vị cấp chứng thư số của người ký (lỗi của phần mềm ký, hay gặp khi tên đơn vị cấp có dấu tiếng Việt), nên không xác định được người ký. Đề nghị nơi gửi ký lại bằng phần mềm ký khác.`,
          en: `The signature in ${fieldWords(s.field).en} names the issuer of the signer's certificate wrongly (a signing software error, common when the issuer's name has Vietnamese diacritics), so the signer cannot be identified. Ask the sender to sign again with other signing software.`,
        };
      return {
        vi: `Chữ ký ở ${fieldWords(s.field).vi} không kèm chứng thư số của người ký.`,
        en: `The signature in ${fieldWords(s.field).en} does not carry the signer's certificate.`,
      };
    case 'CRYPTO_CONSTRAINTS_FAILURE':
      if (s.integrity.status === 'INTACT')
        // Checked, but with an algorithm no longer safe (SHA-1): steps/signature.ts weakHash.
        return {
          vi: `Chữ ký của ${w.vi} dùng thuật toán băm SHA-1, nay không còn an toàn (có thể làm giả nội dung cho khớp chữ ký): không khẳng định được nội dung là nội dung đã ký. Đề nghị nơi gửi ký lại bằng SHA-256.`,
          en: `The signature of ${w.en} uses the SHA-1 hash, no longer safe (content can be forged to match the signature): it cannot confirm the content is what was signed. Ask the sender to sign again with SHA-256.`,
        };
      return {
        vi: `Chữ ký của ${w.vi} dùng thuật toán không được hỗ trợ.`,
        en: `The signature of ${w.en} uses an unsupported algorithm.`,
      };
    case 'TRY_LATER':
      return {
        vi: `Chưa có thông tin thu hồi để kiểm tra chứng thư số của ${w.vi}.`,
        en: `No revocation information is available for the certificate of ${w.en}.`,
      };
  }
}

export function changeWords(kind: string | undefined): Bilingual {
  switch (kind) {
    case 'PAGE_CONTENT':
      return { vi: 'nội dung trang bị thay', en: 'page content replaced' };
    case 'PAGES':
      return { vi: 'thêm, bớt hoặc đổi thứ tự trang', en: 'pages added, removed or reordered' };
    case 'ANNOTATION':
      return {
        vi: 'thêm hoặc sửa chú thích che lên nội dung',
        en: 'annotations over the content added or changed',
      };
    case 'CATALOG':
      return { vi: 'cấu trúc tài liệu bị đổi', en: 'document structure changed' };
    case 'FORM':
      return { vi: 'ô nhập liệu bị sửa', en: 'form fields changed' };
    case 'TRAILING_BYTES':
      return { vi: 'có dữ liệu lạ nối thêm vào cuối tệp', en: 'unknown data appended at the end' };
    case 'SIGNATURE':
    case 'SIGNATURE_FIELD':
      return {
        vi: 'chữ ký bị thay hoặc thêm khi tài liệu đã khoá',
        en: 'a signature replaced, or added to a locked document',
      };
    default:
      return { vi: 'thay đổi không giải thích được', en: 'unexplained changes' };
  }
}
