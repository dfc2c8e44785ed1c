/** The bytes the page handles: PDFs from the portal tab and the companion, and the signed files' zip. */
import { zipSync } from 'fflate';
import type { BatchOutcome } from './sign-batch.js';

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|]+/g, '_').slice(0, 120);
}

/** Saves the signed files of a batch as one zip, named `zipName`. */
export function downloadZip(outcome: BatchOutcome, zipName: string): void {
  const files: Record<string, Uint8Array> = {};
  for (const file of outcome.signed) files[`${safeFileName(file.name)}.pdf`] = base64ToBytes(file.pdfBase64);
  // PDFs are already compressed: store them, do not deflate again.
  const zip = zipSync(files, { level: 0 });
  const url = URL.createObjectURL(new Blob([zip as BlobPart], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = zipName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
