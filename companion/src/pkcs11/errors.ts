/**
 * PKCS#11 failures as typed errors a principal can act on (Vietnamese first). pkcs11js
 * throws errors whose `message` is the CKR_* name; `fromPkcs11` maps them here.
 */
import { defineErrors, type HocbaError, isHocbaError } from '@hocba/shared/errors';

export const tokenError = defineErrors({
  MODULE_NOT_FOUND: {
    vi: 'Không tìm thấy thư viện PKCS#11 của token trên máy này. Hãy cài trình điều khiển token của nhà cung cấp chữ ký số, hoặc chỉ đường dẫn bằng --module.',
    en: 'No PKCS#11 module for the token was found on this computer. Install the CA’s token driver, or give its path with --module.',
  },
  MODULE_LOAD_FAILED: {
    vi: 'Không nạp được thư viện PKCS#11 "{path}": {reason}',
    en: 'Could not load the PKCS#11 module "{path}": {reason}',
  },
  TOKEN_NOT_FOUND: {
    vi: 'Không thấy token {token}. Hãy cắm USB token rồi thử lại.',
    en: 'Token {token} not found. Plug in the USB token and try again.',
  },
  TOKEN_NOT_PRESENT: {
    vi: 'Token không còn cắm vào máy. Hãy cắm lại USB token; các tài liệu đã ký vẫn được giữ.',
    en: 'The token is not plugged in. Plug the USB token back in; documents already signed are kept.',
  },
  TOKEN_REMOVED: {
    vi: 'USB token đã bị rút ra trong khi ký. Các tài liệu đã ký vẫn được giữ; cắm lại token và ký tiếp phần còn lại.',
    en: 'The USB token was removed while signing. Documents already signed are kept; plug it back in and resume.',
  },
  DEVICE_ERROR: {
    vi: 'Token báo lỗi thiết bị ({ckr}). Hãy rút ra, cắm lại và thử lại.',
    en: 'The token reported a device error ({ckr}). Unplug it, plug it back in and retry.',
  },
  TEST_FAULTS_INVALID: {
    vi: 'Biến môi trường HOCBA_TEST_FAULTS (chỉ dùng khi kiểm thử) không phải JSON hợp lệ.',
    en: 'HOCBA_TEST_FAULTS (tests only) is not valid JSON.',
  },
  TEST_FAULTS_NOT_SOFTHSM: {
    vi: 'HOCBA_TEST_FAULTS (chỉ dùng khi kiểm thử) chỉ được dùng với token mô phỏng SoftHSM, không với token thật.',
    en: 'HOCBA_TEST_FAULTS (tests only) works only with the SoftHSM test token, never a real one.',
  },
  PIN_INCORRECT: {
    vi: 'Mã PIN không đúng.',
    en: 'Wrong PIN.',
  },
  PIN_INCORRECT_COUNT_LOW: {
    vi: 'Mã PIN không đúng. Token báo chỉ còn ít lần thử: hãy kiểm tra kỹ trước khi nhập lại.',
    en: 'Wrong PIN. The token says few tries are left: check carefully before trying again.',
  },
  PIN_INCORRECT_FINAL_TRY: {
    vi: 'Mã PIN không đúng. Chỉ còn MỘT lần thử: nhập sai lần nữa token sẽ bị khoá.',
    en: 'Wrong PIN. ONE try is left: another mistake locks the token.',
  },
  PIN_FINAL_TRY_CONFIRM: {
    vi: 'Đây là lần thử PIN cuối cùng: nếu sai, token sẽ bị khoá và phải mang đến nhà cung cấp để mở. Hãy xác nhận trước khi thử.',
    en: 'This is the last PIN try: if it is wrong the token locks and must be unlocked by the CA. Confirm before trying.',
  },
  PIN_LOCKED: {
    vi: 'Mã PIN của token đã bị khoá. Hãy liên hệ nhà cung cấp chữ ký số để mở khoá (dùng mã PUK/SO PIN).',
    en: 'The token’s PIN is locked. Contact the certificate provider to unlock it (PUK/SO PIN).',
  },
  PIN_INVALID_FORMAT: {
    vi: 'Mã PIN không hợp lệ (độ dài hoặc ký tự không được token chấp nhận).',
    en: 'The PIN is not valid for this token (length or characters).',
  },
  PIN_EXPIRED: {
    vi: 'Mã PIN đã hết hạn; hãy đổi PIN bằng phần mềm của nhà cung cấp token.',
    en: 'The PIN has expired; change it with the token vendor’s software.',
  },
  NOT_LOGGED_IN: {
    vi: 'Phiên đăng nhập token đã kết thúc. Hãy nhập lại mã PIN.',
    en: 'The token session has ended. Enter the PIN again.',
  },
  CERTIFICATE_NOT_FOUND: {
    vi: 'Không thấy chứng thư số {id} trên token.',
    en: 'Certificate {id} is not on the token.',
  },
  KEY_NOT_FOUND: {
    vi: 'Không thấy khoá bí mật đi cùng chứng thư số {id} trên token.',
    en: 'The private key of certificate {id} is not on the token.',
  },
  ALGORITHM_UNSUPPORTED: {
    vi: 'Khoá trên token không ký được bằng thuật toán {algorithm}.',
    en: 'The key on the token cannot sign with {algorithm}.',
  },
  SIGN_FAILED: {
    vi: 'Token từ chối ký ({ckr}).',
    en: 'The token refused to sign ({ckr}).',
  },
  PKCS11_ERROR: {
    vi: 'Lỗi PKCS#11 {ckr} khi {operation}.',
    en: 'PKCS#11 error {ckr} during {operation}.',
  },
});

export type TokenErrorCode = keyof typeof tokenError.catalog;

/** The CKR_* name of a pkcs11js error, or undefined for anything else. */
export function ckrOf(error: unknown): string | undefined {
  if (error instanceof Error && /^CKR_[A-Z0-9_]+$/.test(error.message)) return error.message;
  return undefined;
}

/** Maps a pkcs11js error to the typed error a user can act on. */
export function fromPkcs11(error: unknown, operation: string): HocbaError {
  const ckr = ckrOf(error);
  const options = { cause: error };
  switch (ckr) {
    case 'CKR_PIN_INCORRECT':
      return tokenError('PIN_INCORRECT', {}, options);
    case 'CKR_PIN_LOCKED':
      return tokenError('PIN_LOCKED', {}, options);
    case 'CKR_PIN_INVALID':
    case 'CKR_PIN_LEN_RANGE':
      return tokenError('PIN_INVALID_FORMAT', {}, options);
    case 'CKR_PIN_EXPIRED':
      return tokenError('PIN_EXPIRED', {}, options);
    case 'CKR_DEVICE_REMOVED':
      return tokenError('TOKEN_REMOVED', {}, options);
    case 'CKR_TOKEN_NOT_PRESENT':
    case 'CKR_TOKEN_NOT_RECOGNIZED':
    case 'CKR_SLOT_ID_INVALID':
      return tokenError('TOKEN_NOT_PRESENT', {}, options);
    case 'CKR_DEVICE_ERROR':
    case 'CKR_DEVICE_MEMORY':
    case 'CKR_GENERAL_ERROR':
      return tokenError('DEVICE_ERROR', { ckr }, options);
    case 'CKR_USER_NOT_LOGGED_IN':
    case 'CKR_SESSION_HANDLE_INVALID':
    case 'CKR_SESSION_CLOSED':
      return tokenError('NOT_LOGGED_IN', {}, options);
    case 'CKR_MECHANISM_INVALID':
    case 'CKR_MECHANISM_PARAM_INVALID':
    case 'CKR_KEY_FUNCTION_NOT_PERMITTED':
    case 'CKR_KEY_TYPE_INCONSISTENT':
      return tokenError('ALGORITHM_UNSUPPORTED', { algorithm: ckr }, options);
    case undefined:
      return tokenError(
        'PKCS11_ERROR',
        { ckr: error instanceof Error ? error.message : String(error), operation },
        options,
      );
    default:
      return tokenError('PKCS11_ERROR', { ckr, operation }, options);
  }
}

/** Runs one PKCS#11 operation; what it throws comes out typed (fromPkcs11). */
export function pkcs11Call<T>(operation: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw isHocbaError(error) ? error : fromPkcs11(error, operation);
  }
}

/** True when the error means the token is gone (pulled out, not present): the batch must stop. */
export function isTokenGone(error: HocbaError): boolean {
  return (
    error.code === 'TOKEN_REMOVED' || error.code === 'TOKEN_NOT_PRESENT' || error.code === 'DEVICE_ERROR'
  );
}
