/** The form's fields as one revision sees them: every node under /Fields and /Kids, by object. */
import {
  dictOf,
  isName,
  isRef,
  type PdfDict,
  type PdfValue,
  type Resolver,
  textOf,
} from '../document/objects.js';

export interface FieldNode {
  num: number;
  /** Fully qualified name (partial names joined with periods). */
  name: string;
  dict: PdfDict;
  /** A signature field, or a widget of one (/FT inherited through /Parent). */
  sig: boolean;
}

const MAX_FIELDS = 20_000;

export function collectFields(res: Resolver, form: PdfDict | undefined): Map<number, FieldNode> {
  const out = new Map<number, FieldNode>();
  const walk = (list: PdfValue | undefined, prefix: string, depth: number) => {
    const arr = res.resolve(list);
    if (!Array.isArray(arr) || depth > 16) return;
    for (const item of arr) {
      if (!isRef(item) || out.has(item.num) || out.size >= MAX_FIELDS) continue;
      const d = dictOf(res.resolve(item));
      if (!d) continue;
      const t = textOf(d.entries.get('T'));
      const name = t ? (prefix ? `${prefix}.${t}` : t) : prefix;
      out.set(item.num, { num: item.num, name, dict: d, sig: isSigField(res, d) });
      walk(d.entries.get('Kids'), name, depth + 1);
    }
  };
  walk(form?.entries.get('Fields'), '', 0);
  return out;
}

export function isSigField(res: Resolver, d: PdfDict | undefined): boolean {
  for (let k = 0, cur = d; cur && k < 16; k++, cur = dictOf(res.get(cur, 'Parent'))) {
    const ft = cur.entries.get('FT');
    if (ft !== undefined) return isName(ft, 'Sig');
  }
  return false;
}

/** What a signature field's /V holds: a signature or a document time-stamp. */
export function sigValueKind(res: Resolver, v: PdfValue | undefined): 'Sig' | 'DocTimeStamp' {
  const d = dictOf(res.resolve(v));
  return isName(d?.entries.get('Type'), 'DocTimeStamp') || isName(d?.entries.get('SubFilter'), 'ETSI.RFC3161')
    ? 'DocTimeStamp'
    : 'Sig';
}
