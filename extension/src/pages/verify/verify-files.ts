/**
 * Verifying dropped files on the page itself: offline, nothing leaves the machine. One
 * trust store (bundled Vietnamese roots + the platform's extra anchors) is built per page
 * and reused until the anchors change.
 */
import {
  createTrustStore,
  DEFAULT_MAX_BYTES,
  type DocumentReport,
  type TrustStore,
  verifyPdf,
} from '@hocba/shared/verify';
import type { VerifyPlatform } from './platform.js';
import { workerRunner } from './verify-job.js';

/**
 * tooComplex: the file ran past the verify worker's time limit (or crashed it). empty: 0 bytes,
 * a copy or download that did not finish (not "not a PDF": the sender has the file to send again).
 */
export type RefusalReason = 'tooLarge' | 'notPdf' | 'unreadable' | 'tooComplex' | 'empty';

/** The text of a refusal (the empty file's key came later, under its task's prefix). */
export function refusalKey(reason: RefusalReason): string {
  return reason === 'empty' ? 'walk_verify_refused_empty' : `verify_refused_${reason}`;
}

export type FileResult =
  | { name: string; size: number; state: 'verifying' }
  /** verifiedIn: the worker (time limit) or the page's thread (only where no worker runs). */
  | { name: string; size: number; state: 'done'; report: DocumentReport; verifiedIn: 'worker' | 'page' }
  | { name: string; size: number; state: 'refused'; reason: RefusalReason };

export type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: RefusalReason };

/** A picked file's bytes, or why it is not read (over the size bound, unreadable). */
export async function readPicked(file: File, maxBytes = DEFAULT_MAX_BYTES): Promise<ReadResult> {
  if (file.size > maxBytes) return { ok: false, reason: 'tooLarge' };
  try {
    return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()) };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}

export interface Verifier {
  verify(name: string, bytes: Uint8Array): Promise<FileResult>;
  /** How many anchors the platform adds to the bundled roots (for the report's statement). */
  extraAnchorCount(): Promise<number>;
  /** Forget the cached store (after a root is loaded for the session). */
  resetTrust(): void;
}

export function createVerifier(platform: VerifyPlatform, limitMs?: number): Verifier {
  let trustStore: Promise<TrustStore> | undefined;
  const store = () => {
    trustStore ??= platform.extraAnchors().then((anchors) => createTrustStore({ anchors }));
    return trustStore;
  };
  let inWorker = platform.startVerifyWorker ? workerRunner(platform.startVerifyWorker, limitMs) : undefined;
  return {
    async verify(name, bytes) {
      if (bytes.length === 0) return { name, size: 0, state: 'refused', reason: 'empty' };
      if (inWorker) {
        const outcome = await inWorker(bytes, await platform.extraAnchors());
        if ('report' in outcome)
          return { name, size: bytes.length, state: 'done', report: outcome.report, verifiedIn: 'worker' };
        if (outcome.failed !== 'unavailable')
          return { name, size: bytes.length, state: 'refused', reason: 'tooComplex' };
        // This browser cannot run the worker: verify on the page (the reader's budgets still hold).
        inWorker = undefined;
      }
      const report = await verifyPdf(bytes, { trust: await store() });
      return { name, size: bytes.length, state: 'done', report, verifiedIn: 'page' };
    },
    async extraAnchorCount() {
      return (await platform.extraAnchors()).length;
    },
    resetTrust() {
      trustStore = undefined;
    },
  };
}
