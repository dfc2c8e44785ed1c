/** The parts every progress event of a batch shares. */
import type { BatchContext } from './types.js';

/** What every progress report of a batch starts with: which batch, which document, how far. */
export function progressHead(
  request: { id: string; batchId: string },
  state: { finished: ReadonlyMap<string, unknown>; total: number },
  docId: string,
) {
  return { id: request.id, batchId: request.batchId, docId, done: state.finished.size, total: state.total };
}

/** The signed file as the caller asked for it (see `BatchContext.signedBytes`). */
export function signedFile(
  pdf: Uint8Array,
  context: BatchContext,
): { pdf: Uint8Array } | { pdfBase64: string } {
  if (context.signedBytes) return { pdf };
  return { pdfBase64: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('base64') };
}
