/**
 * A short exclusive lock around one audit append: `hocba pair` and the companion are
 * separate processes writing the same log, and two appends racing would write the same
 * line number twice. The lock file holds the owner's pid; a lock whose owner is gone (a
 * process killed while holding it) or that is older than a few seconds is taken over, so a
 * crash never jams the log.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';

const STALE_MS = 5_000;
const WAIT_MS = 10_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function stale(path: string): boolean {
  try {
    const owner = Number(readFileSync(path, 'utf8'));
    if (owner === process.pid) return false;
    return !alive(owner) || Date.now() - statSync(path).mtimeMs > STALE_MS;
  } catch {
    return false; // gone already: the next attempt takes it
  }
}

export function withFileLock<T>(path: string, action: () => T): T {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (stale(path) || Date.now() > deadline) rmSync(path, { force: true });
      else sleep(5);
    }
  }
  try {
    return action();
  } finally {
    rmSync(path, { force: true });
  }
}
