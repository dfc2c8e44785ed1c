/** Every failure of the PDF module, Vietnamese first. */
import { defineErrors } from '../errors/index.js';

export const pdfError = defineErrors({
  PDF_MALFORMED: {
    vi: 'Tệp PDF bị hỏng hoặc không đúng cấu trúc: {reason}',
    en: 'The PDF is damaged or malformed: {reason}',
  },
  PDF_UNSUPPORTED: {
    vi: 'Tệp PDF dùng tính năng chưa được hỗ trợ: {reason}',
    en: 'The PDF uses an unsupported feature: {reason}',
  },
  PDF_LIMIT: {
    vi: 'Tệp PDF vượt giới hạn an toàn khi đọc ({reason}); không xử lý tệp này.',
    en: 'The PDF exceeds a safe reading limit ({reason}); the file was not processed.',
  },
  PDF_ENCRYPTED: {
    vi: 'Tệp PDF được mã hoá, không thể ký',
    en: 'The PDF is encrypted and cannot be signed',
  },
  PDF_LOCKED: {
    vi: 'Học bạ đã được khoá sau chữ ký "{field}"; không thể ký thêm',
    en: 'The document was locked by signature "{field}"; no further signature is allowed',
  },
  PDF_ROLE_ALREADY_SIGNED: {
    vi: 'Vai trò {role} đã ký tài liệu này',
    en: 'Role {role} has already signed this document',
  },
  PDF_ROLE_OUT_OF_ORDER: {
    vi: '{role} chưa thể ký: cần chữ ký của {missing} trước',
    en: '{role} cannot sign yet: {missing} must sign first',
  },
  PDF_ROLE_AFTER_LATER: {
    vi: '{role} không thể ký sau {later}',
    en: '{role} cannot sign after {later} has signed',
  },
  PDF_CERT_NOT_YET_VALID: {
    vi: 'Chứng thư số chưa có hiệu lực (từ {notBefore})',
    en: 'The certificate is not valid yet (from {notBefore})',
  },
  PDF_CERT_EXPIRED: {
    vi: 'Chứng thư số đã hết hạn ({notAfter})',
    en: 'The certificate has expired ({notAfter})',
  },
  PDF_CERT_KEY_USAGE: {
    vi: 'Chứng thư số không cho phép ký số (thiếu digitalSignature/nonRepudiation)',
    en: 'The certificate does not allow signing (no digitalSignature/nonRepudiation key usage)',
  },
  PDF_CERT_NO_CHAIN: {
    vi: 'Thiếu chuỗi chứng thư của nhà cung cấp dịch vụ chứng thực cho "{subject}"',
    en: 'The issuing CA chain for "{subject}" is missing',
  },
  PDF_CERT_MALFORMED: {
    vi: 'Chứng thư số không đọc được: {reason}',
    en: 'The certificate cannot be read: {reason}',
  },
  PDF_ALGORITHM_UNSUPPORTED: {
    vi: 'Khoá không hỗ trợ thuật toán ký phù hợp ({algorithms})',
    en: 'The key supports no suitable signature algorithm ({algorithms})',
  },
  PDF_SIGNATURE_TOO_LARGE: {
    vi: 'Chữ ký ({size} byte) lớn hơn chỗ dành sẵn ({reserved} byte)',
    en: 'The signature ({size} bytes) is larger than the reserved space ({reserved} bytes)',
  },
  PDF_TIMESTAMP_FAILED: {
    vi: 'Không lấy được dấu thời gian từ {url}: {reason}',
    en: 'Could not get a time-stamp from {url}: {reason}',
  },
  PDF_REVOCATION_FAILED: {
    vi: 'Không lấy được thông tin thu hồi chứng thư từ {url}: {reason}',
    en: 'Could not get revocation data from {url}: {reason}',
  },
});
