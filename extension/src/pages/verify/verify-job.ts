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

/** Long enough for a 50 MB file on a slow school PC; a bomb is stopped well before by the reader's budgets. */
export const VERIFY_TIME_LIMIT_MS = 60_000;

export type JobOutcome = { report: DocumentReport } | { failed: 'timeout' | 'crashed' };

export interface WorkerLike {
  postMessage(message: VerifyJob): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<VerifyJobResult>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export function workerRunner(start: () => WorkerLike, limitMs = VERIFY_TIME_LIMIT_MS) {
  let worker: WorkerLike | undefined;
  let nextId = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const runOne = (bytes: Uint8Array, anchors: string[]) =>
    new Promise<JobOutcome>((resolve) => {
      worker ??= start();
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
        if (event.data.id !== id) return;
        finish('report' in event.data ? { report: event.data.report } : { failed: 'crashed' }, false);
      };
      current.onerror = () => finish({ failed: 'crashed' }, true);
      current.postMessage({ id, bytes, anchors });
    });

  return (bytes: Uint8Array, anchors: string[]): Promise<JobOutcome> => {
    // One file at a time per worker: a queue keeps each file's time limit its own.
    const run = queue.then(() => runOne(bytes, anchors));
    queue = run.catch(() => undefined);
    return run;
  };
}
