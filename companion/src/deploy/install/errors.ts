/** What `hocba install` / `hocba uninstall` refuse, in the technician's words (vi + en). */
import { defineErrors } from '@hocba/shared/errors';

export const installError = defineErrors({
  MODULE_FILE_MISSING: {
    vi: 'Không có tệp thư viện PKCS#11 {path}. Hãy cài driver của token trước, hoặc sửa đường dẫn --module.',
    en: 'The PKCS#11 module {path} does not exist. Install the token driver first, or fix the --module path.',
  },
  NOT_INSTALLED: {
    vi: 'Chương trình ký chưa được cài cho người dùng này (không có {path}); không có gì để gỡ.',
    en: 'The companion is not installed for this user (no {path}); nothing to uninstall.',
  },
  UNSUPPORTED_PLATFORM: {
    vi: 'Chưa hỗ trợ cài tự khởi động trên {platform}.',
    en: 'Autostart installation is not supported on {platform}.',
  },
});
