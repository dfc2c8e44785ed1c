/**
 * The signature fields of a document: which roles have signed, and whether a signature
 * locked the document. Locks recognised: a field /Lock or a FieldMDP/DocMDP reference
 * with /P 1 (no changes), and a catalog /Perms /DocMDP with /P 1.
 */
import type { PdfDocument } from './reader/document.js';
import { decodeText, isName, type PdfDict, type PdfObject, PdfRef, PdfString } from './reader/objects.js';

export interface SignatureFieldState {
  /** Fully qualified field name (`HocBa_GVCN`, legacy `hocba.gvcn`, or a portal's own names). */
  name: string;
  ref: PdfRef | undefined;
  dict: PdfDict;
  signed: boolean;
  /** The signature forbids any later change (P = 1). */
  locks: boolean;
}

function permissionOf(sigDict: PdfDict | undefined, doc: PdfDocument): number | undefined {
  const refs = doc.resolve(sigDict?.get('Reference'));
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) {
    const d = doc.resolveDict(r);
    const params = doc.resolveDict(d?.get('TransformParams'));
    const p = params?.get('P');
    if (typeof p === 'number') return p;
    if (isName(d?.get('TransformMethod'), 'DocMDP')) return 2; // default P for DocMDP
  }
  return undefined;
}

export function readSignatureFields(doc: PdfDocument): SignatureFieldState[] {
  const acro = doc.resolveDict(doc.catalog().get('AcroForm'));
  const out: SignatureFieldState[] = [];
  const walk = (list: PdfObject | undefined, prefix: string, depth: number) => {
    const arr = doc.resolve(list);
    if (!Array.isArray(arr) || depth > 16) return;
    for (const item of arr) {
      const d = doc.resolveDict(item);
      if (!d) continue;
      const t = d.get('T');
      const partial = t instanceof PdfString ? decodeText(t) : '';
      const full = prefix && partial ? `${prefix}.${partial}` : prefix || partial;
      if (d.has('Kids') && !isName(d.get('FT'), 'Sig')) walk(d.get('Kids'), full, depth + 1);
      else if (isName(d.get('FT'), 'Sig')) {
        const v = doc.resolveDict(d.get('V'));
        const lock = doc.resolveDict(d.get('Lock'));
        const signed = v !== undefined;
        const locks = signed && (lock?.get('P') === 1 || permissionOf(v, doc) === 1);
        out.push({ name: full, ref: item instanceof PdfRef ? item : undefined, dict: d, signed, locks });
      }
    }
  };
  walk(acro?.get('Fields'), '', 0);
  return out;
}

/** The document-level lock of a certification signature (catalog /Perms /DocMDP), if P = 1. */
export function docMdpLocks(doc: PdfDocument): boolean {
  const perms = doc.resolveDict(doc.catalog().get('Perms'));
  const sig = doc.resolveDict(perms?.get('DocMDP'));
  return sig !== undefined && permissionOf(sig, doc) === 1;
}
