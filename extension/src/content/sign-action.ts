/**
 * Approve and sign, from the portal tab: gather the chosen students' whole records as the
 * portal offers them (its PDF, or its record data), hand them to the service worker, which
 * opens the extension's sign page (the only place a PIN is typed). When the signed files
 * come back, hand them to the portal through the adapter's upload, if it has one.
 */
import type { PortalIdentity } from '@hocba/shared/identity';
import type { PortalAdapter } from '../adapters/types.js';
import { documentDigest } from '../companion/document-digest.js';
import { fromBase64, toBase64 } from './base64.js';
import { extensionApi } from './extension-api.js';
import { refusal } from './i18n.js';
import type { StudentRow } from './read-table.js';

export interface SignRequestDocument {
  docId: string;
  /** The row's name as the page shows it (page text: the sign window reads the document's own). */
  name: string;
  kind: 'record' | 'pdf';
  record?: unknown;
  pdfBase64?: string;
  /** What the portal row said about the pupil, to compare with the document in the sign window. */
  portal: PortalIdentity;
}

/**
 * A document id unique by construction: the row's position, then the student id made
 * safe for the protocol (readable in logs). Ids from names or student ids alone collide:
 * "a/b" and "a_b" sanitise alike, long ids share their first 64 characters, and one
 * student can have two rows (two school years).
 */
export function documentId(index: number, studentId: string): string {
  return `${String(index + 1).padStart(4, '0')}-${studentId.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 56)}`;
}

/** The portal's own student id of each document gathered in this tab (uploads go back under it). */
const studentIds = new Map<string, string>();

/** Page text is capped before it leaves the page: a portal may put anything in a cell or a title. */
export const PAGE_TEXT_MAX = 200;
const cap = (text: string | undefined, max = PAGE_TEXT_MAX) =>
  (text ?? '').replace(/\s+/g, ' ').trim().slice(0, max);

/**
 * What the row says about the pupil. A book of files names a file and the class it was
 * submitted for, not a pupil: its file name and file id are not compared with the record.
 */
function portalIdentity(adapter: PortalAdapter, row: StudentRow): PortalIdentity {
  if (adapter.layout.kind === 'files') return { className: cap(row.year.className) };
  return {
    name: cap(row.name),
    studentId: cap(row.studentId),
    className: cap(row.year.className),
    schoolYear: cap(row.year.schoolYear),
    ...(row.dateOfBirth ? { dateOfBirth: cap(row.dateOfBirth) } : {}),
  };
}

/** Fetches each student's record from the portal (with the user's session) as the portal serves it. */
export async function gatherDocuments(
  adapter: PortalAdapter,
  rows: readonly StudentRow[],
): Promise<SignRequestDocument[]> {
  const docs: SignRequestDocument[] = [];
  for (const [index, row] of rows.entries()) {
    // Why the records could not be gathered (nothing is sent to sign then); words in _locales.
    if (!row.recordUrl || !adapter.record)
      throw refusal('NO_RECORD_LINK', 'tables_gather_no_link', [row.name]);
    const response = await fetch(row.recordUrl, { credentials: 'include' }).catch((cause: unknown) => {
      throw refusal('PORTAL_UNREACHABLE', 'tables_gather_unreachable', [row.name], cause);
    });
    if (!response.ok)
      throw refusal('RECORD_FETCH_FAILED', 'tables_gather_failed', [row.name, String(response.status)]);
    const name = [
      cap(row.name),
      row.year.className && `lớp ${cap(row.year.className)}`,
      cap(row.year.schoolYear),
    ]
      .filter(Boolean)
      .join(', ');
    const docId = documentId(index, row.studentId);
    studentIds.set(docId, row.studentId);
    const base = {
      docId,
      name,
      portal: portalIdentity(adapter, row),
    };
    if (adapter.record.kind === 'pdf-link') {
      docs.push({ ...base, kind: 'pdf', pdfBase64: toBase64(new Uint8Array(await response.arrayBuffer())) });
    } else {
      docs.push({ ...base, kind: 'record', record: await response.json() });
    }
  }
  return docs;
}

/**
 * Documents gathered for sign sessions, held in this tab until the sign page asks for them
 * (part by part) and dropped when the tab goes away: they are never stored anywhere else.
 */
const held = new Map<string, Map<string, SignRequestDocument>>();

/** Who the page says is logged in (page text, capped); '' when the adapter's selector finds nothing or is broken. */
function loginText(adapter: PortalAdapter): string {
  if (typeof adapter.login !== 'string' || !adapter.login) return '';
  try {
    return cap(document.querySelector(adapter.login)?.textContent ?? '', 120);
  } catch {
    // A managed adapter's selector may not parse: no hint, and signing goes on.
    return '';
  }
}

export async function startSigning(adapter: PortalAdapter, documents: SignRequestDocument[]) {
  const heldId = crypto.randomUUID();
  held.set(heldId, new Map(documents.map((d) => [d.docId, d])));
  const answer = (await extensionApi.runtime.sendMessage({
    type: 'sign.start',
    heldId,
    documents: await Promise.all(
      documents.map(async (d) => ({
        docId: d.docId,
        sha256: await documentDigest(d),
        name: d.name,
        kind: d.kind,
        bytes: d.kind === 'pdf' ? (d.pdfBase64?.length ?? 0) : JSON.stringify(d.record).length,
        portal: d.portal,
      })),
    ),
    portal: {
      adapter: adapter.id,
      title: cap(document.title, 120),
      login: loginText(adapter),
      upload: Boolean(adapter.upload),
    },
  })) as { ok: boolean; sessionId?: string };
  if (!answer?.ok) held.delete(heldId);
  return answer;
}

/** Answers the sign page's request (through the service worker) for a part of the documents. */
export function heldDocuments(heldId: string, docIds: string[]): { documents: unknown[] } | undefined {
  const docs = held.get(heldId);
  if (!docs) return undefined;
  const documents = docIds.flatMap((id) => {
    const d = docs.get(id);
    return d ? [{ docId: d.docId, record: d.record, pdfBase64: d.pdfBase64 }] : [];
  });
  return { documents };
}

/** Whether this tab gathered the documents of that session (and still holds them). */
export function holds(heldId: string): boolean {
  return held.has(heldId);
}

/** The session is over: the tab forgets its documents. */
export function releaseHeld(heldId: string): void {
  held.delete(heldId);
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
      adapter.upload.url
        .replace('{docId}', encodeURIComponent(studentIds.get(result.docId) ?? result.docId))
        .replace('{studentId}', encodeURIComponent(studentIds.get(result.docId) ?? result.docId)),
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
