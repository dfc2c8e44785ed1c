import browser from 'webextension-polyfill';
import type { DocumentPayload } from '../../background/sign-sessions.js';

/** Asks the service worker for documents the portal tab holds for this session (none if it is gone). */
export async function loadFromTab(sessionId: string, docIds: string[]): Promise<DocumentPayload[]> {
  const answer = (await browser.runtime.sendMessage({ type: 'sign.documents', sessionId, docIds })) as {
    ok: boolean;
    documents?: DocumentPayload[];
  };
  return answer?.ok && answer.documents ? answer.documents : [];
}
