/**
 * Which token and certificate `hocba sign` uses, from what the drivers list. Without
 * --token, the one token holding a certificate that fits the role (a PC often has two:
 * the school's seal and the principal's token); with several, the user picks, since a
 * document signed with the wrong person's key cannot be taken back. Every refusal names
 * what was seen, so the next try can be typed from it.
 */
import { type Bilingual, defineErrors, type HocbaError } from '@hocba/shared/errors';
import type { CertificateInfo, TokenInfo } from '@hocba/shared/protocol';
import { ROLES, type SignatureRole } from '@hocba/shared/roles';
import { hocbaCommand } from '../../deploy/command-name.js';
import { tokenError } from '../../pkcs11/errors.js';

const choiceErrors = defineErrors({
  NO_TOKEN: {
    vi: 'Không thấy USB token nào (driver đã nạp: {modules}). Cắm token vào máy (đèn token sáng) rồi thử lại; “{hocba} doctor” cho biết driver và token mà máy nhìn thấy.',
    en: 'No USB token found (drivers loaded: {modules}). Plug the token in (its light on) and try again; “{hocba} doctor” shows the drivers and tokens this PC sees.',
  },
  TOKEN_NOT_FOUND: {
    vi: 'Không thấy token “{token}” (token đang cắm: {present}). Ghi sau --token đúng số sê-ri hoặc nhãn của token.',
    en: 'Token “{token}” not found (tokens plugged in: {present}). Give --token the serial number or label of a token.',
  },
  SEVERAL_TOKENS: {
    vi: 'Có {count} token có chứng thư số dùng được cho vai trò {role}: {present}. Chọn một bằng --token <số sê-ri hoặc nhãn>.',
    en: '{count} tokens hold a certificate usable for the {roleEn} role: {present}. Pick one with --token <serial or label>.',
  },
  CERTIFICATE_NOT_FOUND: {
    vi: 'Token {token} không có chứng thư số “{id}” (chứng thư trên token: {certificates}). Ghi sau --cert mã CKA_ID của một chứng thư trong danh sách.',
    en: 'Token {token} has no certificate “{id}” (certificates on it: {certificates}). Give --cert the CKA_ID of one listed.',
  },
  NO_CERTIFICATE_FOR_ROLE: {
    vi: 'Không có chứng thư số nào còn hạn, được phép ký và hợp với vai trò {role} (chứng thư thấy được: {certificates}). Dùng token khác, chọn chứng thư bằng --cert <CKA_ID>, hoặc chạy “{hocba} doctor”.',
    en: 'No certificate is in date, allowed to sign and fit for the {roleEn} role (certificates seen: {certificates}). Use another token, pick one with --cert <CKA_ID>, or run “{hocba} doctor”.',
  },
});

/** `{hocba}` in a hint: the command as typed on this PC (hocba.cmd's full path on Windows). */
export function signChoiceError(
  code: keyof typeof choiceErrors.catalog & string,
  params: Record<string, string | number>,
): HocbaError {
  return choiceErrors(code, { ...params, hocba: hocbaCommand() });
}

export interface SignChoice {
  token: TokenInfo;
  certificate: CertificateInfo;
}

const tokenName = (t: TokenInfo) => `${t.label || '(không nhãn / no label)'} (serial ${t.serial})`;

function certName(c: CertificateInfo): string {
  const state =
    c.validity !== 'valid'
      ? c.validity === 'expired'
        ? 'hết hạn / expired'
        : 'chưa hiệu lực / not yet valid'
      : c.keyUsage !== 'signing'
        ? 'không ký được / cannot sign'
        : c.roleHints.join('|');
  return `[${c.id}] ${c.subject.commonName ?? c.subject.text} (${state})`;
}

function list(items: string[]): string {
  return items.length ? items.join('; ') : 'không có / none';
}

/** In date and allowed to sign (a CA certificate kept on the token is neither). */
function usable(c: CertificateInfo): boolean {
  return c.validity === 'valid' && c.keyUsage === 'signing';
}

/** The certificate of a token that fits the role best (the role first among its hints), if any. */
function bestFor(token: TokenInfo, role: SignatureRole): CertificateInfo | undefined {
  const fitting = token.certificates.filter((c) => usable(c) && c.roleHints.includes(role));
  return fitting.sort((a, b) => a.roleHints.indexOf(role) - b.roleHints.indexOf(role))[0];
}

export interface ChoiceOptions {
  role: SignatureRole;
  /** --token: a serial number or a label. */
  token?: string;
  /** --cert: a CKA_ID. */
  cert?: string;
  /** The drivers loaded, for the "no token" answer. */
  modules: readonly string[];
}

/** The token and certificate to sign with, or a typed error naming what was seen. */
export function chooseSigner(tokens: readonly TokenInfo[], options: ChoiceOptions): SignChoice {
  const { role } = options;
  const roleWords: Bilingual = ROLES[role].label;
  if (tokens.length === 0) throw signChoiceError('NO_TOKEN', { modules: list([...options.modules]) });
  const present = list(tokens.map(tokenName));
  let candidates = [...tokens];
  if (options.token !== undefined) {
    candidates = tokens.filter((t) => t.serial === options.token || t.label === options.token);
    if (candidates.length === 0) throw signChoiceError('TOKEN_NOT_FOUND', { token: options.token, present });
  }
  if (options.cert !== undefined) {
    const id = options.cert;
    const holding = candidates.filter((t) => t.certificates.some((c) => c.id === id));
    if (holding.length === 0) {
      const certificates = list(candidates.flatMap((t) => t.certificates.map(certName)));
      throw signChoiceError('CERTIFICATE_NOT_FOUND', {
        token: list(candidates.map(tokenName)),
        id,
        certificates,
      });
    }
    if (holding.length > 1)
      throw signChoiceError('SEVERAL_TOKENS', {
        count: holding.length,
        role: roleWords.vi,
        roleEn: roleWords.en,
        present: list(holding.map(tokenName)),
      });
    const token = holding[0]!;
    return { token, certificate: token.certificates.find((c) => c.id === id)! };
  }
  const fitting = candidates.flatMap((token) => {
    const certificate = bestFor(token, role);
    return certificate ? [{ token, certificate }] : [];
  });
  if (fitting.length === 1) return fitting[0]!;
  if (fitting.length > 1)
    throw signChoiceError('SEVERAL_TOKENS', {
      count: fitting.length,
      role: roleWords.vi,
      roleEn: roleWords.en,
      present: list(fitting.map((f) => `${tokenName(f.token)}: ${certName(f.certificate)}`)),
    });
  throw signChoiceError('NO_CERTIFICATE_FOR_ROLE', {
    role: roleWords.vi,
    roleEn: roleWords.en,
    certificates: list(
      candidates.flatMap((t) => t.certificates.map((c) => `${tokenName(t)} ${certName(c)}`)),
    ),
  });
}

/**
 * The demo's SoftHSM token is seen only when the SoftHSM driver is loaded (never by itself:
 * it is not a school's driver) and SOFTHSM2_CONF names the token's folder. On a PC with
 * SoftHSM installed, a "no token" answer says so; elsewhere nothing.
 */
export function softHsmHint(
  modules: readonly string[],
  softHsmModule: string,
  installed: boolean,
  env: NodeJS.ProcessEnv = process.env,
): Bilingual | undefined {
  if (!modules.includes(softHsmModule)) {
    if (!installed) return undefined;
    return {
      vi: `Token demo (SoftHSM) chỉ được thấy khi thêm --module ${softHsmModule} và đặt SOFTHSM2_CONF=<thư mục dữ liệu>/softhsm/softhsm2.conf (“npm run demo” và “hocba demo-token” in đúng lệnh).`,
      en: `The demo token (SoftHSM) is seen only with --module ${softHsmModule} and SOFTHSM2_CONF=<data folder>/softhsm/softhsm2.conf (“npm run demo” and “hocba demo-token” print the exact command).`,
    };
  }
  if (env.SOFTHSM2_CONF) return undefined;
  return {
    vi: 'SOFTHSM2_CONF chưa đặt: SoftHSM đọc kho token mặc định của máy (/etc/softhsm/softhsm2.conf), không phải token demo. Đặt SOFTHSM2_CONF=<thư mục dữ liệu>/softhsm/softhsm2.conf.',
    en: 'SOFTHSM2_CONF is not set: SoftHSM reads the machine’s default token store (/etc/softhsm/softhsm2.conf), not the demo token. Set SOFTHSM2_CONF=<data folder>/softhsm/softhsm2.conf.',
  };
}

/**
 * A PIN state that must stop `hocba sign` before the PIN is asked: locked (no PIN can sign),
 * or one try left without --confirm-final-try (a typo would lock the token).
 */
export function pinRefusal(
  token: TokenInfo,
  confirmFinalTry: boolean,
): { error: HocbaError; hint?: Bilingual } | undefined {
  if (token.pin.status === 'locked') return { error: tokenError('PIN_LOCKED') };
  if (token.pin.status === 'finalTry' && !confirmFinalTry)
    return {
      error: tokenError('PIN_FINAL_TRY_CONFIRM'),
      hint: {
        vi: 'Kiểm tra PIN với người giữ token, rồi chạy lại với --confirm-final-try',
        en: 'check the PIN with its holder, then run again with --confirm-final-try',
      },
    };
  return undefined;
}
