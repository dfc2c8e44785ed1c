/**
 * The records a reader that follows the cross-reference tables finds in the same bytes: the
 * companion's reader (pdf/reader), which checked the portal's attached record before the
 * teacher signed, and what viewers and `pdfdetach` extract. Our scan reads the last definition
 * of each object in the file; a file can hold another definition where its xref points (a
 * definition an update does not list, a header such as `10 000000 obj` or `10 0 %c obj` the
 * scan does not take for one). Red team, session 11: such a file, signed, read one record to the
 * signer and another, "signed and OK", to the receiving school. extractRecord compares both.
 */
import { PdfDocument } from '../../pdf/reader/document.js';
import { decodeStream } from '../../pdf/reader/filters.js';
import {
  decodeText,
  isName,
  type PdfDict,
  type PdfObject,
  PdfStream,
  PdfString,
} from '../../pdf/reader/objects.js';

/** As many attachments and name-tree nodes as the scan's reading looks at (record/index.ts). */
const MAX_ATTACHMENTS = 64;
const MAX_NODES = 1024;

/** A JSON attachment as the xref reader finds it: where its data starts, and its text on demand. */
export interface XrefAttachment {
  /** Offset in the file of the stream's first data byte. */
  at: number;
  /** Its decoded text (throws when it does not decode). */
  text: () => string;
}

/**
 * The JSON attachments (by name or subtype, as the scan's reading takes them) a reader
 * following the cross-reference tables finds in `bytes` (one revision: the file up to its
 * `%%EOF`); undefined when that reader cannot read the file.
 */
export function jsonAttachmentsAsXrefReads(bytes: Uint8Array): XrefAttachment[] | undefined {
  try {
    const doc = new PdfDocument(bytes);
    const catalog = doc.catalog();
    const specs: [string, PdfObject][] = [];
    const seen = new Set<PdfDict>();
    const walk = (node: PdfDict | undefined, depth: number): void => {
      if (!node || depth > 16 || seen.has(node) || seen.size >= MAX_NODES || specs.length >= MAX_ATTACHMENTS)
        return;
      seen.add(node);
      const names = doc.resolve(node.get('Names'));
      if (Array.isArray(names))
        for (let i = 0; i + 1 < names.length && specs.length < MAX_ATTACHMENTS; i += 2) {
          const key = doc.resolve(names[i]);
          specs.push([key instanceof PdfString ? decodeText(key) : '', names[i + 1] as PdfObject]);
        }
      const kids = doc.resolve(node.get('Kids'));
      if (Array.isArray(kids))
        for (const k of kids.slice(0, MAX_ATTACHMENTS)) walk(doc.resolveDict(k), depth + 1);
    };
    walk(doc.resolveDict(doc.resolveDict(catalog.get('Names'))?.get('EmbeddedFiles')), 0);
    const af = doc.resolve(catalog.get('AF'));
    if (Array.isArray(af)) for (const s of af.slice(0, MAX_ATTACHMENTS)) specs.push(['', s]);
    const out: XrefAttachment[] = [];
    for (const [key, ref] of specs) {
      const spec = doc.resolveDict(ref);
      const named = doc.resolve(spec?.get('UF') ?? spec?.get('F'));
      const name = named instanceof PdfString ? decodeText(named) : key;
      const ef = doc.resolveDict(spec?.get('EF'));
      const stream = doc.resolve(ef?.get('UF') ?? ef?.get('F'));
      if (!(stream instanceof PdfStream)) continue;
      const subtype = stream.dict.get('Subtype');
      if (
        !/\.json$/i.test(name) &&
        !isName(subtype, 'application/json') &&
        !isName(subtype, 'application#2Fjson')
      )
        continue;
      const at = stream.raw.byteOffset - bytes.byteOffset;
      if (out.some((a) => a.at === at)) continue;
      out.push({
        at,
        text: () =>
          new TextDecoder('utf-8', { fatal: false }).decode(decodeStream(stream, doc.inflateBudget)),
      });
    }
    return out;
  } catch {
    return undefined;
  }
}
