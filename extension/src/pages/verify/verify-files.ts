/**
 * Verifying dropped files on the page itself: offline, nothing leaves the machine. One
 * trust store (bundled Vietnamese roots + admin anchors) is built per page and reused.
 */
import {
  createTrustStore,
  DEFAULT_MAX_BYTES,
  type DocumentReport,
  type TrustStore,
  verifyPdf,
} from '@hocba/shared/verify';
import { adminTrustAnchors } from '../../settings/trust-anchors.js';

export type FileResult =
  | { name: string; size: number; state: 'verifying' }
  | { name: string; size: number; state: 'done'; report: DocumentReport }
  | { name: string; size: number; state: 'refused'; reason: 'tooLarge' | 'notPdf' | 'unreadable' };

let trustStore: Promise<TrustStore> | undefined;

export function pageTrustStore(): Promise<TrustStore> {
  trustStore ??= adminTrustAnchors().then((anchors) => createTrustStore({ anchors }));
  return trustStore;
}

/** Forget the cached store (after an admin adds an anchor). */
export function resetTrustStore(): void {
  trustStore = undefined;
}

export async function verifyFile(file: File): Promise<FileResult> {
  const base = { name: file.name, size: file.size };
  if (file.size > DEFAULT_MAX_BYTES) return { ...base, state: 'refused', reason: 'tooLarge' };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { ...base, state: 'refused', reason: 'unreadable' };
  }
  const report = await verifyPdf(bytes, { trust: await pageTrustStore() });
  return { ...base, state: 'done', report };
}
