/**
 * A sign session: what a portal tab asked to sign, handed to the extension-owned sign page,
 * and the signed files handed back to the tab. The session (kept in storage.session, so a
 * restarted service worker does not lose it, never written to disk) holds only what the
 * user sees: names, kinds, sizes. The documents themselves stay in the portal tab's content
 * script, which gathered them, until the sign page asks for a part: storage.session has a
 * 10 MB quota, and a grade's PDFs are far larger.
 */
import type { PortalIdentity } from '@hocba/shared/identity';
import browser from 'webextension-polyfill';

export interface SessionDocument {
  docId: string;
  /**
   * The row's name as the portal page showed it (page text, capped). The sign window shows
   * and sends the name read from the document itself.
   */
  name: string;
  kind: 'record' | 'pdf';
  /** Size as sent (base64 PDF or record JSON text), to cut the batch into parts. */
  bytes: number;
  /** SHA-256 (hex) of the document as gathered: shown to the signer, checked before sending. */
  sha256: string;
  /** What the portal row said about the pupil (page text), compared with the document. */
  portal?: PortalIdentity;
  /** Set by the sign window: findings the signer overrode for this document (for the audit log). */
  overridden?: string[];
  /** Set by the sign window: SHA-256 of the PDF the signer previewed of a record (rendered there). */
  previewSha256?: string;
}

/** A document's content, as the content script holds it. */
export interface DocumentPayload {
  docId: string;
  record?: unknown;
  pdfBase64?: string;
}

export interface SignSession {
  sessionId: string;
  tabId: number | null;
  /** `title` and `login` are page text (capped): shown as the page's words, never trusted. */
  portal: { adapter: string; title: string; login: string; url: string; upload: boolean };
  documents: SessionDocument[];
  /** The content script's key for the documents it holds for this session. */
  heldId: string;
  createdAt: string;
}

const key = (id: string) => `signSession:${id}`;

export async function createSession(
  session: Omit<SignSession, 'sessionId' | 'createdAt'>,
): Promise<SignSession> {
  const full: SignSession = {
    ...session,
    sessionId: crypto.randomUUID(),
    createdAt: new Date().toISOString(),
  };
  await browser.storage.session.set({ [key(full.sessionId)]: full });
  return full;
}

export async function getSession(sessionId: string): Promise<SignSession | null> {
  const stored = await browser.storage.session.get(key(sessionId));
  return (stored[key(sessionId)] as SignSession | undefined) ?? null;
}

export async function dropSession(sessionId: string): Promise<void> {
  await browser.storage.session.remove(key(sessionId));
}
