import type { IncrementalUpdate } from './incremental/update.js';
import { name, PdfDict, type PdfObject, type PdfRef, PdfStream } from './reader/objects.js';

/** A form XObject of `w` × `h` points (a field's appearance), added to the update. */
export function addFormXObject(
  update: IncrementalUpdate,
  w: number,
  h: number,
  body: Uint8Array = new Uint8Array(),
  resources?: PdfObject,
): PdfRef {
  const dict = new PdfDict([
    ['Type', name('XObject')],
    ['Subtype', name('Form')],
    ['BBox', [0, 0, w, h]],
  ]);
  if (resources !== undefined) dict.set('Resources', resources);
  return update.add(new PdfStream(dict, body));
}
