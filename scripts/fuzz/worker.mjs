/**
 * One fuzz target in a worker thread (resourceLimits bound its heap): builds the corpus, then
 * runs inputs seed by seed. Before each input it writes the seed and the time into shared
 * memory, so the runner can tell which input hung or blew up even if this thread never answers
 * again. A broken contract or a slow input is saved here, with the bytes that caused it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

const { targetName, outDir, slowMs, shared, mode } = workerData;
const { FuzzFailure } = await import('../../shared/test/fuzz/targets.ts');
const { loadTarget } = await import('./targets.mjs');
const target = await loadTarget(targetName);
const state = new Float64Array(shared, 0, 4); // [seed, startedAt (ms), executions, busy]; stop flag at byte 32
const ctx = await target.setup({ small: false });

/** Failures seen, by their first line without numbers: the first few of each kind are kept. */
const seen = new Map();

function save(kind, seed, input, message) {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${targetName}-${kind}-${seed}.bin`);
  writeFileSync(file, input);
  writeFileSync(`${file}.txt`, `${message}\n`);
  return file;
}

async function runOne(seed, input) {
  state[0] = seed;
  state[1] = Date.now();
  state[3] = 1;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let failure;
  try {
    await target.run(ctx, input);
  } catch (e) {
    // By name too: a target outside shared/ may define its own (companion-frames).
    failure = e instanceof FuzzFailure || e?.name === 'FuzzFailure' ? e.message : `uncaught ${e?.stack ?? e}`;
  }
  const ms = performance.now() - t0;
  const used = process.cpuUsage(c0);
  const cpuMs = (used.user + used.system) / 1000;
  state[3] = 0;
  state[2] += 1;
  if (failure) {
    const key = failure.split('\n')[0].replace(/\d+/g, '#').slice(0, 200);
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    const file = count <= 3 ? save('fail', seed, input, failure) : undefined;
    parentPort.postMessage({
      type: 'failure',
      kind: 'contract',
      seed,
      message: failure,
      file,
      ms,
      repeat: count > 3,
    });
  } else if (cpuMs > slowMs) {
    // CPU of the process, which is this thread (the runner's thread is idle): on a shared
    // machine wall time says little.
    const message = `took ${cpuMs.toFixed(0)} ms of CPU (${ms.toFixed(0)} ms wall)`;
    const file = save('slow', seed, input, message);
    parentPort.postMessage({ type: 'failure', kind: 'slow', seed, message, file, ms });
  }
}

parentPort.on('message', async (msg) => {
  if (msg.type === 'save') {
    // The runner asks for the bytes of a seed that hung or exhausted memory in another worker
    // (the corpus is committed, so the same seed makes the same bytes).
    const file = save(msg.kind, msg.seed, target.input(ctx, msg.seed), msg.message);
    parentPort.postMessage({ type: 'saved', file });
  } else if (msg.type === 'replay') {
    const input = msg.file ? new Uint8Array(readFileSync(msg.file)) : target.input(ctx, msg.seed);
    await runOne(msg.seed ?? -1, input);
    parentPort.postMessage({ type: 'done' });
  } else if (msg.type === 'run') {
    for (let seed = msg.from; ; seed++) {
      if (Atomics.load(new Int32Array(shared, 32, 1), 0) === 1) break; // asked to stop
      state[0] = seed;
      state[1] = Date.now();
      state[3] = 2; // making the input is watched too: the runner tells a generator that hangs
      await runOne(seed, target.input(ctx, seed));
    }
    parentPort.postMessage({ type: 'done' });
  }
});
parentPort.postMessage({ type: 'ready', mode });
