/**
 * The records a reader that follows the cross-reference tables finds in the same bytes: the
 * companion's reader (pdf/reader), which checked the portal's attached record before the
 * teacher signed, and what viewers and `pdfdetach` extract. Our scan reads the last definition
 * of each object in the file; a file can hold another definition where its xref points (a
 * definition an update does not list, a header such as `10 000000 obj` or `10 0 %c obj` the
 * scan does not take for one). Red team, session 11: such a file, signed, read one record to the
 * signer and another, "signed and OK", to the receiving school. extractRecord compares both.
 */
import type { Decryptor } from '../../pdf/crypt/index.js';
import { PdfDocument } from '../../pdf/reader/document.js';
import { decodeStream } from '../../pdf/reader/filters.js';
import {
  decodeText,
  isName,
  type PdfDict,
  type PdfObject,
  PdfRef,
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
 * `%%EOF`); undefined when that reader cannot read the file. An encrypted file is read with
 * the verifier's opened handler (`decryptor`): object streams, names and the attachment's data
 * decrypted as the scan decrypts them (strings of objects inside object streams are not
 * encrypted, ISO 32000-1 §7.6.1).
 */
export function jsonAttachmentsAsXrefReads(
  bytes: Uint8Array,
  decryptor?: Decryptor,
): XrefAttachment[] | undefined {
  try {
    const doc = new PdfDocument(
      bytes,
      decryptor && { stream: (num, gen, raw) => decryptor.stream(num, gen, raw) },
    );
    /** The indirect object a value was read from, when its strings are encrypted. */
    type Owner = PdfRef | undefined;
    const owner = (v: PdfObject | undefined, parent: Owner): Owner => {
      if (!(v instanceof PdfRef)) return parent;
      return decryptor && doc.xref.get(v.num)?.type === 'offset' ? v : undefined;
    };
    const text = (v: PdfObject | undefined, from: Owner): string | undefined => {
      const s = doc.resolve(v);
      if (!(s instanceof PdfString)) return undefined;
      const at = owner(v, from);
      return decodeText(decryptor && at ? new PdfString(decryptor.string(at.num, at.gen, s.bytes)) : s);
    };
    const catalog = doc.catalog();
    const specs: [string, PdfObject, Owner][] = [];
    const seen = new Set<PdfDict>();
    const walk = (ref: PdfObject | undefined, from: Owner, depth: number): void => {
      const node = doc.resolveDict(ref);
      if (!node || depth > 16 || seen.has(node) || seen.size >= MAX_NODES || specs.length >= MAX_ATTACHMENTS)
        return;
      seen.add(node);
      const at = owner(ref, from);
      const namesRef = node.get('Names');
      const names = doc.resolve(namesRef);
      const namesAt = owner(namesRef, at);
      if (Array.isArray(names))
        for (let i = 0; i + 1 < names.length && specs.length < MAX_ATTACHMENTS; i += 2)
          specs.push([text(names[i], namesAt) ?? '', names[i + 1] as PdfObject, namesAt]);
      const kidsRef = node.get('Kids');
      const kids = doc.resolve(kidsRef);
      if (Array.isArray(kids))
        for (const k of kids.slice(0, MAX_ATTACHMENTS)) walk(k, owner(kidsRef, at), depth + 1);
    };
    const root = doc.catalogRef;
    const namesRef = catalog.get('Names');
    walk(doc.resolveDict(namesRef)?.get('EmbeddedFiles'), owner(namesRef, owner(root, undefined)), 0);
    const afRef = catalog.get('AF');
    const af = doc.resolve(afRef);
    if (Array.isArray(af))
      for (const s of af.slice(0, MAX_ATTACHMENTS)) specs.push(['', s, owner(afRef, owner(root, undefined))]);
    const out: XrefAttachment[] = [];
    for (const [key, ref, from] of specs) {
      const spec = doc.resolveDict(ref);
      const specAt = owner(ref, from);
      const name = text(spec?.get('UF') ?? spec?.get('F'), specAt) ?? key;
      const efRef = spec?.get('EF');
      const ef = doc.resolveDict(efRef);
      const streamRef = ef?.get('UF') ?? ef?.get('F');
      const stream = doc.resolve(streamRef);
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
      const streamAt = owner(streamRef, owner(efRef, specAt));
      out.push({
        at,
        text: () => {
          const raw =
            decryptor && streamAt ? decryptor.stream(streamAt.num, streamAt.gen, stream.raw) : stream.raw;
          if (!raw) throw new Error('the attachment does not decrypt');
          const plain = raw === stream.raw ? stream : new PdfStream(stream.dict, raw);
          return new TextDecoder('utf-8', { fatal: false }).decode(decodeStream(plain, doc.inflateBudget));
        },
      });
    }
    return out;
  } catch {
    return undefined;
  }
}
