/**
 * A file a portal page attaches (a transferred pupil's học bạ), handed from the portal tab
 * to the extension's own verify page: the tab fetches it with the user's session, the
 * service worker keeps it in storage.session (memory only) under a random id, and the verify
 * page takes it once. The page never chooses what the verify page says: it only supplies
 * bytes, which are judged there like a dropped file.
 */
import browser from 'webextension-polyfill';
import { MAX_HANDOFF_BYTES } from './content-messages.js';

export { MAX_HANDOFF_BYTES };

export interface Handoff {
  name: string;
  /** Where the file came from, shown beside its name. */
  source: string;
  pdfBase64: string;
}

const key = (id: string) => `verifyHandoff:${id}`;

export async function storeHandoff(handoff: Handoff): Promise<string> {
  // One at a time: an earlier file not yet taken is dropped (the quota is small).
  const all = await browser.storage.session.get(null);
  const stale = Object.keys(all).filter((k) => k.startsWith('verifyHandoff:'));
  if (stale.length > 0) await browser.storage.session.remove(stale);
  const id = crypto.randomUUID();
  await browser.storage.session.set({ [key(id)]: handoff });
  return id;
}

export async function takeHandoff(id: string): Promise<Handoff | null> {
  const stored = await browser.storage.session.get(key(id));
  await browser.storage.session.remove(key(id));
  return (stored[key(id)] as Handoff | undefined) ?? null;
}
