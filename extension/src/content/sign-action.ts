/**
 * Approve and sign, from the portal tab: gather the chosen students' whole records as the
 * portal offers them (its PDF, or its record data), hand them to the service worker, which
 * opens the extension's sign page (the only place a PIN is typed). When the signed files
 * come back, hand them to the portal through the adapter's upload, if it has one.
 */
import type { SignatureRole } from '@hocba/shared/roles';
import browser from 'webextension-polyfill';
import type { PortalAdapter } from '../adapters/types.js';
import type { StudentRow } from './read-table.js';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export interface SignRequestDocument {
  docId: string;
  name: string;
  kind: 'record' | 'pdf';
  record?: unknown;
  pdfBase64?: string;
  overriddenFindings?: string[];
}

/** Fetches each student's record from the portal (with the user's session) as the portal serves it. */
export async function gatherDocuments(
  adapter: PortalAdapter,
  rows: readonly { row: StudentRow; overridden: string[] }[],
): Promise<SignRequestDocument[]> {
  const docs: SignRequestDocument[] = [];
  for (const { row, overridden } of rows) {
    if (!row.recordUrl || !adapter.record) throw new Error(`no record link for ${row.name}`);
    const response = await fetch(row.recordUrl, { credentials: 'include' });
    if (!response.ok) throw new Error(`${row.recordUrl}: HTTP ${response.status}`);
    const name = [row.name, row.year.className && `lớp ${row.year.className}`, row.year.schoolYear]
      .filter(Boolean)
      .join(', ');
    const base = {
      docId: row.studentId.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 64),
      name,
      overriddenFindings: overridden,
    };
    if (adapter.record.kind === 'pdf-link') {
      docs.push({ ...base, kind: 'pdf', pdfBase64: toBase64(new Uint8Array(await response.arrayBuffer())) });
    } else {
      docs.push({ ...base, kind: 'record', record: await response.json() });
    }
  }
  return docs;
}

export async function startSigning(
  adapter: PortalAdapter,
  role: SignatureRole,
  documents: SignRequestDocument[],
) {
  return browser.runtime.sendMessage({
    type: 'sign.start',
    role,
    documents,
    portal: { adapter: adapter.id, title: document.title, upload: Boolean(adapter.upload) },
  }) as Promise<{ ok: boolean; sessionId?: string }>;
}

export interface SignedResult {
  docId: string;
  name: string;
  pdfBase64: string;
  sha256: string;
}

export interface UploadOutcome {
  docId: string;
  name: string;
  status: 'uploaded' | 'refused';
  detail: string;
}

/** Portal upload, one file at a time; the portal's answer is reported as it is. */
export async function uploadSigned(
  adapter: PortalAdapter,
  results: SignedResult[],
): Promise<UploadOutcome[]> {
  if (!adapter.upload) return [];
  const out: UploadOutcome[] = [];
  for (const result of results) {
    const url = new URL(
      adapter.upload.url.replace('{studentId}', encodeURIComponent(result.docId)),
      location.href,
    );
    try {
      const response = await fetch(url, {
        method: adapter.upload.method,
        credentials: 'include',
        headers: { 'content-type': 'application/pdf' },
        body: fromBase64(result.pdfBase64) as BodyInit,
      });
      const text = await response.text();
      out.push({
        docId: result.docId,
        name: result.name,
        status: response.ok ? 'uploaded' : 'refused',
        detail: text.slice(0, 300),
      });
    } catch (error) {
      out.push({ docId: result.docId, name: result.name, status: 'refused', detail: String(error) });
    }
  }
  return out;
}
