// Child processes for the benchmarks: run one and collect its output, or many with a
// fixed number in flight; `runTimed` also returns the child's CPU time (user + system).
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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

// bash's `time` keyword: wall, user and system time of the command alone (bash's own start
// excluded), in milliseconds (GNU time prints centiseconds, cut, not rounded: a 7 ms pdfsig
// process read as 0). The command's stdout and stderr pass through untouched.
const TIMED = 'out=$1; shift; TIMEFORMAT="%3R %3U %3S"; { time "$@" 2>&4 4>&-; } 4>&2 2>"$out"';

/**
 * `run` under bash's `time`: { code, stdout, stderr, wallMs, cpuMs }. CPU time is the
 * child's user + system time (its own children included, from wait4): unlike wall time it
 * does not grow when other work takes the cores, so it is what to compare between runs on
 * a loaded machine. Node exposes rusage only for its own process.
 */
export async function runTimed(cmd, args, options = {}) {
  rusageDir ??= workDir('rusage');
  const out = join(rusageDir, `${process.pid}-${rusageSeq++}.txt`);
  const r = await run('bash', ['-c', TIMED, 'bash', out, cmd, ...args], options);
  const last = readFileSync(out, 'utf8').trim().split('\n').pop() ?? '';
  rmSync(out, { force: true });
  const [real, user, sys] = last.split(' ').map(Number);
  if (![real, user, sys].every(Number.isFinite)) throw new Error(`time: ${last}`);
  return { ...r, wallMs: real * 1000, cpuMs: (user + sys) * 1000 };
}
