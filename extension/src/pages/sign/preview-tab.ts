/**
 * The PDF exactly as it will be signed, opened in a new tab: the portal's bytes the tab
 * holds, or the record rendered as the companion will render it (its SHA-256 returned, for
 * the companion to match).
 */
import type { SessionDocument } from '../../background/sign-sessions.js';
import { loadFromTab } from './load-from-tab.js';
import { renderRecordPreview } from './record-preview.js';
import { base64ToBytes } from './signed-files.js';

export type PreviewOutcome = { shown: true; recordSha256?: string } | { shown: false };

export async function openPreview(sessionId: string, doc: SessionDocument): Promise<PreviewOutcome> {
  // Opened now, while the click still counts as the signer's: filled once the PDF is ready.
  const target = window.open('', '_blank');
  const [payload] = await loadFromTab(sessionId, [doc.docId]).catch(() => []);
  let bytes: Uint8Array | null = null;
  let recordSha256: string | undefined;
  if (doc.kind === 'pdf' && payload?.pdfBase64) bytes = base64ToBytes(payload.pdfBase64);
  if (doc.kind === 'record' && payload?.record) {
    const rendered = await renderRecordPreview(payload.record).catch(() => null);
    if (rendered) {
      bytes = rendered.pdf;
      recordSha256 = rendered.sha256;
    }
  }
  if (!bytes) {
    target?.close();
    return { shown: false };
  }
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
  if (target) target.location.href = url;
  else window.open(url, '_blank');
  setTimeout(() => URL.revokeObjectURL(url), 120_000);
  return recordSha256 === undefined ? { shown: true } : { shown: true, recordSha256 };
}
