/**
 * What the sign window makes of its documents for the role and certificate chosen: each
 * document's disposition, what goes to the companion (with the overrides the signer ticked
 * and the hash of the PDF previewed), and the records naming another person than the
 * certificate's holder. Pure: the page calls it on every render.
 */
import { compareNames } from '@hocba/shared/identity';
import type { CertificateInfo } from '@hocba/shared/protocol';
import { ROLES, type SignatureRole } from '@hocba/shared/roles';
import type { SessionDocument } from '../../background/sign-sessions.js';
import { holderName } from './certificates.js';
import type { JudgedDocument } from './DocumentGroups.js';
import { dispositionOf, documentName, type Inspection, overriddenCodes } from './inspect.js';

export interface BatchJudgement {
  judged: JudgedDocument[];
  /** A document is still being read: no PIN is asked yet. */
  inspecting: boolean;
  /** What goes to the companion. */
  toSend: SessionDocument[];
  /** Documents to send whose record names another person for the role than the holder. */
  holderMismatch: JudgedDocument[];
  /** The names those records give. */
  namedInRecords: string[];
}

export function judgeBatch(input: {
  documents: readonly SessionDocument[];
  inspections: ReadonlyMap<string, Inspection>;
  role: SignatureRole | null;
  overrides: ReadonlySet<string>;
  /** docId → SHA-256 of the PDF previewed, which the companion must match. */
  previewed: Readonly<Record<string, string>>;
  cert: CertificateInfo | null;
}): BatchJudgement {
  const { inspections, role, overrides, previewed, cert } = input;
  const judged: JudgedDocument[] = input.documents.map((doc) => {
    const inspection = inspections.get(doc.docId);
    return { doc, inspection, disposition: inspection ? dispositionOf(inspection, role) : 'pending' };
  });
  const inspecting = judged.some((j) => j.disposition === 'pending');
  const toSend = judged
    .filter((j) => j.disposition === 'send' || (j.disposition === 'review' && overrides.has(j.doc.docId)))
    .map((j) => ({
      ...j.doc,
      name: documentName(j.doc, j.inspection),
      ...(previewed[j.doc.docId] ? { previewSha256: previewed[j.doc.docId] } : {}),
      ...(j.disposition === 'review' ? { overridden: overriddenCodes(j.inspection) } : {}),
    }));
  // The person the record names for this role, against the certificate's holder.
  const holderMismatch =
    cert && role && ROLES[role].signer === 'person'
      ? judged.filter((j) => {
          const named = j.inspection?.identity?.signers[role];
          return (
            toSend.some((d) => d.docId === j.doc.docId) &&
            named &&
            compareNames(named, holderName(cert)) !== 'same'
          );
        })
      : [];
  const namedInRecords = [
    ...new Set(holderMismatch.map((j) => (role && j.inspection?.identity?.signers[role]) || '')),
  ];
  return { judged, inspecting, toSend, holderMismatch, namedInRecords };
}
