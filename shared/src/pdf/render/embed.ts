/**
 * The machine-readable record inside the PDF: an associated file (PDF 2.0 / PDF/A-3 style:
 * catalog /AF, /AFRelationship /Data, MIME application/json) listed in /EmbeddedFiles, and
 * XMP metadata carrying its SHA-256, so every signature covers data and hash alike.
 */
import { type PDFDocument, PDFHexString, PDFName, type PDFRef, PDFString } from 'pdf-lib';

import { RECORD_ATTACHMENT_NAME } from '../reader/attached.js';

export { RECORD_ATTACHMENT_NAME };
export const XMP_NAMESPACE = 'https://hocba.vn/ns/record/1.0/';

function pdfDateString(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(
    d.getUTCMinutes(),
  )}${p(d.getUTCSeconds())}Z`;
}

export function attachRecordJson(
  doc: PDFDocument,
  json: Uint8Array,
  date: Date,
  description: string,
): PDFRef {
  const ctx = doc.context;
  const stream = ctx.flateStream(json, {
    Type: 'EmbeddedFile',
    Subtype: 'application/json',
    Params: { Size: json.length, ModDate: PDFString.of(pdfDateString(date)) },
  });
  const streamRef = ctx.register(stream);
  const spec = ctx.obj({
    Type: 'Filespec',
    F: PDFString.of(RECORD_ATTACHMENT_NAME),
    UF: PDFHexString.fromText(RECORD_ATTACHMENT_NAME),
    Desc: PDFHexString.fromText(description),
    AFRelationship: 'Data',
    EF: { F: streamRef, UF: streamRef },
  });
  const specRef = ctx.register(spec);
  const catalog = doc.catalog;
  catalog.set(PDFName.of('AF'), ctx.obj([specRef]));
  catalog.set(
    PDFName.of('Names'),
    ctx.obj({ EmbeddedFiles: { Names: [PDFString.of(RECORD_ATTACHMENT_NAME), specRef] } }),
  );
  return specRef;
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function setXmpMetadata(
  doc: PDFDocument,
  meta: {
    title: string;
    author: string;
    date: Date;
    recordId: string;
    recordSha256: string;
    producer: string;
  },
): void {
  const iso = meta.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const xmp = `<?xpacket begin="\u{feff}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:hocba="${XMP_NAMESPACE}">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${xmlEscape(meta.author)}</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreateDate>${iso}</xmp:CreateDate>
   <xmp:ModifyDate>${iso}</xmp:ModifyDate>
   <xmp:MetadataDate>${iso}</xmp:MetadataDate>
   <pdf:Producer>${xmlEscape(meta.producer)}</pdf:Producer>
   <hocba:recordId>${xmlEscape(meta.recordId)}</hocba:recordId>
   <hocba:recordFile>${RECORD_ATTACHMENT_NAME}</hocba:recordFile>
   <hocba:recordSha256>${meta.recordSha256}</hocba:recordSha256>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
  const ctx = doc.context;
  const stream = ctx.stream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), ctx.register(stream));
}
