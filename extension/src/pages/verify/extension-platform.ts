/** The verify page inside the extension: the bundled roots plus what IT added (policy, settings). */
import browser from 'webextension-polyfill';
import { adminTrustAnchors } from '../../settings/trust-anchors.js';
import type { VerifyPlatform } from './platform.js';
import type { WorkerLike } from './verify-job.js';

/** The file a portal tab handed over (`?handoff=<id>`), taken once from the service worker. */
async function handedFiles(): Promise<File[]> {
  const id = new URLSearchParams(location.search).get('handoff');
  if (!id) return [];
  const handoff = (await browser.runtime.sendMessage({ type: 'verify.handoff', id }).catch(() => null)) as {
    name?: unknown;
    source?: unknown;
    pdfBase64?: unknown;
  } | null;
  if (!handoff || typeof handoff.name !== 'string' || typeof handoff.pdfBase64 !== 'string') return [];
  const binary = atob(handoff.pdfBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  let host = '';
  try {
    host = new URL(String(handoff.source)).host;
  } catch {
    // No source: the name alone.
  }
  return [new File([bytes], host ? `${handoff.name} (${host})` : handoff.name, { type: 'application/pdf' })];
}

export const extensionPlatform: VerifyPlatform = {
  kind: 'extension',
  extraAnchors: adminTrustAnchors,
  startVerifyWorker: () =>
    new Worker(new URL('./verify-worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
  handedFiles,
};
