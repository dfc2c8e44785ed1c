/**
 * Encrypted files (ISO 32000-1 §7.6) as the verifier reads them: the standard security
 * handler opened with the empty user password (pdf/crypt), then every indirect object's
 * strings and streams decrypted as a viewer shows them. Only what is interpreted changes
 * (difference analysis, names, dates, the record, page content): `doc.bytes`, which the
 * signatures' byte ranges are hashed over, stays as it is. Not decrypted, as the standard
 * says: a signature dictionary's /Contents (ISO 32000-2 §7.6.2), cross-reference streams,
 * the /Encrypt dictionary, the trailer, and members of object streams (their stream was).
 */
import {
  type CryptRefusal,
  Decryptor,
  type EncryptParams,
  openWithEmptyPassword,
} from '../../pdf/crypt/index.js';
import { LazyObject } from './lazy.js';
import {
  dictOf,
  isDict,
  isName,
  isRef,
  isStream,
  isString,
  type PdfDict,
  type PdfObject,
  type PdfStream,
  type PdfValue,
  type Revision,
  valuesEqual,
} from './values.js';

/** Why an encrypted file is not opened: the handler's reasons, or its /Encrypt changed between revisions. */
export interface CryptRefused {
  reason: CryptRefusal['reason'] | 'changed';
  detail: string;
}

export interface DocumentCrypt {
  /** Set when the file opens with the empty user password. */
  decryptor?: Decryptor;
  refused?: CryptRefused;
  /** Each decrypted stream's object (its key), and its data once decrypted. */
  owners: WeakMap<PdfStream, { num: number; gen: number }>;
  data: WeakMap<PdfStream, Uint8Array | undefined>;
}

/**
 * Opens the file's encryption, when its trailers name one, and decrypts the objects parsed so
 * far (deferred ones when read). Call before object streams are read: their members come
 * from decrypted data.
 */
export function openDocumentCrypt(revisions: Revision[], objects: PdfObject[]): DocumentCrypt | undefined {
  const trailers = revisions.map((r) => r.trailer).filter((t): t is PdfDict => t !== undefined);
  const named = (t: PdfDict) => (t.entries.get('Encrypt') ?? null) !== null;
  if (!trailers.some(named)) return undefined;
  const last = trailers[trailers.length - 1] as PdfDict;
  const encrypt = last.entries.get('Encrypt');
  const crypt: DocumentCrypt = { owners: new WeakMap(), data: new WeakMap() };
  const lastByNum = new Map<number, PdfObject>();
  for (const o of objects) lastByNum.set(o.num, o);
  const resolve = (v: PdfValue | undefined): PdfValue | undefined =>
    isRef(v) ? lastByNum.get(v.num)?.value : v;
  // What a viewer reading the last revision uses decrypts every revision: an /Encrypt that
  // appears, goes or changes after the first revision would change what signed objects say.
  const same = (v: PdfValue | undefined) =>
    isRef(encrypt) ? isRef(v) && v.num === encrypt.num && v.gen === encrypt.gen : isDict(v);
  const encryptNum = isRef(encrypt) ? encrypt.num : undefined;
  if (
    !trailers.every((t) => same(t.entries.get('Encrypt'))) ||
    (encryptNum !== undefined && objects.filter((o) => o.num === encryptNum).length > 1)
  ) {
    crypt.refused = { reason: 'changed', detail: '/Encrypt differs between revisions' };
    return crypt;
  }
  const dict = dictOf(resolve(encrypt));
  if (!dict) {
    crypt.refused = { reason: 'malformed', detail: '/Encrypt is not a dictionary' };
    return crypt;
  }
  // The file key takes the first /ID: the last trailer that has one (an update may leave it out).
  const id = resolve(
    [...trailers]
      .reverse()
      .find((t) => t.entries.has('ID'))
      ?.entries.get('ID'),
  );
  const id0 = Array.isArray(id) && isString(id[0]) ? id[0].bytes : new Uint8Array(0);
  const opened = openWithEmptyPassword(encryptParams(dict, resolve, id0));
  if ('refused' in opened) {
    crypt.refused = opened.refused;
    return crypt;
  }
  const decryptor = new Decryptor(opened);
  crypt.decryptor = decryptor;
  const decryptObject = (o: { num: number; gen: number }, value: PdfValue): PdfValue => {
    if (o.num === encryptNum) return value;
    if (isStream(value)) {
      const type = value.dict.entries.get('Type');
      if (isName(type, 'XRef')) return value;
      if (!(isName(type, 'Metadata') && !opened.encryptMetadata)) crypt.owners.set(value, o);
    }
    decryptStrings(value, (bytes) => decryptor.string(o.num, o.gen, bytes), 0);
    return value;
  };
  for (const o of objects) {
    if (o.inStream !== undefined) continue;
    if (o instanceof LazyObject) o.decrypt = decryptObject;
    else decryptObject(o, o.value);
  }
  return crypt;
}

/**
 * Whether an object's generation is part of its key (RC4 and AESV2, ISO 32000-1 algorithm 1;
 * AESV3 uses the file key alone): then an update that repeats an object's bytes under another
 * generation changes what it decrypts to, and the difference analysis must see a change.
 */
export function generationInKey(crypt: DocumentCrypt | undefined): boolean {
  const f = crypt?.decryptor?.file;
  if (!f) return false;
  const keyed = (m: string) => m === 'rc4' || m === 'aesv2';
  return keyed(f.strings) || keyed(f.streams) || [...f.named.values()].some(keyed);
}

/**
 * Whether two definitions of a stream hold the same plain data under the same dictionary
 * (/Length aside): AES writes a fresh IV each time, so a tool that rewrites a stream unchanged
 * writes other bytes. False unless the file is opened and both decrypt.
 */
export function samePlainStream(
  crypt: DocumentCrypt | undefined,
  a: PdfValue,
  b: PdfValue,
  bytes: Uint8Array,
): boolean {
  if (!crypt?.decryptor || !isStream(a) || !isStream(b)) return false;
  const da = new Map(a.dict.entries);
  const db = new Map(b.dict.entries);
  da.delete('Length');
  db.delete('Length');
  if (!valuesEqual({ bytes }, { kind: 'dict', entries: da }, { kind: 'dict', entries: db })) return false;
  const x = streamData(crypt, a, bytes.subarray(a.start, a.end));
  const y = streamData(crypt, b, bytes.subarray(b.start, b.end));
  if (!x || !y || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** A stream's bytes before its filters: decrypted when its object is encrypted; undefined if it cannot be. */
export function streamData(crypt: DocumentCrypt, s: PdfStream, raw: Uint8Array): Uint8Array | undefined {
  const owner = crypt.owners.get(s);
  if (!owner || !crypt.decryptor) return raw;
  if (crypt.data.has(s)) return crypt.data.get(s);
  const filter = s.dict.entries.get('Filter');
  const first = Array.isArray(filter) ? filter[0] : filter;
  let named: string | undefined;
  if (isName(first, 'Crypt')) {
    // A /Crypt stream filter picks a crypt filter by name (ISO 32000-1 §7.4.10); Identity by default.
    const parms = s.dict.entries.get('DecodeParms');
    const p = dictOf(Array.isArray(parms) ? parms[0] : parms);
    const name = p?.entries.get('Name');
    named = isName(name) ? name.name : 'Identity';
  }
  const data = crypt.decryptor.stream(owner.num, owner.gen, raw, named);
  crypt.data.set(s, data);
  return data;
}

/** Every string in `v`, but a signature dictionary's /Contents. Depth as the lexer allows. */
function decryptStrings(v: PdfValue, decrypt: (b: Uint8Array) => Uint8Array, depth: number): void {
  if (depth > 128 || typeof v !== 'object' || v === null) return;
  if (Array.isArray(v)) {
    for (const x of v) {
      if (isString(x)) x.bytes = decrypt(x.bytes);
      else decryptStrings(x, decrypt, depth + 1);
    }
    return;
  }
  const d = isStream(v) ? v.dict : isDict(v) ? v : undefined;
  if (!d) return;
  const type = d.entries.get('Type');
  const signature = d.entries.has('ByteRange') || isName(type, 'Sig') || isName(type, 'DocTimeStamp');
  for (const [k, x] of d.entries) {
    if (signature && k === 'Contents') continue;
    if (isString(x)) x.bytes = decrypt(x.bytes);
    else decryptStrings(x, decrypt, depth + 1);
  }
}

/** The /Encrypt dictionary's entries for the handler (indirect values resolved once). */
function encryptParams(
  d: PdfDict,
  resolve: (v: PdfValue | undefined) => PdfValue | undefined,
  id0: Uint8Array,
): EncryptParams {
  const get = (k: string, from: PdfDict = d) => resolve(from.entries.get(k));
  const num = (k: string, from?: PdfDict) => {
    const v = get(k, from);
    return typeof v === 'number' ? v : undefined;
  };
  const name = (k: string, from?: PdfDict) => {
    const v = get(k, from);
    return isName(v) ? v.name : undefined;
  };
  const bytes = (k: string) => {
    const v = get(k);
    return isString(v) ? v.bytes : undefined;
  };
  const cf = new Map<string, { cfm?: string; length?: number }>();
  const cfDict = dictOf(get('CF'));
  for (const [k, v] of cfDict?.entries ?? []) {
    const f = dictOf(resolve(v));
    if (f) cf.set(k, { cfm: name('CFM', f), length: num('Length', f) });
  }
  const meta = get('EncryptMetadata');
  return {
    filter: name('Filter'),
    subFilter: name('SubFilter'),
    v: num('V'),
    r: num('R'),
    length: num('Length'),
    o: bytes('O'),
    u: bytes('U'),
    oe: bytes('OE'),
    ue: bytes('UE'),
    perms: bytes('Perms'),
    p: num('P'),
    encryptMetadata: meta !== false,
    cf,
    stmF: name('StmF'),
    strF: name('StrF'),
    id0,
  };
}
