import { readFileSync } from 'node:fs';
import { archiveCommand } from './commands/archive.js';
import { auditCommand } from './commands/audit.js';
import { checkCommand } from './commands/check.js';
import { demoTokenCommand } from './commands/demo-token.js';
import { doctorCommand } from './commands/doctor.js';
import { exportCommand } from './commands/export.js';
import { generateCommand } from './commands/generate.js';
import { installCommand, uninstallCommand } from './commands/install.js';
import { logsCommand } from './commands/logs.js';
import { pairCommand } from './commands/pair.js';
import { policyCommand } from './commands/policy.js';
import { companionCommand, serveCommand } from './commands/serve.js';
import { signCommand } from './commands/sign.js';
import { verifyCommand } from './commands/verify.js';

/** One subcommand of `hocba`: its own file, its own help line. */
export interface Command {
  name: string;
  summary: { vi: string; en: string };
  run(args: string[]): Promise<number>;
}

const commands: Command[] = [
  serveCommand,
  companionCommand,
  pairCommand,
  signCommand,
  demoTokenCommand,
  verifyCommand,
  checkCommand,
  exportCommand,
  generateCommand,
  auditCommand,
  archiveCommand,
  installCommand,
  uninstallCommand,
  doctorCommand,
  logsCommand,
  policyCommand,
];

export function companionVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function usage(): string {
  const lines = [
    `hocba ${companionVersion()}: học bạ số, ký và xác minh / sign and verify digital school records`,
    '',
    'Cách dùng / usage: hocba <lệnh|command> [tuỳ chọn|options]',
    '',
  ];
  for (const command of commands)
    lines.push(`  ${command.name.padEnd(14)} ${command.summary.vi} / ${command.summary.en}`);
  lines.push(`  ${'--version'.padEnd(14)} Phiên bản / version`);
  return lines.join('\n');
}

/** Returns the process exit code: 0 ok, 1 a check failed, 2 bad usage or input. */
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
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`Lệnh không có: ${name} / unknown command: ${name}\n`);
    console.error(usage());
    return 2;
  }
  return command.run(rest);
}
