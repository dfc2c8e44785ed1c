/**
 * Messages from the extension's pages and content scripts to the service worker. Every
 * message is checked for shape and sender: a content script may only start a sign session
 * for its own tab; only extension pages may read a session or hand results back.
 */
import { isSignatureRole } from '@hocba/shared/roles';
import browser, { type Runtime } from 'webextension-polyfill';
import { probeCompanion } from './companion-status.js';
import { createSession, dropSession, getSession, type SessionDocument } from './sign-sessions.js';

const MAX_DOCUMENTS = 1_000;

function fromExtensionPage(sender: Runtime.MessageSender): boolean {
  return sender.url?.startsWith(browser.runtime.getURL('')) === true && !sender.tab?.url?.startsWith('http');
}

function validDocuments(value: unknown): value is SessionDocument[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= MAX_DOCUMENTS &&
    value.every(
      (d) =>
        typeof d === 'object' &&
        d !== null &&
        typeof d.docId === 'string' &&
        typeof d.name === 'string' &&
        (d.kind === 'record' || d.kind === 'pdf'),
    )
  );
}

export async function handleRuntimeMessage(
  message: unknown,
  sender: Runtime.MessageSender,
): Promise<unknown> {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'companion.status':
      return probeCompanion();
    case 'sign.start': {
      // From a portal's content script: open the sign page for exactly these documents.
      if (!sender.tab?.id || !isSignatureRole(m.role) || !validDocuments(m.documents)) {
        return { ok: false, error: 'BAD_REQUEST' };
      }
      const portal = m.portal as { adapter?: unknown; title?: unknown; upload?: unknown } | undefined;
      const session = await createSession({
        tabId: sender.tab.id,
        portal: {
          adapter: String(portal?.adapter ?? 'generic'),
          title: String(portal?.title ?? sender.tab.title ?? ''),
          url: sender.tab.url ?? '',
          upload: portal?.upload === true,
        },
        role: m.role,
        documents: m.documents,
      });
      const url = browser.runtime.getURL(`src/pages/sign/index.html?session=${session.sessionId}`);
      await browser.windows.create({ url, type: 'popup', width: 760, height: 820 });
      return { ok: true, sessionId: session.sessionId };
    }
    case 'sign.session':
      if (!fromExtensionPage(sender) || typeof m.sessionId !== 'string') return null;
      return getSession(m.sessionId);
    case 'sign.finished': {
      // From the sign page: hand the signed files to the portal tab (its adapter uploads them).
      if (!fromExtensionPage(sender) || typeof m.sessionId !== 'string') return { ok: false };
      const session = await getSession(m.sessionId);
      if (!session) return { ok: false };
      if (session.tabId !== null) {
        await browser.tabs
          .sendMessage(session.tabId, {
            type: 'hocba.signed',
            sessionId: session.sessionId,
            results: m.results,
          })
          .catch(() => undefined);
      }
      await dropSession(session.sessionId);
      return { ok: true };
    }
    default:
      return undefined;
  }
}
