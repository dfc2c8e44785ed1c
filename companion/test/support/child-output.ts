import type { ChildProcessWithoutNullStreams } from 'node:child_process';

export interface ChildOutput {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Everything a child process writes, and how it ended (for `hocba` run asynchronously). */
export function childOutput(child: ChildProcessWithoutNullStreams): Promise<ChildOutput> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}
