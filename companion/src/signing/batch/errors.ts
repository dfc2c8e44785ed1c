/** The batch's own refusals and outcomes (vi + en); the engine's and the token's have their own. */
import { defineErrors } from '@hocba/shared/errors';

export const batchError = defineErrors({
  CANCELLED: { vi: 'Đã huỷ: tài liệu này chưa được ký.', en: 'Cancelled: this document was not signed.' },
  NOT_REACHED: {
    vi: 'Chưa ký: lô dừng trước tài liệu này ({reason}).',
    en: 'Not signed: the batch stopped before this document ({reason}).',
  },
  DOCUMENT_CHANGED: {
    vi: 'Tài liệu "{name}" khác với bản đã xem trước (SHA-256 {got}, đã xem {want}); không ký.',
    en: 'Document "{name}" differs from the one previewed (SHA-256 {got}, previewed {want}); not signed.',
  },
  CERTIFICATE_EXPIRED: {
    vi: 'Chứng thư số đã hết hạn ngày {date}; không thể ký.',
    en: 'The certificate expired on {date}; cannot sign.',
  },
  CERTIFICATE_NOT_YET_VALID: {
    vi: 'Chứng thư số chỉ có hiệu lực từ ngày {date}; chưa thể ký.',
    en: 'The certificate is valid only from {date}; cannot sign yet.',
  },
  CERTIFICATE_NO_SIGNING: {
    vi: 'Chứng thư số không cho phép ký (thiếu digitalSignature/nonRepudiation).',
    en: 'The certificate does not allow signing (no digitalSignature/nonRepudiation).',
  },
  BATCH_MISMATCH: {
    vi: 'Lô {batchId} đã bắt đầu với vai trò, chứng thư hoặc số tài liệu khác.',
    en: 'Batch {batchId} was started with another role, certificate or size.',
  },

  ARCHIVE_CHANGED: {
    vi: 'Tệp đã ký của "{name}" trong kho lưu ({path}) đã bị thay đổi; không trả lại tệp này.',
    en: 'The signed file of "{name}" in the archive ({path}) was changed; it is not returned.',
  },
  STORAGE_FULL: {
    vi: 'Đĩa đầy ({code}): tài liệu đã ký không lưu được vào thư mục dữ liệu của chương trình ký; lô dừng lại. Hãy giải phóng chỗ trống rồi gửi lại lô này: tài liệu đã lưu được trả lại, không ký lại.',
    en: 'The disk is full ({code}): the signed document could not be saved in the companion’s data folder; the batch stopped. Free some space, then send this batch again: documents already saved are returned, not signed again.',
  },
  STORAGE_FAILED: {
    vi: 'Không ghi được vào thư mục dữ liệu của chương trình ký ({code}): tài liệu đã ký không được lưu; lô dừng lại. Hãy kiểm tra quyền ghi của thư mục rồi gửi lại lô này: tài liệu đã lưu được trả lại, không ký lại.',
    en: 'The companion’s data folder could not be written ({code}): the signed document was not saved; the batch stopped. Check that the folder can be written, then send this batch again: documents already saved are returned, not signed again.',
  },
  PDF_NOT_BASE64: {
    vi: 'Tệp PDF "{name}" không đọc được (base64).',
    en: 'PDF "{name}" could not be read (base64).',
  },
});
