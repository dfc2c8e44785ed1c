/**
 * Every finding the doctor can report: a code, what is wrong and what to do, Vietnamese first.
 * `{hocba}` in a hint is the command as the user types it on this PC (see hocbaCommand): on
 * Windows a full path, itself in double quotes when it has a space, so the sentence quotes a
 * command in “ ” and what is between them can be typed as it is.
 */
import { defineErrors, type ErrorInfo } from '@hocba/shared/errors';
import { hocbaCommand } from '../command-name.js';

export const doctorFinding = defineErrors({
  MODULE_NOT_FOUND: {
    vi: 'Không tìm thấy driver (thư viện PKCS#11) của token. Cài driver của nhà cung cấp chứng thư số (xem docs/install.md) rồi chạy “{hocba} install”, hoặc “{hocba} install --module <đường dẫn>”.',
    en: 'No token driver (PKCS#11 module) found. Install the CA vendor’s driver (see docs/install.md) then run “{hocba} install”, or “{hocba} install --module <path>”.',
  },
  MODULE_FILE_MISSING: {
    vi: 'Tệp thư viện PKCS#11 {path} không tồn tại. Cài lại driver token, hoặc sửa "module" trong {config} ({hocba} install --module <đường dẫn đúng>).',
    en: 'The PKCS#11 module file {path} does not exist. Reinstall the token driver, or fix "module" in {config} ({hocba} install --module <right path>).',
  },
  MODULE_OPTION_MISSING: {
    vi: 'Tệp thư viện PKCS#11 {path} (ghi sau --module) không tồn tại. Kiểm tra lại đường dẫn, hoặc chạy “{hocba} doctor” không có --module để xem các driver tìm thấy trên máy.',
    en: 'The PKCS#11 module file {path} (given with --module) does not exist. Check the path, or run “{hocba} doctor” without --module to see the drivers found on this PC.',
  },
  MODULE_ENV_MISSING: {
    vi: 'Tệp thư viện PKCS#11 {path} (trong biến môi trường HOCBA_MODULE) không tồn tại. Sửa hoặc xoá biến HOCBA_MODULE rồi chạy lại “{hocba} doctor”.',
    en: 'The PKCS#11 module file {path} (in the HOCBA_MODULE environment variable) does not exist. Fix or remove HOCBA_MODULE and run “{hocba} doctor” again.',
  },
  MODULE_LOAD_FAILED: {
    vi: 'Không nạp được thư viện PKCS#11 {path} ({reason}). Có thể sai kiến trúc (32/64-bit) hoặc không phải thư viện PKCS#11: cài bản driver 64-bit của nhà cung cấp.',
    en: 'Could not load the PKCS#11 module {path} ({reason}). It may be the wrong architecture (32/64-bit) or not a PKCS#11 library: install the vendor’s 64-bit driver.',
  },
  MODULE_NOT_PKCS11: {
    vi: 'Tệp {path} là một thư viện nhưng không phải driver PKCS#11 ({reason}): có thể là driver CSP/minidriver của Windows hay một thư viện khác của nhà cung cấp. Tìm trong thư mục cài driver tệp có chữ p11, pkcs11 hoặc csp11 trong tên, rồi chạy “{hocba} install --module <đường dẫn tệp đó>”.',
    en: 'The file {path} is a library but not a PKCS#11 driver ({reason}): perhaps a Windows CSP/minidriver or another of the vendor’s libraries. Look in the driver’s folder for a file with p11, pkcs11 or csp11 in its name and run “{hocba} install --module <that file>”.',
  },
  MODULE_WRONG_ARCHITECTURE: {
    vi: 'Thư viện PKCS#11 {path} là bản 32-bit (hoặc của kiến trúc khác), chương trình ký là 64-bit ({reason}). Cài bản driver 64-bit của nhà cung cấp (thường nằm trong System32, không phải SysWOW64).',
    en: 'The PKCS#11 module {path} is a 32-bit build (or for another architecture) and the companion is 64-bit ({reason}). Install the vendor’s 64-bit driver (usually in System32, not SysWOW64).',
  },
  MODULE_NOT_A_LIBRARY: {
    vi: 'Tệp {path} không phải thư viện (.dll/.so) mà là một loại tệp khác: có thể là bộ cài, tài liệu, hay tệp tải về bị hỏng ({reason}). Tìm trong thư mục cài driver của nhà cung cấp tệp .dll (Windows) hoặc .so (Linux) có chữ p11, pkcs11 hoặc csp11 trong tên, rồi chạy “{hocba} install --module <đường dẫn tệp đó>”.',
    en: 'The file {path} is not a library (.dll/.so) but some other kind of file: an installer, a document, or a broken download ({reason}). Look in the vendor’s driver folder for a .dll (Windows) or .so (Linux) file with p11, pkcs11 or csp11 in its name and run “{hocba} install --module <that file>”.',
  },
  MODULE_NOT_A_FILE: {
    vi: 'Đường dẫn driver {path} là một thư mục, không phải tệp thư viện. Ghi đường dẫn đầy đủ tới tệp .dll (Windows) hoặc .so (Linux) trong thư mục đó: “{hocba} install --module <đường dẫn tệp>”.',
    en: 'The driver path {path} is a folder, not a library file. Give the full path of the .dll (Windows) or .so (Linux) file in it: “{hocba} install --module <file path>”.',
  },
  NEEDS_MODULE: {
    vi: 'Chưa kiểm tra được vì thư viện PKCS#11 chưa nạp được; sửa lỗi ở trên trước.',
    en: 'Not checked because the PKCS#11 module could not be loaded; fix that first.',
  },
  NO_TOKEN_DRIVER_BROKEN: {
    vi: 'Không thấy USB token nào, nhưng driver đã chọn cho token ({path}) chưa nạp được: sửa lỗi ở mục “Thư viện PKCS#11” trên trước, rồi cắm token và chạy lại “{hocba} doctor”.',
    en: 'No USB token found, but the driver chosen for the token ({path}) did not load: fix the “PKCS#11 modules” error above first, then plug the token in and run “{hocba} doctor” again.',
  },
  CONFIG_INVALID: {
    vi: 'Tệp cấu hình {path} hỏng ({issues}): chương trình ký sẽ không chạy với tệp này. Sửa tệp (xem docs/install.md), hoặc đổi tên nó rồi chạy “{hocba} install” để ghi lại. Các mục dưới đây được kiểm tra với cấu hình mặc định.',
    en: 'The configuration file {path} is broken ({issues}): the companion will not start with it. Fix it (see docs/install.md), or rename it and run “{hocba} install” to write it again. The checks below use the default configuration.',
  },
  NO_TOKEN: {
    vi: 'Không thấy USB token nào. Cắm token vào máy (đèn token sáng) rồi chạy lại “{hocba} doctor”.',
    en: 'No USB token found. Plug the token in (its light on) and run “{hocba} doctor” again.',
  },
  TOKENS_FAILED: {
    vi: 'Không đọc được token: {reason}. Rút token ra, cắm lại và thử lại.',
    en: 'Could not read the tokens: {reason}. Unplug the token, plug it back in and retry.',
  },
  NO_CERTIFICATE: {
    vi: 'Token {token} không có chứng thư số nào: có thể khoá đã được tạo nhưng chứng thư chưa được nạp vào token. Nạp chứng thư bằng phần mềm quản lý token của nhà cung cấp, hoặc mang token đến nhà cung cấp chứng thư số.',
    en: 'Token {token} holds no certificate: the key may have been made but its certificate never loaded onto the token. Load it with the vendor’s token manager, or take the token to the certificate provider.',
  },
  NO_SIGNING_CERTIFICATE: {
    vi: 'Token {token} không có chứng thư số nào dùng để ký được. Liên hệ nhà cung cấp chứng thư số.',
    en: 'Token {token} has no certificate that can sign. Contact the certificate provider.',
  },
  CERT_EXPIRED: {
    vi: 'Chứng thư số "{subject}" đã hết hạn ngày {date}. Liên hệ nhà cung cấp để gia hạn; chữ ký bằng chứng thư hết hạn không có giá trị.',
    en: 'The certificate "{subject}" expired on {date}. Ask the provider to renew it; signatures with an expired certificate are not valid.',
  },
  CERT_NOT_YET_VALID: {
    vi: 'Chứng thư số "{subject}" chỉ có hiệu lực từ {date}. Kiểm tra đồng hồ của máy tính.',
    en: 'The certificate "{subject}" is valid only from {date}. Check the computer’s clock.',
  },
  CERT_EXPIRING: {
    vi: 'Chứng thư số "{subject}" sẽ hết hạn ngày {date} (còn {days} ngày). Liên hệ nhà cung cấp để gia hạn sớm.',
    en: 'The certificate "{subject}" expires on {date} ({days} days left). Ask the provider to renew it soon.',
  },
  CERT_NO_SIGNING_USAGE: {
    vi: 'Chứng thư số "{subject}" không cho phép ký (thiếu digitalSignature/nonRepudiation). Dùng chứng thư khác trên token hoặc liên hệ nhà cung cấp.',
    en: 'The certificate "{subject}" does not allow signing (no digitalSignature/nonRepudiation). Use another certificate or contact the provider.',
  },
  PIN_LOCKED: {
    vi: 'PIN của token {token} đã bị khoá. Mang token đến nhà cung cấp chứng thư số để mở khoá (PUK/SO PIN).',
    en: 'The PIN of token {token} is locked. Take the token to the certificate provider to unlock it (PUK/SO PIN).',
  },
  PIN_FINAL_TRY: {
    vi: 'Token {token} chỉ còn MỘT lần thử PIN. Nhập sai lần nữa là token bị khoá: kiểm tra PIN với người giữ token trước khi ký.',
    en: 'Token {token} has ONE PIN try left. One more mistake locks it: check the PIN with its holder before signing.',
  },
  PIN_COUNT_LOW: {
    vi: 'Token {token} đã bị nhập sai PIN: còn ít lần thử. Nhập PIN cẩn thận.',
    en: 'Token {token} had wrong PINs: few tries are left. Type the PIN carefully.',
  },
  PIN_TO_BE_CHANGED: {
    vi: 'Token {token} yêu cầu đổi PIN. Đổi PIN bằng phần mềm quản lý token của nhà cung cấp.',
    en: 'Token {token} requires a PIN change. Change it with the vendor’s token manager.',
  },
  PIN_NOT_INITIALIZED: {
    vi: 'Token {token} chưa có PIN người dùng. Liên hệ nhà cung cấp chứng thư số.',
    en: 'Token {token} has no user PIN set. Contact the certificate provider.',
  },
  COMPANION_NOT_RUNNING: {
    vi: 'Chương trình ký chưa chạy (cổng {port} trống). Chạy “{hocba} install” để tự chạy khi đăng nhập, hoặc “{hocba} serve” để chạy ngay.',
    en: 'The companion is not running (port {port} is free). Run “{hocba} install” to start it at login, or “{hocba} serve” to run it now.',
  },
  COMPANION_NOT_RUNNING_SYSTEMD: {
    vi: 'Chương trình ký chưa chạy (cổng {port} trống) dù đã cài dịch vụ systemd. Chạy “systemctl --user restart hocba-companion”; nếu nó lại dừng, xem “journalctl --user -u hocba-companion” và lỗi gần đây bên dưới.',
    en: 'The companion is not running (port {port} is free) although its systemd service is installed. Run “systemctl --user restart hocba-companion”; if it stops again, see “journalctl --user -u hocba-companion” and the recent errors below.',
  },
  COMPANION_NOT_RUNNING_XDG: {
    vi: 'Chương trình ký chưa chạy (cổng {port} trống); nó được cài để chạy khi đăng nhập (XDG autostart). Đăng xuất rồi đăng nhập lại, hoặc chạy “{hocba} serve” ngay; nếu nó dừng, xem lỗi gần đây bên dưới.',
    en: 'The companion is not running (port {port} is free); it is installed to start at login (XDG autostart). Sign out and in again, or run “{hocba} serve” now; if it stops, see the recent errors below.',
  },
  COMPANION_UNCONFIRMED: {
    vi: 'Cổng {port} có chương trình trả lời giống chương trình ký nhưng không nhận ghép nối của máy này (có thể chạy với thư mục dữ liệu khác hoặc người dùng khác). Ghép nối tiện ích (“{hocba} pair”) rồi chạy lại.',
    en: 'Port {port} answers like the companion but refuses this PC’s pairings (another data folder or user?). Pair the extension (“{hocba} pair”) and run again.',
  },
  PORT_TAKEN: {
    vi: 'Cổng {port} đang bị một chương trình khác dùng. Tìm chương trình đó ({finder}) rồi tắt nó, hoặc đặt "port" khác trong {config} và cùng cổng đó trong chính sách của tiện ích (companionPort).',
    en: 'Port {port} is used by another program. Find it ({finder}) and stop it, or set another "port" in {config} and the same companionPort in the extension policy.',
  },
  PAIRINGS_INVALID: {
    vi: 'Tệp ghép nối {path} hỏng ({reason}): chương trình ký không nhận tiện ích nào cho tới khi sửa. Đổi tên tệp đó (ví dụ thành pairings.json.hong), rồi ghép nối lại: chạy “{hocba} pair” và nhập mã ở mục “Ghép nối” của trang “Cài đặt Học bạ số”.',
    en: 'The pairings file {path} is broken ({reason}): the companion accepts no extension until it is fixed. Rename it (to pairings.json.broken, say), then pair again: run “{hocba} pair” and enter the code under “Ghép nối” in the extension’s settings page, “Cài đặt Học bạ số”.',
  },
  NOT_PAIRED: {
    vi: 'Tiện ích chưa được ghép nối với máy này. Chạy “{hocba} pair” và nhập mã ở mục “Ghép nối” của trang “Cài đặt Học bạ số” (nhấp chuột phải vào biểu tượng Học bạ số › Tùy chọn), hoặc dùng chính sách do “{hocba} policy” tạo.',
    en: 'The extension is not paired with this PC. Run “{hocba} pair” and enter the code under “Ghép nối” in its settings page, “Cài đặt Học bạ số” (right-click the Học bạ số icon › Options), or deploy the policy made by “{hocba} policy”.',
  },
  DATA_DIR_NOT_WRITABLE: {
    vi: 'Không ghi được vào thư mục dữ liệu {path} ({reason}). Cấp quyền ghi cho người dùng này, hoặc chọn thư mục khác bằng --data-dir / HOCBA_DATA_DIR.',
    en: 'Cannot write to the data folder {path} ({reason}). Give this user write access, or choose another folder with --data-dir / HOCBA_DATA_DIR.',
  },
  DISK_LOW: {
    vi: 'Ổ đĩa chứa {path} chỉ còn {free}. Giải phóng dung lượng (tệp đã ký được lưu ở đây).',
    en: 'The disk holding {path} has only {free} free. Free some space (signed files are archived here).',
  },
  DISK_UNKNOWN: {
    vi: 'Không đọc được dung lượng trống của {path} ({reason}).',
    en: 'Could not read the free space of {path} ({reason}).',
  },
  LOG_ERRORS: {
    vi: 'Nhật ký có {count} lỗi gần đây (xem bên dưới, hoặc “{hocba} logs --errors”).',
    en: 'The log has {count} recent errors (below, or “{hocba} logs --errors”).',
  },
  COMPANION_NOT_RUNNING_WINDOWS: {
    vi: 'Chương trình ký chưa chạy (cổng {port} trống). Đăng xuất rồi đăng nhập lại, hoặc chạy "{launcher}"; nếu vẫn không chạy, cài lại bằng hocba-so-setup-<phiên bản>.exe và xem "Lỗi gần đây" bên dưới.',
    en: 'The companion is not running (port {port} is free). Sign out and in again, or run "{launcher}"; if it still does not run, reinstall with hocba-so-setup-<version>.exe and see "Recent errors" below.',
  },
  NOT_INSTALLED_WINDOWS: {
    vi: 'Chưa cài tự khởi động cho người dùng này (không có giá trị HocBaCompanion trong khoá Run). Cài bằng hocba-so-setup-<phiên bản>.exe, hoặc chạy “{hocba} install”.',
    en: 'Autostart is not installed for this user (no HocBaCompanion value under the Run key). Install with hocba-so-setup-<version>.exe, or run “{hocba} install”.',
  },
  NOT_INSTALLED: {
    vi: 'Chưa cài tự khởi động cho người dùng này. Chạy “{hocba} install”.',
    en: 'Autostart is not installed for this user. Run “{hocba} install”.',
  },
  NODE_TOO_OLD: {
    vi: 'Node.js {version} quá cũ; cần Node.js 20 trở lên.',
    en: 'Node.js {version} is too old; Node.js 20 or later is required.',
  },
});

type FindingCode = keyof typeof doctorFinding.catalog & string;

export function finding(
  code: FindingCode,
  params: Record<string, string | number> = {},
  platform: NodeJS.Platform = process.platform,
  command: string = hocbaCommand(platform),
): ErrorInfo {
  const info = doctorFinding(code, { ...params, hocba: command }).toJSON();
  // The command's name fills the hint; the details keep only what is about this PC's state.
  const { hocba: _name, ...details } = info.details ?? {};
  const { details: _all, ...rest } = info;
  return Object.keys(details).length ? { ...rest, details } : rest;
}
