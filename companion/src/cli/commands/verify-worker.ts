/** A worker thread of `hocba verify`: verifies its share of the files and posts each report. */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createTrustStore, verifyPdf } from '@hocba/shared/verify';

export interface VerifyWorkerInput {
  files: { index: number; path: string }[];
  anchors: Array<string | Uint8Array>;
  crls: Uint8Array[];
  /** Verification time, ISO 8601 (`--at`). */
  at?: string;
}

const input = workerData as VerifyWorkerInput;
const trust = createTrustStore({ anchors: input.anchors });
for (const { index, path } of input.files) {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    parentPort?.postMessage({ index, error: e instanceof Error ? e.message : String(e) });
    continue;
  }
  const report = await verifyPdf(bytes, {
    trust,
    revocation: { crls: input.crls },
    ...(input.at ? { now: new Date(input.at) } : {}),
  });
  parentPort?.postMessage({ index, report });
}
