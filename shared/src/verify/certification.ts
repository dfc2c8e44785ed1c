/**
 * The certification level (DocMDP /P) a signature sets, as the signed revision says it. Read
 * from the signature's /Reference (its entries and /TransformParams may be indirect objects) and
 * from the catalog's /Perms /DocMDP when that names this signature (what Acrobat and pyHanko
 * read); where both speak, the stricter level counts. Red team, session 7: an indirect
 * /TransformParams with /P 1 was read as the default P=2, and an indirect /Reference entry not at
 * all, so a later signature after a "no changes" certification was valid.
 */
import { dictOf, isName, isRef, type ParsedDocument, type PdfDict, Resolver } from './document/objects.js';
import type { SignatureField } from './document/signatures.js';

/** DocMDP /P: 1 no changes, 2 form filling and signing, 3 also annotations; default 2. */
function levelOf(res: Resolver, sig: PdfDict | undefined): number | undefined {
  const refs = res.get(sig, 'Reference');
  if (!Array.isArray(refs)) return undefined;
  let level: number | undefined;
  for (const r of refs.slice(0, 16)) {
    const d = dictOf(res.resolve(r));
    if (!d || !isName(res.get(d, 'TransformMethod'), 'DocMDP')) continue;
    const p = res.get(dictOf(res.get(d, 'TransformParams')), 'P');
    const here = p === 1 || p === 2 || p === 3 ? p : 2;
    level = level === undefined ? here : Math.min(level, here);
  }
  return level;
}

export function certificationLevel(
  doc: ParsedDocument,
  field: SignatureField,
  signedRevision: number,
): number | undefined {
  const res = Resolver.at(doc, signedRevision);
  const own = levelOf(res, field.dict);
  const named = res.get(res.catalog(), 'Perms');
  const docMdp = dictOf(named)?.entries.get('DocMDP');
  const namesThis = isRef(docMdp) && field.object !== undefined && docMdp.num === field.object.num;
  if (!namesThis) return own;
  const perms = levelOf(res, dictOf(res.resolve(docMdp))) ?? 2;
  return own === undefined ? perms : Math.min(own, perms);
}
