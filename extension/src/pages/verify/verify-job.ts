/**
 * Verifying in a worker with a time limit. One worker is reused file after file; a file
 * that runs past the limit gets its worker terminated (memory and all) and a fresh one
 * takes the next file. Plain messages: the report is structured-cloned back.
 */
import type { DocumentReport } from '@hocba/shared/verify';

export interface VerifyJob {
  id: number;
  bytes: Uint8Array;
  anchors: string[];
}

export type VerifyJobResult = { id: number; report: DocumentReport } | { id: number; error: string };
type WorkerMessage = VerifyJobResult | { ready: true };

/** Long enough for a 50 MB file on a slow school PC; a bomb is stopped well before by the reader's budgets. */
export const VERIFY_TIME_LIMIT_MS = 60_000;

/** unavailable: the worker failed before it loaded (a browser that cannot run it): verify on the page. */
export type JobOutcome = { report: DocumentReport } | { failed: 'timeout' | 'crashed' | 'unavailable' };

export interface WorkerLike {
  postMessage(message: VerifyJob): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export function workerRunner(start: () => WorkerLike, limitMs = VERIFY_TIME_LIMIT_MS) {
  let worker: WorkerLike | undefined;
  let ready = false;
  let nextId = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const runOne = (bytes: Uint8Array, anchors: string[]) =>
    new Promise<JobOutcome>((resolve) => {
      if (!worker) {
        // A browser may refuse the worker outright (a policy, no Worker at all): on the page then.
        try {
          worker = start();
        } catch {
          resolve({ failed: 'unavailable' });
          return;
        }
        ready = false;
      }
      const current = worker;
      const id = ++nextId;
      const finish = (outcome: JobOutcome, kill: boolean) => {
        clearTimeout(timer);
        current.onmessage = null;
        current.onerror = null;
        if (kill) {
          current.terminate();
          if (worker === current) worker = undefined;
        }
        resolve(outcome);
      };
      const timer = setTimeout(() => finish({ failed: 'timeout' }, true), limitMs);
      current.onmessage = (event) => {
        const data = event.data;
        if ('ready' in data) {
          ready = true;
          return;
        }
        if (data.id !== id) return;
        finish('report' in data ? { report: data.report } : { failed: 'crashed' }, false);
      };
      current.onerror = () => finish({ failed: ready ? 'crashed' : 'unavailable' }, true);
      current.postMessage({ id, bytes, anchors });
    });

  return (bytes: Uint8Array, anchors: string[]): Promise<JobOutcome> => {
    // One file at a time per worker: a queue keeps each file's time limit its own.
    const run = queue.then(() => runOne(bytes, anchors));
    queue = run.catch(() => undefined);
    return run;
  };
}
