/** The one screen: a line per check, then what to do for each problem (Vietnamese, then English). */
import type { CheckStatus, DoctorReport } from './report.js';

const MARK: Record<CheckStatus, string> = { ok: 'OK', warning: 'CẢNH BÁO', error: 'LỖI', skipped: 'BỎ QUA' };
const MARK_EN: Record<CheckStatus, string> = {
  ok: 'ok',
  warning: 'warning',
  error: 'error',
  skipped: 'skipped',
};

export function formatDoctorReport(report: DoctorReport): string {
  const lines = [`hocba doctor ${report.version}: ${report.dataDir}`, ''];
  for (const check of report.checks) {
    // "PIN / PIN (ok)" says nothing twice: one title when both are the same, the English
    // status only where the Vietnamese mark differs from it.
    const title =
      check.title.vi === check.title.en ? check.title.vi : `${check.title.vi} / ${check.title.en}`;
    const english = check.status === 'ok' ? '' : ` (${MARK_EN[check.status]})`;
    lines.push(`[${MARK[check.status].padEnd(8)}] ${title}${english}: ${check.summary}`);
    for (const f of check.findings)
      lines.push(`           → ${f.message.vi}`, `             ${f.message.en}`);
    if (check.id === 'log' && Array.isArray(check.details))
      for (const line of check.details as string[]) lines.push(`             ${line}`);
  }
  const summary: Record<CheckStatus, string> = {
    ok: 'Mọi thứ sẵn sàng. / Everything is ready.',
    skipped: 'Một số mục chưa kiểm tra được. / Some checks were skipped.',
    warning: 'Có cảnh báo, xem hướng dẫn ở trên. / There are warnings: see above.',
    error:
      'Có lỗi cần sửa trước khi ký, xem hướng dẫn ở trên. / There are errors to fix before signing: see above.',
  };
  lines.push('', summary[report.status]);
  return lines.join('\n');
}
