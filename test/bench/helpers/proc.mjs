// Child processes for the benchmarks: run one and collect its output, or many with a
// fixed number in flight; `runTimed` also returns the child's CPU time (user + system).
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { workDir } from '../harness.mjs';

/** Runs `cmd args`; resolves { code, stdout, stderr } (never rejects on a non-zero exit). */
export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** Runs `task(item)` for every item with at most `concurrency` in flight; results in order. */
export async function pool(items, concurrency, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}

let rusageDir;
let rusageSeq = 0;

/**
 * `run` under GNU time: { code, stdout, stderr, wallMs, cpuMs, maxRssMiB }. CPU time is the
 * child's user + system time (its own children included), read by wait4 in /usr/bin/time:
 * unlike wall time it does not grow when other work on the machine takes the cores, so it
 * is what to compare between runs on a loaded machine. Node exposes rusage only for itself.
 */
export async function runTimed(cmd, args, options = {}) {
  rusageDir ??= workDir('rusage');
  const out = join(rusageDir, `${process.pid}-${rusageSeq++}.txt`);
  const start = performance.now();
  const r = await run('/usr/bin/time', ['-q', '-f', '%U %S %M', '-o', out, cmd, ...args], options);
  const wallMs = performance.now() - start;
  const last = readFileSync(out, 'utf8').trim().split('\n').pop() ?? '';
  rmSync(out, { force: true });
  const [user, sys, maxKiB] = last.split(' ').map(Number);
  if (!Number.isFinite(user) || !Number.isFinite(sys)) throw new Error(`/usr/bin/time: ${last}`);
  return { ...r, wallMs, cpuMs: (user + sys) * 1000, maxRssMiB: maxKiB / 1024 };
}
