import { defineErrors } from '@hocba/shared/errors';

/** What can go wrong between the extension and the companion, for the user in Vietnamese first. */
export const companionError = defineErrors({
  COMPANION_UNREACHABLE: {
    vi: 'Không kết nối được chương trình ký trên máy này (cổng {port}). Hãy mở chương trình ký, hoặc nhờ cán bộ tin học chạy "hocba doctor".',
    en: 'Cannot reach the signing companion on this computer (port {port}). Start it, or ask IT to run "hocba doctor".',
  },
  COMPANION_NOT_PAIRED: {
    vi: 'Tiện ích chưa được ghép nối với chương trình ký. Vào Cài đặt của tiện ích và nhập mã ghép nối do "hocba pair" hiển thị.',
    en: 'The extension is not paired with the companion. Open the extension settings and enter the code shown by "hocba pair".',
  },
  COMPANION_IMPOSTER: {
    vi: 'Chương trình trả lời trên cổng {port} không chứng minh được là chương trình ký đã ghép nối. Không gửi mã PIN. Báo ngay cho cán bộ tin học.',
    en: 'The program answering on port {port} could not prove it is the paired companion. No PIN was sent. Tell IT at once.',
  },
  COMPANION_TIMEOUT: {
    vi: 'Chương trình ký không trả lời sau {seconds} giây.',
    en: 'The companion did not answer within {seconds} seconds.',
  },
  COMPANION_CLOSED: {
    vi: 'Mất kết nối với chương trình ký giữa chừng. Các tệp đã ký vẫn được lưu; hãy thử lại để ký tiếp phần còn lại.',
    en: 'The connection to the companion was lost. Files already signed are kept; try again to sign the rest.',
  },
});
