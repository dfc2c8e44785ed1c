/**
 * The worker thread of `PdfChecker`: reads a portal PDF the way signing will (structure,
 * pages, signature fields, attached record) and says whether it can, or with which typed
 * error it cannot. It holds no key and no session: only bytes in, a verdict out.
 */
import { parentPort } from 'node:worker_threads';
import { type ErrorInfo, isHocbaError } from '@hocba/shared/errors';
import { PdfDocument, readAttachedRecord, readSignatureFields } from '@hocba/shared/pdf';

export interface CheckRequest {
  id: number;
  bytes: Uint8Array;
  /** Whether signing will read the attached record (attaching one, or a principal's capacity). */
  readRecord: boolean;
}
export type CheckResponse =
  | { id: number; ok: true }
  | { id: number; ok: false; error: ErrorInfo | { reason: string } };

parentPort?.on('message', ({ id, bytes, readRecord }: CheckRequest) => {
  let response: CheckResponse;
  try {
    const doc = new PdfDocument(bytes);
    doc.pages();
    readSignatureFields(doc);
    if (readRecord) readAttachedRecord(doc);
    response = { id, ok: true };
  } catch (error) {
    response = {
      id,
      ok: false,
      error: isHocbaError(error)
        ? error.toJSON()
        : { reason: error instanceof Error ? error.message : String(error) },
    };
  }
  parentPort?.postMessage(response);
});
