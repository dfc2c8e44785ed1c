/**
 * Injects the page defence (content/defence-script.ts, built as content-defence.js) into the
 * frame of the content script that asks for it, in the same isolated world, when its first
 * check needs it. Injected by the worker rather than imported: the file is not
 * web-accessible (no page can probe for it) and costs nothing on a plain page view.
 */
import browser, { type Runtime } from 'webextension-polyfill';

export const DEFENCE_FILE = 'content-defence.js';

/** `{ ok: true }` once the file has run in the sender's frame; `{ ok: false }` when it could not. */
export async function injectPageDefence(sender: Runtime.MessageSender): Promise<{ ok: boolean }> {
  const tabId = sender.tab?.id;
  // Only a content script in a web page's tab asks (not an extension page).
  if (typeof tabId !== 'number' || typeof sender.frameId !== 'number') return { ok: false };
  // Chromium names the asking document: a frame navigated since is not injected into.
  const documentId = (sender as { documentId?: unknown }).documentId;
  const target =
    typeof documentId === 'string'
      ? ({ tabId, documentIds: [documentId] } as unknown as { tabId: number })
      : { tabId, frameIds: [sender.frameId] };
  try {
    await browser.scripting.executeScript({ target, files: [DEFENCE_FILE] });
    return { ok: true };
  } catch {
    // Access withdrawn since, the frame gone: the content script refuses the check (typed).
    return { ok: false };
  }
}
