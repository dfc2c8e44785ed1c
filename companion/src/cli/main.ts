/**
 * `hocba`: one command for every tool of the project. Start-up cost is paid per command:
 * the table below lists each subcommand's name and summary (all the help needs) and loads
 * its module, with the libraries it needs (PDF, CMS, PKCS#11, zod…), only when it is chosen.
 */
import type { Command, CommandEntry } from './command.js';
import { companionVersion } from './version.js';

export { companionVersion } from './version.js';

/** The order is the help's. Each summary is the module's own (a unit test holds them equal). */
export const commandTable: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: { vi: 'Chạy chương trình ký (companion)', en: 'Run the signing companion' },
    load: async () => (await import('./commands/serve.js')).serveCommand,
  },
  {
    name: 'companion',
    summary: { vi: 'companion start: như serve', en: 'companion start: same as serve' },
    load: async () => (await import('./commands/serve.js')).companionCommand,
  },
  {
    name: 'pair',
    summary: { vi: 'Ghép nối tiện ích với chương trình ký', en: 'Pair the extension with the companion' },
    load: async () => (await import('./commands/pair.js')).pairCommand,
  },
  {
    name: 'sign',
    summary: {
      vi: 'Ký tệp PDF hoặc học bạ (.json) bằng token (không cần trình duyệt)',
      en: 'Sign PDF or record (.json) files with the token (headless)',
    },
    load: async () => (await import('./commands/sign.js')).signCommand,
  },
  {
    name: 'demo-token',
    summary: {
      vi: 'Tạo token SoftHSM2 demo (không có giá trị pháp lý)',
      en: 'Create a demo SoftHSM2 token (no legal value)',
    },
    load: async () => (await import('./commands/demo-token.js')).demoTokenCommand,
  },
  {
    name: 'verify',
    summary: {
      vi: 'Xác minh chữ ký số trong tệp PDF học bạ',
      en: 'Verify the signatures of record PDFs',
    },
    load: async () => (await import('./commands/verify.js')).verifyCommand,
  },
  {
    name: 'check',
    summary: { vi: 'Kiểm tra học bạ theo Thông tư 27', en: 'Check records against Circular 27' },
    load: async () => (await import('./commands/check.js')).checkCommand,
  },
  {
    name: 'export',
    summary: { vi: 'Xuất học bạ sang CSDL ngành (CSV)', en: 'Export records for the sector database (CSV)' },
    load: async () => (await import('./commands/export.js')).exportCommand,
  },
  {
    name: 'generate',
    summary: { vi: 'Tạo một lớp học bạ mẫu (dữ liệu giả)', en: 'Generate a synthetic class of records' },
    load: async () => (await import('./commands/generate.js')).generateCommand,
  },
  {
    name: 'audit',
    summary: { vi: 'Kiểm tra nhật ký kiểm toán', en: 'Verify the audit log' },
    load: async () => (await import('./commands/audit.js')).auditCommand,
  },
  {
    name: 'archive',
    summary: {
      vi: 'Kho lưu: tình trạng dấu thời gian, đóng dấu thời gian lưu trữ (B-LTA)',
      en: 'Archive: time-stamp status, archive time-stamps (B-LTA)',
    },
    load: async () => (await import('./commands/archive.js')).archiveCommand,
  },
  {
    name: 'install',
    summary: {
      vi: 'Cài tự khởi động khi đăng nhập, chọn thư viện token, ghi cấu hình',
      en: 'Start at login, choose the token module, write the configuration',
    },
    load: async () => (await import('./commands/install.js')).installCommand,
  },
  {
    name: 'uninstall',
    summary: {
      vi: 'Gỡ đúng những gì "hocba install" đã thêm (--purge: cả dữ liệu)',
      en: 'Remove exactly what "hocba install" added (--purge: the data too)',
    },
    load: async () => (await import('./commands/install.js')).uninstallCommand,
  },
  {
    name: 'doctor',
    summary: {
      vi: 'Kiểm tra máy: driver token, token, chứng thư, PIN, cổng, ghép nối, ổ đĩa, nhật ký',
      en: 'Diagnose this PC: token driver, tokens, certificates, PIN, port, pairing, disk, log',
    },
    load: async () => (await import('./commands/doctor.js')).doctorCommand,
  },
  {
    name: 'logs',
    summary: { vi: 'Xem nhật ký gần đây của chương trình ký', en: 'Show the companion’s recent log' },
    load: async () => (await import('./commands/logs.js')).logsCommand,
  },
  {
    name: 'policy',
    summary: {
      vi: 'Tạo tệp chính sách trình duyệt (Chrome, Edge, Cốc Cốc, Firefox) và ghép nối sẵn cho một trường',
      en: 'Write browser policies (Chrome, Edge, Cốc Cốc, Firefox) and a pre-provisioned pairing for one school',
    },
    load: async () => (await import('./commands/policy.js')).policyCommand,
  },
];

function usage(): string {
  const lines = [
    `hocba ${companionVersion()}: học bạ số, ký và xác minh / sign and verify digital school records`,
    '',
    'Cách dùng / usage: hocba <lệnh|command> [tuỳ chọn|options]',
    '',
  ];
  for (const command of commandTable)
    lines.push(`  ${command.name.padEnd(14)} ${command.summary.vi} / ${command.summary.en}`);
  lines.push(`  ${'--version'.padEnd(14)} Phiên bản / version`);
  lines.push(
    '',
    'Cách dùng và ví dụ của từng lệnh / each command’s usage and examples: hocba <lệnh|command> --help',
    '  vd / e.g. hocba doctor --help',
    '',
    EXIT_CODES,
  );
  return lines.join('\n');
}

/**
 * A typed error (HocbaError: a code and both texts) that a command let escape, such as an
 * unreadable config.json. Duck-typed so that the help loads nothing of the project.
 */
function typedMessage(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, vi, en } = error as { code?: unknown; vi?: unknown; en?: unknown };
  if (typeof code !== 'string' || typeof vi !== 'string' || typeof en !== 'string') return undefined;
  return `${vi}\n${en}\n(${code})`;
}

/** The one exit-code rule (docs/install.md, section 6, has each command's 1). */
export const EXIT_CODES =
  'mã thoát / exit: 0 xong / done, 1 có việc không thành hoặc có lỗi được phát hiện / something failed or was found, ' +
  '2 sai cách dùng, tệp hoặc config.json không đọc được / bad usage, an unreadable file or config.json';

/** Returns the process exit code (EXIT_CODES). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    console.log(companionVersion());
    return 0;
  }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const entry = commandTable.find((c) => c.name === name);
  if (!entry) {
    console.error(`Lệnh không có: ${name} / unknown command: ${name}\n`);
    console.error(usage());
    return 2;
  }
  const command: Command = await entry.load();
  try {
    return await command.run(rest);
  } catch (error) {
    // What the user can act on (the texts name the file or value), not a stack trace.
    const message = typedMessage(error);
    if (message !== undefined) {
      console.error(message);
      return 2;
    }
    // Anything else is our bug, not the user's: said in both languages with what the error
    // says, never as a stack trace (HOCBA_DEBUG=1 prints it, for whoever fixes it).
    const text = error instanceof Error ? error.message : String(error);
    console.error(
      `Lỗi không mong đợi khi chạy “hocba ${name}”: ${text}\nHãy chạy “hocba doctor” và gửi kết quả cùng dòng lỗi này cho bộ phận hỗ trợ.\n` +
        `Unexpected error in “hocba ${name}”: ${text}\nRun “hocba doctor” and send its output with this line to support.\n(INTERNAL_ERROR)`,
    );
    if (process.env.HOCBA_DEBUG) console.error(error);
    return 1;
  }
}
