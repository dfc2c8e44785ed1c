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
import {
  decodeText,
  name,
  PdfDict,
  type PdfObject,
  PdfStream,
  PdfString,
  textString,
} from './reader/objects.js';
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

/**
 * The bytes of the `hocba-record.json` a PDF already carries (through the catalog's /AF or
 * a flat /Names /EmbeddedFiles tree, as the renderer and `attachRecordToPdf` write it), or
 * undefined. Lets a signer attach the record once and leave it alone afterwards: a later
 * catalog change would be a modification after the earlier signatures.
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
