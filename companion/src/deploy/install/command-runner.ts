/** The commands install, uninstall and the doctor run (systemctl, reg, launchctl), behind one seam. */
import { spawnSync } from 'node:child_process';

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command; injectable so tests never touch the real systemctl, reg or launchctl. */
export type CommandRunner = (argv: readonly string[]) => CommandResult;

export const runCommand: CommandRunner = (argv) => {
  const [cmd, ...args] = argv;
  const result = spawnSync(cmd!, args, { encoding: 'utf8', timeout: 20_000 });
  return {
    status: result.error ? null : result.status,
    stdout: result.stdout ?? '',
    stderr: result.error ? result.error.message : (result.stderr ?? ''),
  };
};
