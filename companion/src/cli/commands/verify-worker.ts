/**
 * A worker thread of `hocba verify`: takes jobs `{ id, path }` as the main thread deals them
 * (a few ahead), verifies them one at a time in order, reading each file when its turn comes,
 * and posts each report rendered when it is done (verify-pool.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createTrustStore, verifyPdf } from '@hocba/shared/verify';
import { nodeVerifyCrypto } from './verify-crypto.js';
import { verifyPath } from './verify-file.js';
import { type RenderedReport, renderReport } from './verify-output.js';

export interface VerifyWorkerInput {
  anchors: Array<string | Uint8Array>;
  crls: Uint8Array[];
  /** Verification time, ISO 8601 (`--at`). */
  at?: string;
  /** Render for `--json` (else the text report). */
  json: boolean;
}
export interface VerifyWorkerJob {
  id: number;
  path: string;
}
export interface VerifyWorkerResult {
  id: number;
  path: string;
  /** Rendered here: a string crosses threads far cheaper than the report object. */
  rendered?: RenderedReport;
  error?: string;
}

const input = workerData as VerifyWorkerInput | undefined;
if (parentPort && input) {
  const port = parentPort;
  const trust = createTrustStore({ anchors: input.anchors });
  const options = {
    trust,
    revocation: { crls: input.crls },
    crypto: nodeVerifyCrypto,
    ...(input.at ? { now: new Date(input.at) } : {}),
  };
  const verifyJob = (job: VerifyWorkerJob): Promise<void> =>
    verifyPath(job.path, (bytes) => verifyPdf(bytes, options)).then(
      (report) =>
        port.postMessage({
          id: job.id,
          path: job.path,
          rendered: renderReport(job.path, report, input.json),
        } satisfies VerifyWorkerResult),
      (e: unknown) =>
        port.postMessage({
          id: job.id,
          path: job.path,
          error: e instanceof Error ? e.message : String(e),
        } satisfies VerifyWorkerResult),
    );
  // One file at a time, in the order dealt: the queue only saves a wait between two files.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (job: VerifyWorkerJob) => {
    queue = queue.then(() => verifyJob(job));
  });
}
