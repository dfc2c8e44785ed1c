/** The verify page inside the extension: the bundled roots plus what IT added (policy, settings). */
import { adminTrustAnchors } from '../../settings/trust-anchors.js';
import type { VerifyPlatform } from './platform.js';
import type { WorkerLike } from './verify-job.js';

export const extensionPlatform: VerifyPlatform = {
  kind: 'extension',
  extraAnchors: adminTrustAnchors,
  startVerifyWorker: () =>
    new Worker(new URL('./verify-worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
};
