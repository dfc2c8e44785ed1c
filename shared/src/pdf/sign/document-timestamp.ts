/**
 * PAdES B-LTA: a document time-stamp (ETSI.RFC3161, ISO 32000-2 12.8.5) over the whole file
 * as it is, including the /DSS that proves the earlier signatures and time-stamps. An
 * invisible field of its own, as an incremental update every lock level permits.
 */
import { sha256 } from '../cms/der.js';
import { pdfError } from '../errors.js';
import { readSignatureFields } from '../fields.js';
import { hex } from '../incremental/serialize.js';
import { IncrementalUpdate } from '../incremental/update.js';
import { PdfDocument } from '../reader/document.js';
import { name, PdfDict } from '../reader/objects.js';
import { requestTimestamp } from '../timestamp/index.js';
import { addToAnnots, addToFields, emptyAppearance, ensureSigFlags, newSignatureWidget } from './field.js';
import { fillByteRange, setPlaceholders } from './placeholder.js';

export interface DocumentTimestampOptions {
  timestampUrl: string;
  fetch?: typeof fetch;
  /** Room for the RFC 3161 token (default 16 KB). */
  reservedBytes?: number;
}

export async function addDocumentTimestamp(
  pdf: Uint8Array,
  options: DocumentTimestampOptions,
): Promise<{ pdf: Uint8Array; fieldName: string }> {
  const doc = new PdfDocument(pdf);
  const reservedBytes = options.reservedBytes ?? 16000;
  const update = new IncrementalUpdate(doc);
  const taken = new Set(readSignatureFields(doc).map((f) => f.name));
  let n = 1;
  while (taken.has(`HocBa_LuuTru_${n}`)) n++;
  const fieldName = `HocBa_LuuTru_${n}`;
  const sig = new PdfDict([
    ['Type', name('DocTimeStamp')],
    ['Filter', name('Adobe.PPKLite')],
    ['SubFilter', name('ETSI.RFC3161')],
  ]);
  setPlaceholders(sig, reservedBytes);
  const sigRef = update.add(sig);
  const page = doc.pages()[0];
  if (!page) throw pdfError('PDF_MALFORMED', { reason: 'document without pages' });
  const fieldRef = update.allocate();
  const rect = [0, 0, 0, 0];
  const field = newSignatureWidget(fieldName, rect, page.ref);
  field.set('V', sigRef);
  field.set('AP', new PdfDict([['N', emptyAppearance(update, rect)]]));
  addToAnnots(doc, update, page.ref, page.dict, fieldRef);
  addToFields(doc, update, fieldRef);
  update.set(fieldRef, field);
  ensureSigFlags(doc, update);
  const out = update.build((await sha256(concat(pdf, new TextEncoder().encode(fieldName)))).subarray(0, 16));
  const [, contentsStart, contentsEnd] = fillByteRange(out, pdf.length, reservedBytes);
  const digest = await sha256(concat(out.subarray(0, contentsStart), out.subarray(contentsEnd)));
  const token = await requestTimestamp(options.timestampUrl, digest, { fetch: options.fetch });
  if (token.length > reservedBytes)
    throw pdfError('PDF_SIGNATURE_TOO_LARGE', { size: token.length, reserved: reservedBytes });
  out.set(new TextEncoder().encode(hex(token)), contentsStart + 1);
  return { pdf: out, fieldName };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
