/** Signature fields of a PDF as a viewer of its final revision sees them, and their byte ranges. */
import {
  dictOf,
  isDict,
  isName,
  isRef,
  isString,
  type ParsedDocument,
  type PdfDict,
  type PdfObject,
  type PdfValue,
  Resolver,
  textOf,
} from './objects.js';

export interface SignatureField {
  /** Fully qualified field name (parent names joined with dots). */
  name: string;
  /** The signature dictionary (field /V) and the object that holds it. */
  dict?: PdfDict;
  object?: PdfObject;
  /** The field object number, for reports. */
  fieldNum?: number;
  /** /V names an object that is missing or unreadable: a broken signature, never "unsigned". */
  broken?: boolean;
}

/** Walks /AcroForm /Fields (and /Kids) for fields of type /Sig. */
export function findSignatureFields(doc: ParsedDocument, resolver: Resolver): SignatureField[] {
  const out: SignatureField[] = [];
  const form = dictOf(resolver.get(resolver.catalog(), 'AcroForm'));
  const fields = resolver.get(form, 'Fields');
  const seen = new Set<number>();
  const walk = (
    v: PdfValue | undefined,
    prefix: string,
    inheritedFt: string | undefined,
    depth: number,
  ): void => {
    if (depth > 32) return;
    if (isRef(v)) {
      if (seen.has(v.num)) return;
      seen.add(v.num);
    }
    const d = dictOf(resolver.resolve(v));
    if (!d) return;
    const partial = textOf(d.entries.get('T'));
    const name = partial === undefined ? prefix : prefix ? `${prefix}.${partial}` : partial;
    const ftv = d.entries.get('FT');
    const ft = isName(ftv) ? ftv.name : inheritedFt;
    const kids = resolver.get(d, 'Kids');
    // A field with kids that are themselves fields (have /T) is a parent; widgets have no /T.
    if (Array.isArray(kids) && kids.some((k) => dictOf(resolver.resolve(k))?.entries.has('T'))) {
      for (const k of kids) walk(k, name, ft, depth + 1);
      return;
    }
    if (ft !== 'Sig') return;
    const field: SignatureField = { name };
    if (isRef(v)) field.fieldNum = v.num;
    const sv = d.entries.get('V');
    if (isRef(sv)) {
      const obj = resolver.object(sv.num);
      const sd = dictOf(obj?.value);
      if (obj && sd) {
        field.object = obj;
        field.dict = sd;
      } else field.broken = true;
    } else if (isDict(sv)) field.dict = sv;
    else if (sv !== undefined && sv !== null) field.broken = true;
    out.push(field);
  };
  if (Array.isArray(fields)) for (const f of fields) walk(f, '', undefined, 0);
  void doc;
  return out;
}

export type ByteRangeCheck =
  | {
      status: 'OK';
      ranges: [number, number, number, number];
      /** Index of the revision the signature covers. */
      revision: number;
      contents: Uint8Array;
    }
  | { status: 'MALFORMED'; reason: ByteRangeProblem; detail: string };

export type ByteRangeProblem =
  | 'UNREADABLE'
  | 'NO_BYTERANGE'
  | 'NO_CONTENTS'
  | 'BAD_BYTERANGE'
  | 'NOT_FROM_START'
  | 'HOLE_NOT_CONTENTS'
  | 'NOT_REVISION_END'
  | 'COMPRESSED_SIGNATURE';

/**
 * The /ByteRange must be [0 a b n] with [a, b) exactly this dictionary's own /Contents hex
 * string (so nothing else in the file can hide in the unsigned hole) and b + n exactly the
 * end of a revision (so the signature covers a whole revision, trailer and %%EOF included).
 */
export function checkByteRange(doc: ParsedDocument, field: SignatureField): ByteRangeCheck {
  const d = field.dict;
  const br = d?.entries.get('ByteRange');
  const contents = d?.entries.get('Contents');
  if (field.broken || !d)
    return {
      status: 'MALFORMED',
      reason: 'UNREADABLE',
      detail: 'the signature dictionary is missing or unreadable',
    };
  if (br === undefined) return { status: 'MALFORMED', reason: 'NO_BYTERANGE', detail: 'no /ByteRange' };
  if (!isString(contents) || contents.bytes.length === 0)
    return { status: 'MALFORMED', reason: 'NO_CONTENTS', detail: 'no /Contents' };
  if (
    !Array.isArray(br) ||
    br.length !== 4 ||
    !br.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)
  )
    return {
      status: 'MALFORMED',
      reason: 'BAD_BYTERANGE',
      detail: 'ByteRange is not four non-negative integers',
    };
  const [s1, l1, s2, l2] = br as [number, number, number, number];
  if (s1 !== 0) return { status: 'MALFORMED', reason: 'NOT_FROM_START', detail: `ByteRange starts at ${s1}` };
  if (l1 <= 0 || s2 <= l1 || l2 < 0 || s2 + l2 > doc.bytes.length)
    return {
      status: 'MALFORMED',
      reason: 'BAD_BYTERANGE',
      detail: `ByteRange [${br.join(' ')}] does not fit the file`,
    };
  if (!field.object || field.object.inStream !== undefined)
    return {
      status: 'MALFORMED',
      reason: 'COMPRESSED_SIGNATURE',
      detail: 'signature dictionary is not a plain indirect object',
    };
  if (!contents.hex || contents.start !== l1 || contents.end !== s2)
    return {
      status: 'MALFORMED',
      reason: 'HOLE_NOT_CONTENTS',
      detail: `the unsigned hole [${l1}, ${s2}) is not this signature's /Contents [${contents.start}, ${contents.end})`,
    };
  const end = s2 + l2;
  const revision = doc.revisions.findIndex((r) => end >= r.eofAt + 5 && end <= r.end);
  if (revision < 0)
    return {
      status: 'MALFORMED',
      reason: 'NOT_REVISION_END',
      detail: `ByteRange ends at ${end}, not at an %%EOF`,
    };
  return { status: 'OK', ranges: [s1, l1, s2, l2], revision, contents: contents.bytes };
}

/** The bytes a /ByteRange covers, concatenated. */
export function signedBytes(doc: ParsedDocument, r: readonly [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(r[1] + r[3]);
  out.set(doc.bytes.subarray(r[0], r[0] + r[1]), 0);
  out.set(doc.bytes.subarray(r[2], r[2] + r[3]), r[1]);
  return out;
}

/** PDF date `D:YYYYMMDDHHmmSS+HH'mm'` → Date. */
export function parsePdfDate(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const m = /^D?:?(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?([Zz+-])?(\d\d)?'?(\d\d)?'?/.exec(s);
  if (!m) return undefined;
  const utc = Date.UTC(
    Number(m[1]),
    Number(m[2] ?? 1) - 1,
    Number(m[3] ?? 1),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  const sign = m[7] === '+' ? 1 : m[7] === '-' ? -1 : 0;
  const offset = sign * (Number(m[8] ?? 0) * 60 + Number(m[9] ?? 0)) * 60_000;
  const d = new Date(utc - offset);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export { Resolver };
