/**
 * Error codes of the protocol and the companion, shared so the extension can show the same
 * Vietnamese sentence the companion meant, and branch on `code`.
 */
import { defineErrors, HocbaError } from '../errors/index.js';

export const protocolError = defineErrors({
  MESSAGE_TOO_LARGE: {
    vi: 'Thông điệp quá lớn ({size} byte, tối đa {max} byte). Hãy chia lô thành nhiều phần nhỏ hơn.',
    en: 'Message too large ({size} bytes, at most {max}). Split the batch into smaller parts.',
  },
  MESSAGE_TOO_DEEP: {
    vi: 'Thông điệp lồng quá sâu (hơn {max} tầng mảng/đối tượng); không đọc được.',
    en: 'The message nests too deeply (more than {max} levels of arrays/objects); it was not read.',
  },
  MESSAGE_NOT_JSON: {
    vi: 'Thông điệp không phải JSON hợp lệ.',
    en: 'The message is not valid JSON.',
  },
  MESSAGE_INVALID: {
    vi: 'Thông điệp không đúng định dạng: {issues}',
    en: 'Malformed message: {issues}',
  },
  VERSION_UNSUPPORTED: {
    vi: 'Phiên bản giao thức {got} không được hỗ trợ (chương trình ký dùng phiên bản {want}). Hãy cập nhật tiện ích hoặc chương trình ký.',
    en: 'Protocol version {got} is not supported (the companion speaks {want}). Update the extension or the companion.',
  },
  NOT_AUTHENTICATED: {
    vi: 'Tiện ích chưa chứng minh đã ghép nối với chương trình ký; kết nối bị đóng.',
    en: 'The extension has not proved its pairing; the connection is closed.',
  },
  AUTH_FAILED: {
    vi: 'Xác thực ghép nối thất bại. Hãy ghép nối lại tiện ích với chương trình ký (lệnh: “{hocba} pair”).',
    en: 'Pairing proof failed. Pair the extension with the companion again (command: “{hocba} pair”).',
  },
  PAIRING_CODE_INVALID: {
    vi: 'Mã ghép nối không đúng hoặc đã hết hạn. Chạy lại lệnh “{hocba} pair” để lấy mã mới.',
    en: 'The pairing code is wrong or has expired. Run “{hocba} pair” again for a new code.',
  },
  PAIRING_TOO_MANY_ATTEMPTS: {
    vi: 'Tiện ích này đã nhập sai mã ghép nối quá nhiều lần. Chạy lại lệnh “{hocba} pair” để lấy mã mới.',
    en: 'This extension entered a wrong pairing code too many times. Run “{hocba} pair” again for a new code.',
  },
  PAIRING_OUT_OF_ORDER: {
    vi: 'Các bước ghép nối không đúng thứ tự; hãy thử ghép nối lại.',
    en: 'Pairing steps arrived out of order; start pairing again.',
  },
  TOO_MANY_CONNECTIONS: {
    vi: 'Chương trình ký đang có quá nhiều kết nối từ tiện ích; hãy đóng bớt các trang của tiện ích rồi thử lại.',
    en: 'The companion has too many extension connections; close some extension pages and try again.',
  },
  PAIRING_NOT_OPEN: {
    vi: 'Chương trình ký không đang mở ghép nối. Chạy lệnh “{hocba} pair” trên máy này trước.',
    en: 'The companion is not accepting pairings. Run “{hocba} pair” on this computer first.',
  },
  TOO_MANY_REQUESTS: {
    vi: 'Quá nhiều yêu cầu đang chờ; hãy đợi các yêu cầu trước hoàn tất.',
    en: 'Too many requests in flight; wait for the previous ones to finish.',
  },
  DUPLICATE_REQUEST_ID: {
    vi: 'Mã yêu cầu {id} đang được dùng.',
    en: 'Request id {id} is already in use.',
  },
  BATCH_TOO_LARGE: {
    vi: 'Lô có {count} tài liệu, vượt quá tối đa {max} tài liệu mỗi lô.',
    en: 'The batch has {count} documents, more than the {max} allowed per batch.',
  },
  DOCUMENT_TOO_LARGE: {
    vi: 'Tài liệu "{docId}" quá lớn ({size} byte, tối đa {max} byte).',
    en: 'Document "{docId}" is too large ({size} bytes, at most {max}).',
  },
  DUPLICATE_DOCUMENT_ID: {
    vi: 'Mã tài liệu "{docId}" bị lặp trong lô.',
    en: 'Document id "{docId}" appears twice in the batch.',
  },
  NOT_LOGGED_IN: {
    vi: 'Chưa đăng nhập token. Hãy nhập mã PIN trước khi ký.',
    en: 'Not logged in to the token. Enter the PIN before signing.',
  },
  BATCH_BUSY: {
    vi: 'Đang ký một lô khác; hãy đợi lô đó xong hoặc huỷ nó.',
    en: 'Another batch is being signed; wait for it or cancel it.',
  },
  INTERNAL_ERROR: {
    vi: 'Chương trình ký gặp lỗi nội bộ khi xử lý yêu cầu này; yêu cầu không được thực hiện. Chương trình vẫn chạy; hãy thử lại.',
    en: 'The companion hit an internal error handling this request; nothing was done. It is still running; try again.',
  },
  UNKNOWN_REQUEST: {
    vi: 'Không có yêu cầu nào mang mã {id}.',
    en: 'No request has id {id}.',
  },
});

export type ProtocolErrorCode = keyof typeof protocolError.catalog;

/** The refusals whose hint tells the user what to run: `{hocba}` in their text. */
export type PairingHintCode =
  | 'AUTH_FAILED'
  | 'PAIRING_CODE_INVALID'
  | 'PAIRING_TOO_MANY_ATTEMPTS'
  | 'PAIRING_NOT_OPEN';

/**
 * One of those refusals, naming the command as typed on the companion's PC: `hocba`, or
 * hocba.cmd (its full path) on Windows, where the bare `hocba` does not exist
 * (companion/src/deploy/command-name.ts). The name fills the text, not the error's details.
 */
export function pairingRefusal(code: PairingHintCode, hocba: string): HocbaError {
  const error = protocolError(code, { hocba });
  return new HocbaError(error.code, { vi: error.vi, en: error.en });
}
