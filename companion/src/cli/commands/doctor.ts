/**
 * `hocba doctor [--json]`: checks everything a school PC needs to sign (companion/src/deploy/
 * doctor.ts) and says how to fix what is wrong. Exit code 1 when any check is an error.
 */
import { doctorConfig, formatDoctorReport, runDoctor } from '../../deploy/doctor/index.js';
import type { Command } from '../command.js';
import { companionVersion } from '../version.js';
import { parseCommand } from './args.js';
import { configOverrides, portOption } from './config-options.js';

const USAGE = `Cách dùng / usage: hocba doctor [--json] [--module PATH] [--port N] [--data-dir DIR] [--config FILE]
  kiểm tra driver token, token, chứng thư, PIN, cổng, ghép nối, ổ đĩa, tự khởi động, nhật ký; không thay đổi gì
  / checks token drivers, tokens, certificates, PIN, port, pairing, disk, autostart and the log; changes nothing
  --json      báo cáo máy đọc được / machine-readable report
  --module    thử thêm driver này / also try this driver (PKCS#11 module)
  --port      cổng cần kiểm tra / the port to check (mặc định/default 18127)
  mã thoát / exit: 0 sẵn sàng hoặc chỉ cảnh báo / ready or warnings only, 1 có lỗi / errors, 2 sai cách dùng / usage error
Ví dụ / examples:
  hocba doctor
  hocba doctor --json
  hocba doctor --module /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so`;

export const doctorCommand: Command = {
  name: 'doctor',
  summary: {
    vi: 'Kiểm tra máy: driver token, token, chứng thư, PIN, cổng, ghép nối, ổ đĩa, nhật ký',
    en: 'Diagnose this PC: token driver, tokens, certificates, PIN, port, pairing, disk, log',
  },
  async run(args) {
    const parsed = parseCommand(
      args,
      {
        json: { type: 'boolean' },
        module: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
      },
      USAGE,
    );
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const port = portOption(v, 1, USAGE);
    if (typeof port === 'number') return port;
    const { config, problem } = doctorConfig({ ...configOverrides(v), ...port });
    const report = await runDoctor({
      config,
      ...(problem ? { configProblem: problem } : {}),
      version: companionVersion(),
    });
    console.log(v.json ? JSON.stringify(report, null, 2) : formatDoctorReport(report));
    return report.status === 'error' ? 1 : 0;
  },
};
