/**
 * A signature field's place in the document: a new widget on a page, listed in the page's
 * /Annots and the AcroForm's /Fields, and /SigFlags 3, each changed as an incremental update.
 */
import { addFormXObject } from '../form-xobject.js';
import type { IncrementalUpdate } from '../incremental/update.js';
import type { PdfDocument } from '../reader/document.js';
import { name, PdfDict, type PdfObject, PdfRef, textString } from '../reader/objects.js';

/** A new signature field and its widget in one dictionary (print flag, locked: /F 132); /V is the caller's. */
export function newSignatureWidget(fieldName: string, rect: number[], pageRef: PdfRef): PdfDict {
  return new PdfDict([
    ['FT', name('Sig')],
    ['T', textString(fieldName)],
    ['Type', name('Annot')],
    ['Subtype', name('Widget')],
    ['Rect', rect],
    ['F', 132],
    ['P', pageRef],
  ]);
}

/** An empty form XObject the size of `rect`: the appearance of a field with no stamp. */
export function emptyAppearance(update: IncrementalUpdate, rect: number[]): PdfRef {
  return addFormXObject(update, Math.abs(rect[2]! - rect[0]!), Math.abs(rect[3]! - rect[1]!));
}

export function addToAnnots(
  doc: PdfDocument,
  update: IncrementalUpdate,
  pageRef: PdfRef,
  page: PdfDict,
  widget: PdfRef,
) {
  const annots = page.get('Annots');
  if (annots instanceof PdfRef) {
    const arr = (doc.resolve(annots) as PdfObject[] | undefined) ?? [];
    update.set(annots, [...arr, widget]);
  } else {
    const base = (update.get(pageRef) as PdfDict | undefined) ?? page.clone();
    base.set('Annots', [...((annots as PdfObject[] | undefined) ?? []), widget]);
    update.set(pageRef, base);
  }
}

/** The AcroForm dictionary as this update will write it (its own object, or the catalog's). */
function acroFormTarget(doc: PdfDocument, update: IncrementalUpdate): PdfDict {
  const catalogRef = doc.catalogRef;
  const acroObj = doc.catalog().get('AcroForm');
  if (acroObj instanceof PdfRef) {
    const cur = (update.get(acroObj) as PdfDict | undefined) ?? doc.resolveDict(acroObj)!.clone();
    update.set(acroObj, cur);
    return cur;
  }
  const pending = update.get(catalogRef) as PdfDict | undefined;
  const catalog = pending ?? doc.catalog().clone();
  update.set(catalogRef, catalog);
  const current = catalog.get('AcroForm');
  if (pending && current instanceof PdfDict) return current;
  const acro = current instanceof PdfDict ? current.clone() : new PdfDict([['Fields', []]]);
  catalog.set('AcroForm', acro);
  return acro;
}

export function addToFields(doc: PdfDocument, update: IncrementalUpdate, fieldRef: PdfRef) {
  const acro = acroFormTarget(doc, update);
  const fields = acro.get('Fields');
  if (fields instanceof PdfRef)
    update.set(fields, [...((doc.resolve(fields) as PdfObject[]) ?? []), fieldRef]);
  else acro.set('Fields', [...((fields as PdfObject[] | undefined) ?? []), fieldRef]);
}

export function ensureSigFlags(doc: PdfDocument, update: IncrementalUpdate) {
  const acro = doc.resolveDict(doc.catalog().get('AcroForm'));
  if (acro?.get('SigFlags') === 3 && !update.has(doc.catalogRef)) return;
  acroFormTarget(doc, update).set('SigFlags', 3);
}
