/**
 * The standalone verify file: no extension, so no policy and no settings. Only the bundled
 * Vietnamese roots, plus roots the reader loads for this session (kept in memory, gone on reload).
 * It verifies in a worker started from a Blob URL (the file is opened from disk: no worker
 * script can be loaded beside it), with the same time limit as the extension's page.
 */
import type { VerifyPlatform } from './platform.js';
import StandaloneVerifyWorker from './standalone-verify-worker.ts?worker&inline';
import type { WorkerLike } from './verify-job.js';

export function standalonePlatform(): VerifyPlatform {
  const sessionAnchors: string[] = [];
  return {
    kind: 'standalone',
    extraAnchors: async () => [...sessionAnchors],
    addSessionAnchor(pem) {
      if (!sessionAnchors.includes(pem)) sessionAnchors.push(pem);
    },
    startVerifyWorker: () => new StandaloneVerifyWorker() as unknown as WorkerLike,
  };
}
