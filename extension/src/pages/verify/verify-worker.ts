/**
 * The verify page's worker: reads and checks one PDF at a time off the page's thread, so a
 * hostile file can neither freeze the page nor outlive its time limit (the page terminates
 * this worker and starts a new one). Same code as on the page: `verifyPdf` from shared.
 */
import { createTrustStore, type TrustStore, verifyPdf } from '@hocba/shared/verify';
import type { VerifyJob, VerifyJobResult } from './verify-job.js';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<VerifyJob>) => void) | null;
  postMessage(message: VerifyJobResult | { ready: true }): void;
};

let trust: { key: string; store: TrustStore } | undefined;

scope.onmessage = async (event) => {
  const { id, bytes, anchors } = event.data;
  try {
    const key = anchors.join('\n');
    if (trust?.key !== key) trust = { key, store: createTrustStore({ anchors }) };
    const report = await verifyPdf(bytes, { trust: trust.store });
    scope.postMessage({ id, report });
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
// Loaded: from now on an error is the file's doing, not a browser that cannot run this worker.
scope.postMessage({ ready: true });
