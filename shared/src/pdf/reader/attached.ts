/**
 * The record JSON a PDF carries (`hocba-record.json`), found with the reader alone: no
 * pdf-lib, no fonts, so the companion, the sign page and the extension's service worker
 * all read it with this one function.
 */
import { PdfDocument } from './document.js';
import { decodeStream } from './filters.js';
import { decodeText, type PdfObject, PdfStream, PdfString } from './objects.js';

/** The name the renderer and `attachRecordToPdf` give the embedded record. */
export const RECORD_ATTACHMENT_NAME = 'hocba-record.json';

/**
 * The bytes of the `hocba-record.json` a PDF already carries (through the catalog's /AF or
 * a flat /Names /EmbeddedFiles tree, as the renderer and `attachRecordToPdf` write it), or
 * undefined. Lets a signer attach the record once and leave it alone afterwards: a later
 * catalog change would be a modification after the earlier signatures. Bounded: at most
 * 64 /AF entries and 64 name-tree entries are looked at, and the stream is inflated within
 * the document's budget.
 */
export function readAttachedRecord(pdf: Uint8Array | PdfDocument): Uint8Array | undefined {
  const doc = pdf instanceof PdfDocument ? pdf : new PdfDocument(pdf);
  const catalog = doc.catalog();
  const specs: PdfObject[] = [];
  const af = doc.resolve(catalog.get('AF'));
  if (Array.isArray(af)) specs.push(...af.slice(0, 64));
  const tree = doc.resolveDict(doc.resolveDict(catalog.get('Names'))?.get('EmbeddedFiles'));
  const flat = doc.resolve(tree?.get('Names'));
  if (Array.isArray(flat)) for (let i = 1; i < flat.length && i < 128; i += 2) specs.push(flat[i]!);
  for (const ref of specs) {
    const spec = doc.resolveDict(ref);
    const fileName = doc.resolve(spec?.get('UF') ?? spec?.get('F'));
    if (!(fileName instanceof PdfString) || decodeText(fileName) !== RECORD_ATTACHMENT_NAME) continue;
    const ef = doc.resolveDict(spec?.get('EF'));
    const stream = doc.resolve(ef?.get('UF') ?? ef?.get('F'));
    if (stream instanceof PdfStream) return decodeStream(stream, doc.inflateBudget);
  }
  return undefined;
}
