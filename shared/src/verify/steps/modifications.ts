/**
 * Step 4, what changed after the signature: the updates after the revision it covers, judged
 * by the difference analysis (modifications/) at the permission level governing the signature
 * (modifications/permissions.ts: its own DocMDP, the document's certification, a lock).
 */

import { certificationLevel } from '../certification.js';
import type { ParsedDocument } from '../document/objects.js';
import type { SignatureField } from '../document/signatures.js';
import { classifyModifications, type ModificationReport } from '../modifications/index.js';
import { permissionLevel } from '../modifications/permissions.js';

export function modificationsAfter(
  doc: ParsedDocument,
  field: SignatureField,
  signedRevision: number,
): ModificationReport {
  return classifyModifications(
    doc,
    signedRevision,
    permissionLevel(doc, signedRevision, field, certificationLevel(doc, field, signedRevision)),
  );
}
