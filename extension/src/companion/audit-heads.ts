/**
 * The companion's audit log heads, signed by the signer's token at the end of each batch
 * part (sign.result `auditHead`), kept here too: someone who can write the school PC's
 * data folder can cut or rewrite the log there, but not these copies. An IT admin exports
 * them (options page, or `browser.storage.local` key `auditHeads`) for
 * `hocba audit verify --head FILE.json`. See docs/audit.md.
 */
import type { AuditHead } from '@hocba/shared/protocol';
import browser from 'webextension-polyfill';

const KEY = 'auditHeads';
/** The newest this many (~1.5 KB each, mostly the certificate). */
export const KEPT_HEADS = 200;

export async function keepAuditHead(head: AuditHead): Promise<void> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  const list = Array.isArray(stored) ? (stored as AuditHead[]) : [];
  if (list.some((h) => h.signature === head.signature)) return;
  await browser.storage.local.set({ [KEY]: [...list, head].slice(-KEPT_HEADS) });
}

export async function keptAuditHeads(): Promise<AuditHead[]> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  return Array.isArray(stored) ? (stored as AuditHead[]) : [];
}
