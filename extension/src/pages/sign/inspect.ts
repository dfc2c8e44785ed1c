/**
 * What the sign window knows about each document before the PIN, read from the document
 * itself (the record JSON, or the record embedded in the portal's PDF), never from the page:
 * whose it is, how it compares with the portal row that asked for it, its Thông tư 27
 * findings, and which roles have already signed it. Then, for the role being signed, what
 * becomes of it: sent, held for the signer's decision, or listed apart and not sent.
 */
import type { Bilingual } from '@hocba/shared/errors';
import {
  compareIdentity,
  type DocumentIdentity,
  type IdentityDifference,
  identityOf,
  missingEarlierRoles,
} from '@hocba/shared/identity';
import {
  delegationCapacity,
  PdfDocument,
  readAttachedRecord,
  readSignatureFields,
  type SigningCapacity,
} from '@hocba/shared/pdf';
import { type HocBaRecord, parseRecord, parseRecordText } from '@hocba/shared/record';
import { ROLES, SIGNATURE_ROLES, type SignatureRole } from '@hocba/shared/roles';
import { checkRecord, type Finding } from '@hocba/shared/rules';
import type { DocumentPayload, SessionDocument } from '../../background/sign-sessions.js';
import { documentDigest } from '../../companion/document-digest.js';
import { earlierSignatureProblem } from './earlier-signatures.js';
import { base64ToBytes } from './signed-files.js';

export interface Inspection {
  docId: string;
  /** ok: a record read and checked; noRecord: a PDF without our record inside (content unchecked). */
  status: 'ok' | 'noRecord' | 'invalid' | 'unreadable' | 'changed' | 'missing';
  identity: DocumentIdentity | null;
  differences: IdentityDifference[];
  findings: Finding[];
  /** Roles whose signature the document already carries. */
  signedRoles: SignatureRole[];
  /** Why the document could not be read (invalid, unreadable). */
  problem?: Bilingual;
  /** The school the record names: shown with the batch, before the PIN. */
  school?: string;
  /** A deputy signing for the principal, as the record says: the stamp shows it (KT. HIỆU TRƯỞNG). */
  principalCapacity?: SigningCapacity;
}

function fromRecord(
  doc: SessionDocument,
  record: HocBaRecord,
  signedRoles: SignatureRole[],
): Omit<Inspection, 'status'> {
  const identity = identityOf(record);
  const year = record.years.at(-1);
  const capacity = delegationCapacity(year?.signatures.principal);
  return {
    docId: doc.docId,
    identity,
    differences: compareIdentity(identity, doc.portal ?? {}),
    findings: checkRecord(record),
    signedRoles,
    // The year being signed may have been studied at another school (transfer, merger).
    school: year?.school?.name || record.school.name,
    ...(capacity ? { principalCapacity: capacity } : {}),
  };
}

const empty = (doc: SessionDocument) => ({
  docId: doc.docId,
  identity: null,
  differences: [],
  findings: [],
  signedRoles: [],
});

const roleByField = new Map(SIGNATURE_ROLES.map((r) => [ROLES[r].fieldName, r]));

/** Reads one document as it will be sent. Never throws: an unreadable one says so. */
export async function inspectDocument(doc: SessionDocument, payload: DocumentPayload | undefined) {
  if (!payload) return { ...empty(doc), status: 'missing' } satisfies Inspection;
  try {
    // The bytes read here are the bytes listed: a tab that changed them is caught now.
    if ((await documentDigest({ kind: doc.kind, ...payload })) !== doc.sha256) {
      return { ...empty(doc), status: 'changed' } satisfies Inspection;
    }
    if (doc.kind === 'record') {
      const parsed = parseRecord(payload.record);
      if (parsed.status !== 'ok') {
        return { ...empty(doc), status: 'invalid', problem: issueText(parsed.issues) } satisfies Inspection;
      }
      // A record the companion renders anew carries no signature yet, whatever its slots say.
      return { ...fromRecord(doc, parsed.record, []), status: 'ok' } satisfies Inspection;
    }
    const bytes = base64ToBytes(payload.pdfBase64 ?? '');
    const pdf = new PdfDocument(bytes);
    const signedFields = readSignatureFields(pdf).filter((f) => f.signed);
    const signedRoles = signedFields.flatMap((f) => {
      const role = roleByField.get(f.name);
      return role ? [role] : [];
    });
    // What earlier signers signed must still be what is in the file (no record swapped since).
    const problem = signedFields.length > 0 ? await earlierSignatureProblem(bytes) : undefined;
    if (problem) return { ...empty(doc), signedRoles, status: 'invalid', problem } satisfies Inspection;
    const attached = readAttachedRecord(pdf);
    if (!attached) return { ...empty(doc), signedRoles, status: 'noRecord' } satisfies Inspection;
    const parsed = parseRecordText(new TextDecoder('utf-8', { fatal: false }).decode(attached));
    if (parsed.status !== 'ok') {
      return {
        ...empty(doc),
        signedRoles,
        status: 'invalid',
        problem: issueText(parsed.issues),
      } satisfies Inspection;
    }
    return { ...fromRecord(doc, parsed.record, signedRoles), status: 'ok' } satisfies Inspection;
  } catch (error) {
    const text = error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
    return {
      ...empty(doc),
      status: 'unreadable',
      problem: { vi: `Không đọc được tệp PDF: ${text}`, en: `The PDF cannot be read: ${text}` },
    } satisfies Inspection;
  }
}

function issueText(issues: readonly { path: string; reason: Bilingual }[]): Bilingual {
  const first = issues.slice(0, 3);
  return {
    vi: first.map((i) => `${i.path || '/'}: ${i.reason.vi}`).join('; '),
    en: first.map((i) => `${i.path || '/'}: ${i.reason.en}`).join('; '),
  };
}

/**
 * What becomes of a document when signing in `role`:
 * - send: read, same pupil as the row, no error;
 * - review: errors under Thông tư 27, or a PDF whose content cannot be checked: sent only
 *   if the signer overrides it, one by one, with the findings in view;
 * - mismatch: the document is about another pupil than the row that asked for it;
 * - alreadySigned / waiting: this role has signed it, or an earlier role has not yet;
 * - blocked: cannot be read, changed since it was listed, or gone from the tab.
 */
export type Disposition = 'send' | 'review' | 'mismatch' | 'alreadySigned' | 'waiting' | 'blocked';

export function dispositionOf(inspection: Inspection, role: SignatureRole | null): Disposition {
  if (['invalid', 'unreadable', 'changed', 'missing'].includes(inspection.status)) return 'blocked';
  if (inspection.differences.length > 0) return 'mismatch';
  if (role) {
    const signed = new Set(inspection.signedRoles);
    if (signed.has(role)) return 'alreadySigned';
    if (missingEarlierRoles(role, signed).length > 0) return 'waiting';
  }
  if (inspection.status === 'noRecord') return 'review';
  return inspection.findings.some((f) => f.severity === 'error') ? 'review' : 'send';
}

/** The name the companion records and the list shows: from the document, not the page. */
export function documentName(doc: SessionDocument, inspection: Inspection | undefined): string {
  const id = inspection?.identity;
  if (!id) return doc.name;
  return [id.fullName, id.className && `lớp ${id.className}`, id.schoolYear].filter(Boolean).join(', ');
}

/** What a signer overrides for a held-back document: its error rule codes, or UNCHECKED. */
export function overriddenCodes(inspection: Inspection | undefined): string[] {
  if (!inspection || inspection.status === 'noRecord') return ['UNCHECKED'];
  return [...new Set(inspection.findings.filter((f) => f.severity === 'error').map((f) => f.rule))];
}
