/**
 * How `hocba verify` spreads files: lanes (the main thread, or worker threads) each with a
 * few files in flight (WebCrypto's work runs on libuv's pool meanwhile), files dealt as lanes
 * free up (a slow file does not hold a share hostage), inputs read when their turn comes, and
 * reports handed on in input order as soon as they can be. Nothing is kept but a window of
 * finished reports waiting for an earlier slow one, so memory is flat however many files.
 */
import { unreadable, type VerifyFn, verifyPath } from './verify-file.js';
import { type RenderedReport, renderReport } from './verify-output.js';
import type { VerifyWorkerInput, VerifyWorkerJob, VerifyWorkerResult } from './verify-worker.js';

export { nodeVerifyCrypto } from './verify-crypto.js';
export { unreadable, type VerifyFn, verifyPath } from './verify-file.js';

/** Files verified at once in one lane: enough to keep the crypto pool busy, few enough to stay small. */
export const IN_FLIGHT_PER_LANE = 4;
/** Finished reports held for an earlier one still running, at most. */
const WINDOW = 64;
/**
 * A worker thread costs ≈ 100–150 ms of CPU to start (loading the verifier) and a file
 * ≈ 5–8 ms: below this many files per worker, threads cost more than they bring.
 */
export const FILES_PER_WORKER = 48;

/**
 * Worker threads for `files` files on `cores` cores, `load` the machine's load average
 * (1 minute; 0 where the system has none): none for one file or a few; else one per idle
 * core beside the main thread, which verifies too (it has loaded the verifier already).
 * A worker only buys wall time when a core would otherwise stay idle; on a busy machine
 * it costs CPU (its start-up, a second JIT warm-up, two threads fighting over the caches:
 * ≈ 1–3 ms a file more, measured on 2 cores at load 6–7) and the scheduler gives no more
 * time for it, as `make -l` knows.
 */
export function workerCount(files: number, cores: number, load = 0): number {
  const idle = Math.round(cores - Math.max(0, load));
  const lanes = Math.min(cores, idle, Math.floor(files / FILES_PER_WORKER));
  return lanes >= 2 ? lanes - 1 : 0;
}

export interface Lane {
  readonly capacity: number;
  outstanding: number;
  verify(path: string): Promise<RenderedReport>;
  close(): Promise<void>;
}

/** The main thread as a lane. */
export function localLane(verify: VerifyFn, json: boolean): Lane {
  return {
    capacity: IN_FLIGHT_PER_LANE,
    outstanding: 0,
    verify: async (path) => renderReport(path, await verifyPath(path, verify), json),
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
    capacity: input.inFlight,
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
 * Verifies `files` on `lanes`; `done(index, report)` is called in input order as reports
 * become available. Resolves when every file has been handed on.
 */
export function verifyFiles(
  files: readonly string[],
  lanes: Lane[],
  done: (index: number, report: RenderedReport) => void,
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
    pump();
  });
}

/** Lanes for this run: the main thread, and worker threads beside it for many files. */
export async function lanesFor(
  files: number,
  cores: number,
  load: number,
  worker: Omit<VerifyWorkerInput, 'inFlight'>,
  verify: VerifyFn,
): Promise<Lane[]> {
  const n = import.meta.url.endsWith('.js') ? workerCount(files, cores, load) : 0;
  const workers = await Promise.all(
    Array.from({ length: n }, () => workerLane({ ...worker, inFlight: IN_FLIGHT_PER_LANE })),
  );
  // Workers first: the main thread takes what they leave while it also writes the output.
  return [...workers, localLane(verify, worker.json)];
}
