/**
 * Step 4, what changed after the signature: the updates after the revision it covers, judged
 * by the difference analysis (modifications/) at the permission level governing the signature
 * (modifications/permissions.ts: its own DocMDP, the document's certification, a lock).
 */
import { dictOf, isName, type ParsedDocument } from '../document/objects.js';
import type { SignatureField } from '../document/signatures.js';
import { classifyModifications, type ModificationReport } from '../modifications/index.js';
import { permissionLevel } from '../modifications/permissions.js';

/** The DocMDP permission level of a certification signature (`/Reference [<< /TransformMethod /DocMDP /TransformParams << /P n >> >>]`). */
function docMdpLevel(field: SignatureField): number | undefined {
  const refs = field.dict?.entries.get('Reference');
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) {
    const d = dictOf(r);
    if (!d || !isName(d.entries.get('TransformMethod'), 'DocMDP')) continue;
    const p = dictOf(d.entries.get('TransformParams'))?.entries.get('P');
    return typeof p === 'number' ? p : 2;
  }
  return undefined;
}

export function modificationsAfter(
  doc: ParsedDocument,
  field: SignatureField,
  signedRevision: number,
): ModificationReport {
  return classifyModifications(
    doc,
    signedRevision,
    permissionLevel(doc, signedRevision, field, docMdpLevel(field)),
  );
}
