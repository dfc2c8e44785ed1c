/**
 * How `hocba verify` spreads files: lanes (the main thread, and worker threads on cores that
 * are idle) each verifying one file at a time with the next few queued, files dealt as lanes
 * free up (a slow file does not hold a share hostage), inputs read when their turn comes, and
 * reports handed on in input order as soon as they can be. Nothing is kept but a window of
 * finished reports waiting for an earlier slow one, so memory is flat however many files.
 */
import { cpus } from 'node:os';
import { unreadable, type VerifyFn, verifyPath } from './verify-file.js';
import { type RenderedReport, renderReport } from './verify-output.js';
import type { VerifyWorkerInput, VerifyWorkerJob, VerifyWorkerResult } from './verify-worker.js';

export { nodeVerifyCrypto } from './verify-crypto.js';
export { unreadable, type VerifyFn, verifyPath } from './verify-file.js';

/**
 * Files dealt to a worker ahead: it verifies one at a time (verification is synchronous
 * with node:crypto; interleaving files only mixes their garbage) and finds the next waiting
 * when it posts a report, while the main thread is busy with a file of its own.
 */
export const QUEUED_PER_WORKER = 4;
/** Finished reports held for an earlier one still running, at most. */
const WINDOW = 64;
/**
 * A worker thread costs ≈ 100–150 ms of CPU to start (loading the verifier) and a file
 * ≈ 5–8 ms: below this many files per worker, threads cost more than they bring.
 */
export const FILES_PER_WORKER = 48;
/** How long the machine is watched before workers are started (the main thread verifies meanwhile). */
export const IDLE_WATCH_MS = 120;

/**
 * Worker threads for `files` files on `cores` cores, `busy` the cores other programs keep
 * busy (measured: `busyCores`): none for one file or a few; else one per idle core beside
 * the main thread. A worker only buys wall time when a core would otherwise stay idle; on a
 * busy machine it costs CPU (its start-up, a second JIT warm-up, two threads fighting over
 * the caches: ≈ 1–3 ms a file more, measured on 2 cores at load 6–7) and the scheduler
 * gives no more time for it, as `make -l` knows.
 */
export function workerCount(files: number, cores: number, busy = 0): number {
  const idle = Math.round(cores - Math.max(0, busy));
  const lanes = Math.min(cores, idle, Math.floor(files / FILES_PER_WORKER));
  return lanes >= 2 ? lanes - 1 : 0;
}

/** The machine's CPU time so far, idle and all, summed over its cores (ms). */
export interface CpuSnapshot {
  idle: number;
  total: number;
}

export function cpuSnapshot(): CpuSnapshot {
  let idle = 0;
  let total = 0;
  for (const c of cpus()) {
    const t = c.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

/**
 * Cores other programs kept busy between `from` and `to`, this process (one busy thread
 * meanwhile) left out; undefined when the system does not say. Measured now, not the
 * 1-minute load average, which still counts a burst that just ended (the previous command,
 * the other tool of a benchmark) and would keep workers off a machine that is idle again.
 */
export function busyCores(from: CpuSnapshot, to: CpuSnapshot, cores: number): number | undefined {
  const total = to.total - from.total;
  if (!(total > 0)) return undefined;
  const idleCores = (cores * (to.idle - from.idle)) / total;
  return Math.max(0, cores - idleCores - 1);
}

export interface Lane {
  readonly capacity: number;
  outstanding: number;
  verify(path: string): Promise<RenderedReport>;
  close(): Promise<void>;
}

/**
 * The main thread as a lane: one file at a time, each after a turn of the event loop, so the
 * workers' reports are taken (and their next files dealt) between two files of its own:
 * verification itself never yields with node:crypto.
 */
export function localLane(verify: VerifyFn, json: boolean): Lane {
  return {
    capacity: 1,
    outstanding: 0,
    verify: async (path) => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return renderReport(path, await verifyPath(path, verify), json);
    },
    close: async () => {},
  };
}

/** A worker thread as a lane: jobs posted, results matched by id. */
export async function workerLane(input: VerifyWorkerInput): Promise<Lane> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(new URL('./verify-worker.js', import.meta.url), { workerData: input });
  const waiting = new Map<number, { resolve: (r: RenderedReport) => void; reject: (e: Error) => void }>();
  let seq = 0;
  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: VerifyWorkerResult) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    w?.resolve(m.rendered ?? renderReport(m.path, unreadable(m.error ?? ''), input.json));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`verify worker exited (${code})`)));
  return {
    capacity: QUEUED_PER_WORKER,
    outstanding: 0,
    verify(path) {
      const id = seq++;
      const job: VerifyWorkerJob = { id, path };
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage(job);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

/**
 * Verifies `files` on `lanes`, and on the lanes `join(undealt)` brings when it resolves
 * (workers started once the machine shows idle cores; `undealt()` counts the files not dealt
 * yet); `done(index, report)` is called in input order as reports become available.
 * Resolves when every file has been handed on.
 */
export function verifyFiles(
  files: readonly string[],
  lanes: Lane[],
  done: (index: number, report: RenderedReport) => void,
  join?: (undealt: () => number) => Promise<Lane[]>,
): Promise<void> {
  let next = 0;
  let handed = 0;
  const finished = new Map<number, RenderedReport>();
  return new Promise((resolve, reject) => {
    if (files.length === 0) return resolve();
    let failed = false;
    const pump = () => {
      for (const lane of lanes) {
        while (lane.outstanding < lane.capacity && next < files.length && next - handed < WINDOW) {
          const index = next++;
          lane.outstanding++;
          lane.verify(files[index] as string).then(
            (report) => {
              lane.outstanding--;
              if (failed) return;
              finished.set(index, report);
              try {
                for (let r = finished.get(handed); r !== undefined; r = finished.get(handed)) {
                  finished.delete(handed);
                  done(handed++, r);
                }
              } catch (e) {
                failed = true;
                return reject(e);
              }
              if (handed === files.length) resolve();
              else pump();
            },
            (e: unknown) => {
              failed = true;
              reject(e);
            },
          );
        }
      }
    };
    // Joining lanes go first: the main thread takes what they leave while it also writes.
    join?.(() => files.length - next).then((more) => {
      if (failed || more.length === 0) return;
      lanes.unshift(...more);
      pump();
    }, reject);
    pump();
  });
}

/**
 * Worker threads for this run, started once the machine has been watched for
 * `IDLE_WATCH_MS` since `since` (the main thread verifies meanwhile): one per core other
 * programs left idle, none for a few files; `fallbackLoad` where the system gives no CPU times.
 */
export async function workersWhenIdle(
  since: CpuSnapshot & { at: number },
  undealt: () => number,
  cores: number,
  fallbackLoad: () => number,
  worker: VerifyWorkerInput,
): Promise<Lane[]> {
  // Built code only: the worker runs verify-worker.js, which the sources (vitest) do not have.
  if (!import.meta.url.endsWith('.js') || workerCount(undealt(), cores, 0) === 0) return [];
  const wait = since.at + IDLE_WATCH_MS - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const busy = busyCores(since, cpuSnapshot(), cores) ?? fallbackLoad();
  const n = workerCount(undealt(), cores, busy);
  return Promise.all(Array.from({ length: n }, () => workerLane(worker)));
}
