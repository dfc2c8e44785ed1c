/**
 * File structure an update may add without it being content: its own xref streams and object
 * streams. A viewer reads /Type on neither a page's content stream nor a font, so an existing
 * object redefined with `/Type /XRef` or `/Type /ObjStm` is still what the pages draw (red team,
 * session 7: a page's content stream swapped for one labelled `/Type /XRef` was skipped by the
 * comparison and called valid; pyHanko: invalid).
 */
import { dictOf, isName, type PdfObject, type PdfValue } from '../document/objects.js';

function structuralType(v: PdfValue | undefined): 'XRef' | 'ObjStm' | undefined {
  const t = dictOf(v)?.entries.get('Type');
  return isName(t, 'XRef') ? 'XRef' : isName(t, 'ObjStm') ? 'ObjStm' : undefined;
}

/**
 * True when `value` (a definition in the update) is file structure and need not be compared: an
 * xref or object stream under a number that was nothing before, or the same kind of stream.
 */
export function isFileStructure(value: PdfValue, previous: PdfObject | undefined): boolean {
  const kind = structuralType(value);
  if (kind === undefined) return false;
  return previous === undefined || structuralType(previous.value) === kind;
}
