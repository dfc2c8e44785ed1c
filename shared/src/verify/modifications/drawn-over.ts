/**
 * What a new signature appearance would hide on its page, as the earlier signers saw it: the
 * page's text (page-text.ts) and the annotations already shown there (a text field's value, a
 * stamp). A signature box belongs in blank space; drawn over words it can replace them for
 * every reader while each earlier signature still verifies (Evil Annotation attack).
 */
import { dictOf, isName, type PdfDict, type Resolver } from '../document/objects.js';
import { isSigField } from './fields.js';
import { glyphsCovered, type PageText, pageText } from './page-text.js';
import { type Box, boxOf, effectivePageKey } from './pages.js';

export interface DrawnOver {
  /** Glyphs of the page's text the box covers by a quarter or more. */
  glyphs: number;
  /** Annotations shown on the page before (other than signatures, judged on their own) it overlaps. */
  annotations: number;
  /** The page's text could not be read whole (budget, undecodable stream): only what was read counts. */
  partial: boolean;
}

const texts = new WeakMap<PdfDict, PageText>();

const overlaps = (a: Box, b: Box) =>
  Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > 0 && Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > 0;

export function drawnOver(before: Resolver, oldPage: PdfDict | undefined, rect: Box): DrawnOver {
  if (!oldPage) return { glyphs: 0, annotations: 0, partial: true };
  let text = texts.get(oldPage);
  if (!text) {
    text = pageText(before, oldPage, effectivePageKey(before, oldPage, 'Resources'));
    texts.set(oldPage, text);
  }
  let annotations = 0;
  const annots = before.get(oldPage, 'Annots');
  if (Array.isArray(annots))
    for (const a of annots.slice(0, 10_000)) {
      const annot = dictOf(before.resolve(a));
      // Signatures have their own rule (an earlier signature covered); an empty signature field draws nothing.
      if (!annot || isSigField(before, annot)) continue;
      const flags = before.get(annot, 'F');
      const hidden = typeof flags === 'number' && (flags & 2 || flags & 32) !== 0;
      const box = boxOf(before, annot.entries.get('Rect'));
      // A field's value shows through its appearance, or is drawn by the viewer from /V when it has none.
      const value = annot.entries.has('V') || dictOf(before.get(annot, 'Parent'))?.entries.has('V') === true;
      const shown =
        dictOf(before.get(annot, 'AP')) !== undefined ||
        (isName(annot.entries.get('Subtype'), 'Widget') && value);
      if (!hidden && box && shown && overlaps(box, rect)) annotations++;
    }
  return { glyphs: glyphsCovered(text, rect), annotations, partial: text.partial };
}
