/**
 * The worker thread of `PdfChecker`: reads a PDF the way signing will (structure, pages,
 * signature fields, attached record) and says whether it can, or with which typed error it
 * cannot; asked to prepare, it goes on from the same reading to the prepared signature (see
 * pdf-prepare.ts). It holds no key and no session: bytes and certificates in, a verdict or
 * the bytes to sign out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ErrorInfo, isHocbaError } from '@hocba/shared/errors';
import type { SignerIdentity } from '@hocba/shared/pdf';
import {
  checkAndPrepare,
  checkPdfDocument,
  type PreparedInWorker,
  type PrepareInput,
} from './pdf-prepare.js';

export interface CheckRequest {
  id: number;
  bytes: Uint8Array;
  /** Whether signing will read the attached record (attaching one, or a principal's capacity). */
  readRecord: boolean;
  /** Present: prepare the signature too (the check is part of it). */
  prepare?: Omit<PrepareInput, 'font'>;
}
export type CheckResponse =
  | { id: number; ok: true; prepared?: PreparedInWorker }
  | { id: number; ok: false; error: ErrorInfo | { reason: string } };

/** The stamp's font, given once when the worker starts (parsed once per worker, then cached). */
const font: Uint8Array | undefined = (workerData as { font?: Uint8Array } | undefined)?.font;

/**
 * The same identity arrives as fresh copies with every document: keep the first copy, so
 * the signer's caches (keyed by the array) read the certificates once a batch, not once a record.
 */
let lastIdentity: SignerIdentity | undefined;
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}
function stableIdentity(identity: SignerIdentity): SignerIdentity {
  const last = lastIdentity;
  if (
    last &&
    sameBytes(last.certificate, identity.certificate) &&
    last.chain.length === identity.chain.length &&
    last.chain.every((c, i) => sameBytes(c, identity.chain[i]!)) &&
    last.algorithms.join() === identity.algorithms.join()
  )
    return last;
  lastIdentity = identity;
  return identity;
}

async function answer({ bytes, readRecord, prepare }: CheckRequest): Promise<PreparedInWorker | undefined> {
  if (!prepare) {
    checkPdfDocument(bytes, readRecord);
    return undefined;
  }
  if (!font) throw new Error('the check worker was started without the stamp font');
  return checkAndPrepare(bytes, { ...prepare, identity: stableIdentity(prepare.identity), font });
}

parentPort?.on('message', async (request: CheckRequest) => {
  const { id } = request;
  let response: CheckResponse;
  try {
    const prepared = await answer(request);
    response = prepared ? { id, ok: true, prepared } : { id, ok: true };
  } catch (error) {
    response = {
      id,
      ok: false,
      error: isHocbaError(error)
        ? error.toJSON()
        : { reason: error instanceof Error ? error.message : String(error) },
    };
  }
  // The prepared PDF is moved, not copied, back to the main thread (when it owns its buffer whole).
  const pdf = response.ok ? response.prepared?.pdf : undefined;
  const movable = pdf && pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
  parentPort?.postMessage(response, movable ? [pdf.buffer as ArrayBuffer] : []);
});
