/**
 * `npm run fuzz -- [--target pdf,der,...] [--seconds N] [--seed S]`: runs each fuzz target
 * (shared/test/fuzz/targets.ts) for N seconds of CPU in a worker with a heap limit, watching
 * for inputs that hang (no answer within --timeout ms of CPU) or exhaust memory; the worker is then
 * replaced and the run goes on from the next seed. Every failure is saved under
 * test-output/fuzz/ with the seed that replays it:
 *   npm run fuzz -- --target pdf --replay <seed>
 *   npm run fuzz -- --target pdf --input <file.bin>
 * Ends with a line per target (executions, CPU seconds, failures by kind) and exit 1 on any failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { TARGET_MODULES } from './targets.mjs';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: Object.keys(TARGET_MODULES).join(',') },
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string' },
    replay: { type: 'string' },
    input: { type: 'string' },
    timeout: { type: 'string', default: '10000' },
    slow: { type: 'string', default: '3000' },
    memory: { type: 'string', default: '768' },
    out: { type: 'string', default: join(root, 'test-output/fuzz') },
  },
});
const outDir = resolve(args.out);
const timeoutMs = Number(args.timeout);
const memoryMb = Number(args.memory);
const baseSeed = args.seed !== undefined ? Number(args.seed) : (Date.now() % 1_000_000_000) * 1000;

function startWorker(targetName) {
  const shared = new SharedArrayBuffer(40);
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
    workerData: { targetName, outDir, slowMs: Number(args.slow), shared },
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
  });
  const state = new Float64Array(shared, 0, 4);
  const stop = new Int32Array(shared, 32, 1);
  const messages = [];
  let waiter;
  const events = (e) => {
    if (waiter) {
      const w = waiter;
      waiter = undefined;
      w(e);
    } else messages.push(e);
  };
  worker.on('message', (m) => events(m));
  worker.on('error', (error) => events({ type: 'error', error }));
  worker.on('exit', (code) => events({ type: 'exit', code }));
  const next = (ms) =>
    messages.length
      ? Promise.resolve(messages.shift())
      : new Promise((res) => {
          waiter = res;
          if (ms === undefined) return;
          setTimeout(() => {
            if (waiter !== res) return;
            waiter = undefined;
            res({ type: 'tick' });
          }, ms);
        });
  return { worker, state, stop, next };
}

async function ready(w) {
  for (;;) {
    const m = await w.next();
    if (m.type === 'ready') return;
    if (m.type === 'error' || m.type === 'exit')
      throw new Error(`worker did not start: ${m.error?.stack ?? m.code}`);
  }
}

/** Saves the input of a seed that killed its worker, from a fresh worker (same corpus on disk). */
async function saveFromFresh(targetName, kind, seed, message) {
  const w = startWorker(targetName);
  await ready(w);
  w.worker.postMessage({ type: 'save', kind, seed, message });
  for (;;) {
    const m = await w.next();
    if (m.type === 'saved') {
      await w.worker.terminate();
      return m.file;
    }
    if (m.type === 'error' || m.type === 'exit') return `(could not save: ${m.error?.message ?? m.code})`;
  }
}

const cpuSeconds = (u) => (u.user + u.system) / 1e6;

/** Writes test-output/fuzz/summary-<target>.json: at the end, and every 20 s so a stopped run still says what it did. */
function writeSummary(targetName, executions, cpu, lastSeed, failures) {
  const byKind = {};
  for (const f of failures) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  const summary = {
    target: targetName,
    seed: baseSeed,
    lastSeed,
    executions,
    cpuSeconds: Math.round(cpu),
    failures: byKind,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, `summary-${targetName}.json`),
    `${JSON.stringify({ ...summary, list: failures }, null, 2)}\n`,
  );
  return byKind;
}

async function fuzzTarget(targetName, seconds) {
  const failures = [];
  const cpu0 = process.cpuUsage();
  let executions = 0;
  let seed = baseSeed;
  let written = Date.now();
  console.log(
    `fuzz ${targetName}: seed ${baseSeed}, ${seconds} s of CPU, timeout ${timeoutMs} ms, heap ${memoryMb} MiB`,
  );
  while (cpuSeconds(process.cpuUsage(cpu0)) < seconds) {
    const w = startWorker(targetName);
    await ready(w);
    w.worker.postMessage({ type: 'run', from: seed });
    let killed;
    let watched = { seed: -1, cpu: process.cpuUsage() };
    for (;;) {
      const m = await w.next(500);
      if (m.type === 'failure') {
        failures.push(m);
        if (!m.repeat) console.log(`  ${m.kind} at seed ${m.seed}: ${m.message.split('\n')[0]} -> ${m.file}`);
        continue;
      }
      if (m.type === 'error' || m.type === 'exit') {
        const oom = m.error?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        killed = { kind: oom ? 'memory' : 'crash', message: m.error?.stack ?? `worker exited ${m.code}` };
        break;
      }
      // A hang is judged by CPU (this process is the worker and an idle main thread): on a
      // loaded machine an input may wait long for a core without being slow itself.
      // busy: 1 running the input, 2 still making it (a hang there is the fuzzer's own bug).
      const busy = w.state[3];
      if (busy !== 0 && w.state[0] !== watched.seed) watched = { seed: w.state[0], cpu: process.cpuUsage() };
      const busyCpuMs = busy !== 0 ? cpuSeconds(process.cpuUsage(watched.cpu)) * 1000 : 0;
      const busyWallMs = busy !== 0 ? Date.now() - w.state[1] : 0;
      if (busyCpuMs > timeoutMs || busyWallMs > 20 * timeoutMs) {
        killed = {
          kind: busy === 2 ? 'generator-hang' : 'hang',
          message: `no answer after ${busyCpuMs.toFixed(0)} ms of CPU (${busyWallMs} ms wall)${busy === 2 ? ', still making the input' : ''}`,
        };
        await w.worker.terminate();
        break;
      }
      if (Date.now() - written > 20_000) {
        writeSummary(
          targetName,
          executions + w.state[2],
          cpuSeconds(process.cpuUsage(cpu0)),
          w.state[0],
          failures,
        );
        written = Date.now();
      }
      if (cpuSeconds(process.cpuUsage(cpu0)) >= seconds) {
        Atomics.store(w.stop, 0, 1);
        while ((await w.next()).type !== 'done');
        break;
      }
    }
    executions += w.state[2];
    seed = w.state[0] + 1;
    if (killed) {
      const at = w.state[0];
      await w.worker.terminate();
      // The input of a generator that hung cannot be made again in bounded time: the seed says it.
      const file =
        killed.kind === 'generator-hang'
          ? '(not saved: the generator hung)'
          : await saveFromFresh(targetName, killed.kind, at, killed.message);
      failures.push({ kind: killed.kind, seed: at, message: killed.message, file });
      console.log(`  ${killed.kind} at seed ${at}: ${killed.message.split('\n')[0]} -> ${file}`);
    } else await w.worker.terminate();
  }
  const cpu = cpuSeconds(process.cpuUsage(cpu0));
  const byKind = writeSummary(targetName, executions, cpu, seed - 1, failures);
  console.log(
    `fuzz ${targetName}: ${executions} executions, ${cpu.toFixed(0)} s CPU, seeds ${baseSeed}..${seed - 1}, failures ${JSON.stringify(byKind)}`,
  );
  return failures.length;
}

async function replay(targetName) {
  const w = startWorker(targetName);
  await ready(w);
  w.worker.postMessage(
    args.input
      ? { type: 'replay', file: resolve(args.input) }
      : { type: 'replay', seed: Number(args.replay) },
  );
  const timer = setTimeout(() => {
    console.log(`hang: no answer after ${timeoutMs} ms`);
    w.worker.terminate();
  }, timeoutMs);
  let failed = 0;
  for (;;) {
    const m = await w.next();
    if (m.type === 'failure') {
      failed++;
      console.log(`${m.kind}: ${m.message}`);
    } else if (m.type === 'done' || m.type === 'error' || m.type === 'exit') {
      if (m.type !== 'done') {
        failed++;
        console.log(
          m.error?.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? 'memory: heap limit reached'
            : `crash: ${m.error?.stack ?? m.code}`,
        );
      }
      break;
    }
  }
  clearTimeout(timer);
  await w.worker.terminate();
  console.log(failed ? 'replay: FAILED' : 'replay: passes');
  return failed;
}

const targets = args.target.split(',');
let failed = 0;
if (args.replay !== undefined || args.input) {
  if (targets.length !== 1) throw new Error('--replay and --input need one --target');
  failed = await replay(targets[0]);
} else for (const t of targets) failed += await fuzzTarget(t, Number(args.seconds));
process.exitCode = failed ? 1 : 0;
