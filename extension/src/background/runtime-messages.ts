/**
 * Messages from the extension's pages and content scripts to the service worker. Every
 * message is checked for shape and sender: a content script may only start a sign session
 * for its own tab; only extension pages may read a session or hand results back.
 */
import type { PortalIdentity } from '@hocba/shared/identity';
import browser, { type Runtime } from 'webextension-polyfill';
import { DEFENCE_LOAD_MESSAGE } from '../content/defence-contract.js';
import { probeCompanion } from './companion-status.js';
import { injectPageDefence } from './page-defence.js';
import { openVerifyPage } from './run-on-tab.js';
import {
  createSession,
  type DocumentPayload,
  dropSession,
  getSession,
  type SessionDocument,
} from './sign-sessions.js';
import { handleRecordCheck, handleTableCheck } from './table-checks.js';
import { MAX_HANDOFF_BYTES, storeHandoff, takeHandoff } from './verify-handoff.js';

const MAX_DOCUMENTS = 1_000;
/** Page text kept in a session (names, titles): capped, whatever the page sent. */
const PAGE_TEXT_MAX = 200;

const pageText = (value: unknown, max = PAGE_TEXT_MAX) =>
  typeof value === 'string' ? value.replace(/\s+/g, ' ').trim().slice(0, max) : '';

function portalIdentity(value: unknown): PortalIdentity {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const out: PortalIdentity = {};
  for (const key of ['name', 'studentId', 'dateOfBirth', 'className', 'schoolYear'] as const) {
    const text = pageText(v[key]);
    if (text) out[key] = text;
  }
  return out;
}

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
        typeof d.bytes === 'number' &&
        typeof d.sha256 === 'string' &&
        /^[0-9a-f]{64}$/.test(d.sha256) &&
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
      if (!sender.tab?.id || !validDocuments(m.documents) || typeof m.heldId !== 'string') {
        return { ok: false, error: 'BAD_REQUEST' };
      }
      const portal = m.portal as
        | { adapter?: unknown; title?: unknown; login?: unknown; upload?: unknown }
        | undefined;
      const session = await createSession({
        tabId: sender.tab.id,
        portal: {
          adapter: pageText(portal?.adapter, 64) || 'generic',
          title: pageText(portal?.title ?? sender.tab.title, 120),
          login: pageText(portal?.login, 120),
          url: sender.tab.url ?? '',
          upload: portal?.upload === true,
        },
        // Only what the user sees; the content stays in the tab (see sign-sessions.ts).
        documents: m.documents.map((d) => ({
          docId: d.docId.slice(0, 64),
          name: pageText(d.name),
          kind: d.kind,
          bytes: d.bytes,
          sha256: d.sha256,
          portal: portalIdentity(d.portal),
        })),
        heldId: m.heldId,
      });
      const url = browser.runtime.getURL(`src/pages/sign/index.html?session=${session.sessionId}`);
      await browser.windows.create({ url, type: 'popup', width: 760, height: 820 });
      return { ok: true, sessionId: session.sessionId };
    }
    case 'sign.session':
      if (!fromExtensionPage(sender) || typeof m.sessionId !== 'string') return null;
      return getSession(m.sessionId);
    case 'sign.documents': {
      // From the sign page: a part of the documents, fetched from the tab that holds them.
      if (!fromExtensionPage(sender) || typeof m.sessionId !== 'string' || !Array.isArray(m.docIds)) {
        return { ok: false, error: 'BAD_REQUEST' };
      }
      const session = await getSession(m.sessionId);
      if (!session || session.tabId === null) return { ok: false, error: 'NO_SESSION' };
      const answer = (await browser.tabs
        .sendMessage(session.tabId, { type: 'hocba.documents', heldId: session.heldId, docIds: m.docIds })
        .catch(() => null)) as { documents?: DocumentPayload[] } | null;
      if (!answer?.documents) return { ok: false, error: 'TAB_GONE' };
      return { ok: true, documents: answer.documents };
    }
    case 'sign.finished': {
      // From the sign page: hand the signed files to the portal tab (its adapter uploads them).
      if (!fromExtensionPage(sender) || typeof m.sessionId !== 'string') return { ok: false };
      const session = await getSession(m.sessionId);
      if (!session) return { ok: false };
      // Signed records go back only to the page that gathered them: the content script
      // takes them only if it holds this session's documents (a page the tab has navigated
      // to since has a new content script that holds nothing, and ignores them).
      let upload: unknown;
      if (session.tabId !== null) {
        // The tab's answer is the portal's: how many files it took, which it refused.
        upload = await browser.tabs
          .sendMessage(session.tabId, {
            type: 'hocba.signed',
            sessionId: session.sessionId,
            heldId: session.heldId,
            remaining: m.remaining,
            results: m.results,
          })
          .catch(() => undefined);
      }
      // Kept while documents remain, so that "sign the rest" can finish the same session.
      if (m.remaining === 0 || typeof m.remaining !== 'number') await dropSession(session.sessionId);
      return { ok: true, upload };
    }
    case 'verify.open': {
      // From a portal's content script: verify a file the page attaches, in the verify page.
      if (
        !sender.tab?.id ||
        typeof m.name !== 'string' ||
        typeof m.pdfBase64 !== 'string' ||
        m.pdfBase64.length > Math.ceil(MAX_HANDOFF_BYTES / 3) * 4
      ) {
        return { ok: false, error: 'BAD_REQUEST' };
      }
      const id = await storeHandoff({
        name: m.name.slice(0, 200),
        source: sender.tab.url ?? '',
        pdfBase64: m.pdfBase64,
      });
      await browser.tabs.create({
        url: browser.runtime.getURL(`src/pages/verify/index.html?handoff=${id}`),
        index: (sender.tab.index ?? 0) + 1,
      });
      return { ok: true };
    }
    case 'check.table':
      // From a portal's content script: the rules over the rows it read (nothing leaves the worker).
      return sender.tab?.id ? handleTableCheck(m) : undefined;
    case 'check.record':
      // From a portal's content script: a pupil's whole record it downloaded, read and checked here.
      return sender.tab?.id ? handleRecordCheck(m) : undefined;
    case DEFENCE_LOAD_MESSAGE:
      // From a portal's content script, before its first check: the page defence, into its frame.
      return injectPageDefence(sender);
    case 'verify.openPage':
      // From the "not recognised" note: the verify page, nothing else (no data passes).
      await openVerifyPage();
      return { ok: true };
    case 'options.open':
      // From the "not recognised" note: the settings page, which lists where we work.
      await browser.runtime.openOptionsPage();
      return { ok: true };
    case 'verify.handoff':
      // From the verify page: the handed file, once.
      if (!fromExtensionPage(sender) || typeof m.id !== 'string') return null;
      return takeHandoff(m.id);
    default:
      return undefined;
  }
}
