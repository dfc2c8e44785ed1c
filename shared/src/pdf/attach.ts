/**
 * Attaches the record JSON to a PDF that someone else produced (a portal's export), as an
 * incremental update, the same way the renderer does: associated file with
 * /AFRelationship /Data, listed in /EmbeddedFiles, SHA-256 in XMP. Signing after this
 * covers the data.
 */
import { zlibSync } from 'fflate';
import { sha256 } from './cms/der.js';
import { hex } from './incremental/serialize.js';
import { IncrementalUpdate } from './incremental/update.js';
import { PdfDocument } from './reader/document.js';
import { decodeStream } from './reader/filters.js';
import { name, PdfDict, type PdfObject, PdfStream, PdfString, textString } from './reader/objects.js';
import { RECORD_ATTACHMENT_NAME, XMP_NAMESPACE } from './render/embed.js';

export interface AttachResult {
  pdf: Uint8Array;
  recordSha256: string;
}

export async function attachRecordToPdf(pdf: Uint8Array, recordJson: Uint8Array): Promise<AttachResult> {
  const doc = new PdfDocument(pdf);
  const update = new IncrementalUpdate(doc);
  const recordSha256 = hex(await sha256(recordJson)).toLowerCase();
  const fileRef = update.add(
    new PdfStream(
      new PdfDict([
        ['Type', name('EmbeddedFile')],
        ['Subtype', name('application/json')],
        ['Params', new PdfDict([['Size', recordJson.length]])],
        ['Filter', name('FlateDecode')],
      ]),
      zlibSync(recordJson),
    ),
  );
  const fileName = new PdfString(new TextEncoder().encode(RECORD_ATTACHMENT_NAME));
  const specRef = update.add(
    new PdfDict([
      ['Type', name('Filespec')],
      ['F', fileName],
      ['UF', textString(RECORD_ATTACHMENT_NAME)],
      ['Desc', textString(`Dữ liệu học bạ (hocba-tieuhoc v1), SHA-256 ${recordSha256}`)],
      ['AFRelationship', name('Data')],
      [
        'EF',
        new PdfDict([
          ['F', fileRef],
          ['UF', fileRef],
        ]),
      ],
    ]),
  );
  const catalog = doc.catalog().clone();
  const af = (doc.resolve(catalog.get('AF')) as PdfObject[] | undefined) ?? [];
  catalog.set('AF', [...af, specRef]);

  // /Names /EmbeddedFiles: extend a flat name tree (kept sorted); a deep tree keeps its
  // structure and the file stays reachable through /AF.
  const names = doc.resolveDict(catalog.get('Names'))?.clone() ?? new PdfDict();
  const tree = doc.resolveDict(names.get('EmbeddedFiles'))?.clone() ?? new PdfDict([['Names', []]]);
  const flat = doc.resolve(tree.get('Names'));
  if (!tree.has('Kids') && (Array.isArray(flat) || flat === undefined)) {
    const pairs: [PdfString, PdfObject][] = [];
    const arr = (flat as PdfObject[] | undefined) ?? [];
    for (let i = 0; i + 1 < arr.length; i += 2) pairs.push([arr[i] as PdfString, arr[i + 1]!]);
    pairs.push([fileName, specRef]);
    const key = (s: PdfString) => hex(s.bytes);
    pairs.sort((a, b) => (key(a[0]) < key(b[0]) ? -1 : key(a[0]) > key(b[0]) ? 1 : 0));
    tree.set('Names', pairs.flat());
    names.set('EmbeddedFiles', tree);
    catalog.set('Names', names);
  }

  // XMP: add our properties to the existing packet, or write a packet of our own.
  const props = `<rdf:Description rdf:about="" xmlns:hocba="${XMP_NAMESPACE}"><hocba:recordFile>${RECORD_ATTACHMENT_NAME}</hocba:recordFile><hocba:recordSha256>${recordSha256}</hocba:recordSha256></rdf:Description>`;
  const old = doc.resolve(catalog.get('Metadata'));
  let xmp: string | undefined;
  if (old instanceof PdfStream) {
    const text = new TextDecoder().decode(decodeStream(old, doc.inflateBudget));
    if (text.includes('</rdf:RDF>')) xmp = text.replace('</rdf:RDF>', `${props}</rdf:RDF>`);
  }
  xmp ??= `<?xpacket begin="\u{feff}" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">${props}</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  catalog.set(
    'Metadata',
    update.add(
      new PdfStream(
        new PdfDict([
          ['Type', name('Metadata')],
          ['Subtype', name('XML')],
        ]),
        new TextEncoder().encode(xmp),
      ),
    ),
  );
  update.set(doc.catalogRef, catalog);
  return { pdf: update.build((await sha256(pdf)).subarray(0, 16)), recordSha256 };
}

/** Reading the record back needs only the reader: it lives there (no pdf-lib). */
export { readAttachedRecord } from './reader/attached.js';
