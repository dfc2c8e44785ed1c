/**
 * A sign session: what a portal tab asked to sign (the documents exactly as the user saw
 * them), handed to the extension-owned sign page, and the signed files handed back to the
 * tab. Kept in storage.session so a restarted service worker does not lose it, and never
 * written to disk.
 */
import type { SignatureRole } from '@hocba/shared/roles';
import browser from 'webextension-polyfill';

export interface SessionDocument {
  docId: string;
  /** What the user saw: "Nguyễn Thị Hoa, lớp 5A, 2024-2025". */
  name: string;
  kind: 'record' | 'pdf';
  record?: unknown;
  pdfBase64?: string;
  /** Checks the user chose to override (errors she saw and accepted), for the audit. */
  overriddenFindings?: string[];
}

export interface SignSession {
  sessionId: string;
  tabId: number | null;
  portal: { adapter: string; title: string; url: string; upload: boolean };
  role: SignatureRole;
  documents: SessionDocument[];
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
