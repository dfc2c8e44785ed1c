/**
 * What the pages draw: every object reachable from a page's content, its resources (fonts,
 * images, form XObjects, at any depth) and its annotations' appearances. A rule that lets an
 * object through as validation data, metadata or a signature's appearance must never let
 * through one of these: a font or image swapped and then named in /Info or /DSS is still a
 * page change (shadow "replace" attacks hidden behind an allowed rule).
 */
import { dictOf, isRef, isStream, type PdfValue, type Resolver } from '../document/objects.js';
import { isSigField } from './fields.js';
import { effectivePageKey } from './pages.js';

/** Back-pointers lead up the tree, not into what is drawn. */
const BACK_POINTERS = new Set(['Parent', 'P']);

/**
 * Object numbers the pages of `res` draw. Appearances of empty signature fields are left out:
 * signing such a field may redraw them (they are judged with the field). No depth limit (an
 * object hidden under many nested XObjects is still drawn); each object is visited once.
 */
export function shownByPages(res: Resolver, pages: readonly number[]): Set<number> {
  const into = new Set<number>();
  const stack: (PdfValue | undefined)[] = [];
  for (const pageNum of pages) {
    const page = dictOf(res.object(pageNum)?.value);
    if (!page) continue;
    stack.push(page.entries.get('Contents'), effectivePageKey(res, page, 'Resources'));
    const annots = res.resolve(page.entries.get('Annots'));
    if (!Array.isArray(annots)) continue;
    for (const a of annots) {
      const annot = dictOf(res.resolve(a));
      if (!annot) continue;
      if (isSigField(res, annot) && !signedField(res, annot)) continue;
      stack.push(annot.entries.get('AP'));
    }
  }
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === undefined || v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    if (isRef(v)) {
      if (into.has(v.num)) continue;
      into.add(v.num);
      stack.push(res.object(v.num)?.value);
      continue;
    }
    const d = isStream(v) ? v.dict : dictOf(v);
    if (d) for (const [k, item] of d.entries) if (!BACK_POINTERS.has(k)) stack.push(item);
  }
  return into;
}

/** A signature field (or its widget) that holds a signature in this revision. */
export function signedField(res: Resolver, d: ReturnType<typeof dictOf>): boolean {
  if (!d) return false;
  return d.entries.has('V') || dictOf(res.get(d, 'Parent'))?.entries.has('V') === true;
}
