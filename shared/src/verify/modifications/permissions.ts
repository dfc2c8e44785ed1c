/**
 * The permission level that governs changes after a signature (ISO 32000-1 §12.8.2.2 DocMDP,
 * §12.8.2.4 FieldMDP; ISO 32000-2 §12.7.5.5 /Lock /P), as a DocMDP P: 1 no changes, 2 form
 * filling and signing, 3 also annotations (which we refuse anyway: see README).
 *
 * - The signature's own DocMDP (a certification signature) wins.
 * - Otherwise the document's certification signature governs: the one the signed revision's
 *   catalog names in /Perms /DocMDP (read at that revision, so a later update that drops
 *   /Perms cannot loosen it).
 * - Without any certification, the spec restricts nothing; Acrobat, pyHanko and EU DSS then
 *   accept form filling and further signatures after an approval signature, i.e. P=2.
 * - A FieldMDP lock on the signature (the field's /Lock, or /Reference /TransformMethod
 *   /FieldMDP) freezes some or all fields. Which fields a fill touched is not told apart yet,
 *   so such a signature keeps form filling refused (stricter than the spec, never looser);
 *   a PDF 2.0 /Lock /P 1 (or a P=1 certification) also refuses later signatures.
 */
import { dictOf, isName, type PdfDict, type PdfValue, Resolver } from '../document/objects.js';
import type { ParsedDocument } from '../document/scan.js';
import type { SignatureField } from '../document/signatures.js';

/** No certification and no lock: filling forms and signing are accepted (as P=2). */
const APPROVAL_ONLY = 2;

export function permissionLevel(
  doc: ParsedDocument,
  signedRevision: number,
  field: SignatureField,
  /** The signature's own DocMDP level, when it is a certification signature. */
  own: number | undefined,
): number | undefined {
  if (own !== undefined) return own;
  const at = Resolver.at(doc, signedRevision);
  const perms = dictOf(at.resolve(at.catalog()?.entries.get('Perms')));
  const certification = docMdpOf(dictOf(at.resolve(perms?.entries.get('DocMDP'))), at);
  const lock = lockOf(field, at);
  // Locked fields stay locked whatever the certification allows: no level that permits filling.
  if (lock.locked) return certification === 1 || lock.p === 1 ? 1 : undefined;
  return certification ?? APPROVAL_ONLY;
}

/** `/Reference [<< /TransformMethod /DocMDP /TransformParams << /P n >> >>]`; P defaults to 2. */
function docMdpOf(sig: PdfDict | undefined, at: Resolver): number | undefined {
  const refs = at.resolve(sig?.entries.get('Reference'));
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) {
    const d = dictOf(at.resolve(r));
    if (!d || !isName(d.entries.get('TransformMethod'), 'DocMDP')) continue;
    const params = dictOf(at.resolve(d.entries.get('TransformParams')));
    const p = params?.entries.get('P');
    return p === 1 || p === 2 || p === 3 ? p : 2;
  }
  return undefined;
}

function lockOf(field: SignatureField, at: Resolver): { locked: boolean; p?: number } {
  const fieldDict =
    field.fieldNum !== undefined ? dictOf(at.resolve(at.object(field.fieldNum)?.value)) : undefined;
  const lock = dictOf(at.resolve(fieldDict?.entries.get('Lock')));
  const refs = at.resolve(field.dict?.entries.get('Reference'));
  const fieldMdp =
    Array.isArray(refs) &&
    refs.some((r: PdfValue) => isName(dictOf(at.resolve(r))?.entries.get('TransformMethod'), 'FieldMDP'));
  if (!lock && !fieldMdp) return { locked: false };
  const p = lock?.entries.get('P');
  return p === 1 || p === 2 || p === 3 ? { locked: true, p } : { locked: true };
}
