import { defineErrors } from '@hocba/shared/errors';

/**
 * What can go wrong between the extension and the companion, for the user in Vietnamese first.
 * `{hocba}`: the command as typed on this PC, hocba.cmd on Windows (hocba-command.ts).
 */
export const companionError = defineErrors({
  COMPANION_UNREACHABLE: {
    vi: 'Không kết nối được chương trình ký trên máy này (cổng {port}). Hãy mở chương trình ký, hoặc nhờ cán bộ tin học chạy “{hocba} doctor”.',
    en: 'Cannot reach the signing companion on this computer (port {port}). Start it, or ask IT to run “{hocba} doctor”.',
  },
  COMPANION_NOT_PAIRED: {
    vi: 'Tiện ích chưa được ghép nối với chương trình ký. Vào Cài đặt của tiện ích và nhập mã ghép nối do “{hocba} pair” hiển thị.',
    en: 'The extension is not paired with the companion. Open the extension settings and enter the code shown by “{hocba} pair”.',
  },
  COMPANION_IMPOSTER: {
    vi: 'Chương trình trả lời trên cổng {port} không chứng minh được là chương trình ký đã ghép nối. Không gửi mã PIN. Báo ngay cho cán bộ tin học.',
    en: 'The program answering on port {port} could not prove it is the paired companion. No PIN was sent. Tell IT at once.',
  },
  PAIRING_CODE_MISMATCH: {
    vi: 'Mã ghép nối không khớp với mã chương trình ký đang hiển thị (hoặc chương trình trả lời trên cổng {port} không phải chương trình ký). Hãy kiểm tra lại mã; tiện ích chưa gửi gì suy ra từ mã này.',
    en: 'The pairing code does not match the one the companion shows (or the program answering on port {port} is not the companion). Check the code; the extension has sent nothing derived from it.',
  },
  COMPANION_BUSY: {
    vi: 'Chương trình ký đang bị nhiều kết nối lạ chiếm chỗ nên chưa nhận được kết nối của tiện ích. Hãy thử lại; nếu vẫn lỗi, báo cán bộ tin học (có thể có phần mềm lạ trên máy).',
    en: 'The companion is crowded by unknown connections and did not take the extension’s. Try again; if it persists, tell IT (unknown software may be running on this computer).',
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
