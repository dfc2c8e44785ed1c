/**
 * PAdES signing as incremental updates. Two halves so the companion can prepare a whole
 * class, then sign every document after one PIN entry:
 *
 *   const prepared = await preparePdfSignature(pdf, { role, signer });   // no key needed
 *   const value = await signer.sign(prepared.signedAttributes, prepared.algorithm);
 *   const signed = await finishPdfSignature(prepared, value, { timestampUrl });
 *
 * `signPdf` does all three. Order of roles: gvcn → principal → seal; the seal's signature
 * locks the document by default (FieldMDP /Action /All with PDF 2.0 /P 1, and a /Lock on
 * its field, set when the field is made: DocMDP would need to be the first signature, which is the teacher's).
 */

import { ROLES, roleOfFieldName, rolesBefore, SIGNATURE_ROLES, type SignatureRole } from '../roles/index.js';
import { signingCapacity } from './capacity.js';
import { type CertificateInfo, readCertificate } from './cms/certificate.js';
import { equalBytes, type Sha256Parts, sha256, webCryptoSha256Parts } from './cms/der.js';
import { buildSignedAttributes, buildSignedData } from './cms/signed-data.js';
import { pdfError } from './errors.js';
import { docMdpLocks, readSignatureFields } from './fields.js';
import { hex, writeHex } from './incremental/serialize.js';
import { IncrementalUpdate } from './incremental/update.js';
import { PdfDocument } from './reader/document.js';
import {
  name,
  PdfDict,
  type PdfObject,
  PdfRaw,
  PdfRef,
  PdfStream,
  PdfString,
  textString,
} from './reader/objects.js';
import type { SignatureAlgorithm, Signer, SignerIdentity } from './signer.js';
import { type AppearanceContext, buildAppearance, type StampOptions } from './stamp.js';
import { requestTimestamp } from './timestamp/index.js';

export type { Sha256Parts } from './cms/der.js';

/** Algorithms in the order we choose them when the key can do several. */
export const DEFAULT_ALGORITHM_POLICY: readonly SignatureAlgorithm[] = [
  'rsa-pkcs1-sha256',
  'ecdsa-p256-sha256',
  'rsa-pss-sha256',
];

export interface PreparePdfSignatureOptions {
  role: SignatureRole;
  /** The certificate side of the signer (a full `Signer` works too). */
  signer: SignerIdentity;
  /** Force one algorithm; otherwise the first of `algorithmPolicy` the key supports. */
  algorithm?: SignatureAlgorithm;
  algorithmPolicy?: readonly SignatureAlgorithm[];
  /** The claimed signing time written to /M (default: now). Certificate checks use it. */
  time?: Date;
  /** Shown in viewers; default "<role label> ký học bạ". */
  reason?: string;
  location?: string;
  /** Lock the document with this signature (default: true for the seal). */
  lock?: boolean;
  /** Refuse roles out of the gvcn → principal → seal order (default true). */
  enforceOrder?: boolean;
  /** Bytes reserved for the CMS (default 20 000: chain + time-stamp token fit). */
  reservedBytes?: number;
  /**
   * The visible stamp in the role's block. Needs the font bytes (DejaVu); without it the
   * signature field keeps its empty appearance. Ignored for invisible fields.
   */
  stamp?: StampOptions;
  /** For documents without a field for the role: where to put a new one (default invisible, page 1). */
  newField?: { page?: number; rect?: [number, number, number, number] };
  /** Skip the validity/key-usage/chain checks (only for tests of the checks themselves). */
  skipCertificateChecks?: boolean;
  /**
   * The SHA-256 over the byte ranges (and the new file ID): WebCrypto by default; the
   * companion passes node:crypto's (see `Sha256Parts`).
   */
  sha256?: Sha256Parts;
  /**
   * The document already read from these very bytes (the companion's check read it): used
   * instead of reading them again. Ignored when it was read from other bytes.
   */
  document?: PdfDocument;
  /**
   * SHA-256 of `pdf` when the caller already has it: the new file ID is derived from it
   * rather than from hashing the whole file again. (The ID only names the revision.)
   */
  inputSha256?: Uint8Array;
}

export interface PreparedPdfSignature {
  role: SignatureRole;
  fieldName: string;
  algorithm: SignatureAlgorithm;
  time: Date;
  locked: boolean;
  /** The document with the new revision and a zero-filled /Contents hole. */
  pdf: Uint8Array;
  byteRange: [number, number, number, number];
  /** SHA-256 over the byte ranges. */
  documentDigest: Uint8Array;
  /** DER of the CMS signed attributes: pass these bytes to `Signer.sign`. */
  signedAttributes: Uint8Array;
  certificate: CertificateInfo;
  chain: readonly Uint8Array[];
  reservedBytes: number;
}

const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

/**
 * A batch signs every document with the same certificate and chain: each is read once, not
 * once a document. Keyed by the bytes' array, and the bytes compared, so an array changed
 * in place is read again.
 */
const certificates = new WeakMap<
  Uint8Array,
  { der: Uint8Array; info: CertificateInfo; sha256?: Uint8Array }
>();

function cachedCertificate(der: Uint8Array): { der: Uint8Array; info: CertificateInfo; sha256?: Uint8Array } {
  const known = certificates.get(der);
  if (known && equalBytes(known.der, der)) return known;
  const entry = { der: der.slice(), info: readCertificate(der) };
  certificates.set(der, entry);
  return entry;
}

/** D:YYYYMMDDHHmmSSZ */
export function pdfDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(
    d.getUTCMinutes(),
  )}${p(d.getUTCSeconds())}Z`;
}

/** The Thông tư 15/2025 checks: validity at the signing time, key usage, chain present. */
export function checkSigningCertificate(cert: CertificateInfo, chain: readonly Uint8Array[], at: Date): void {
  if (at < cert.notBefore)
    throw pdfError('PDF_CERT_NOT_YET_VALID', { notBefore: cert.notBefore.toISOString() });
  if (at > cert.notAfter) throw pdfError('PDF_CERT_EXPIRED', { notAfter: cert.notAfter.toISOString() });
  const ku = cert.keyUsage;
  if (ku && !ku.digitalSignature && !ku.nonRepudiation) throw pdfError('PDF_CERT_KEY_USAGE');
  const issuers = chain.map((c) => cachedCertificate(c).info);
  if (!issuers.some((i) => equalBytes(i.subjectDer, cert.issuerDer)))
    throw pdfError('PDF_CERT_NO_CHAIN', { subject: cert.commonName });
}

function chooseAlgorithm(options: PreparePdfSignatureOptions, cert: CertificateInfo): SignatureAlgorithm {
  const supported = options.signer.algorithms.filter((a) =>
    cert.keyType === 'ec' ? a === 'ecdsa-p256-sha256' : a !== 'ecdsa-p256-sha256',
  );
  if (options.algorithm) {
    if (!supported.includes(options.algorithm))
      throw pdfError('PDF_ALGORITHM_UNSUPPORTED', { algorithms: supported.join(', ') || 'none' });
    return options.algorithm;
  }
  const chosen = (options.algorithmPolicy ?? DEFAULT_ALGORITHM_POLICY).find((a) => supported.includes(a));
  if (!chosen)
    throw pdfError('PDF_ALGORITHM_UNSUPPORTED', {
      algorithms: options.signer.algorithms.join(', ') || 'none',
    });
  return chosen;
}

function indexOf(haystack: Uint8Array, needle: string, from: number): number {
  const n = new TextEncoder().encode(needle);
  outer: for (let i = from; i <= haystack.length - n.length; i++) {
    for (let k = 0; k < n.length; k++) if (haystack[i + k] !== n[k]) continue outer;
    return i;
  }
  return -1;
}

/** Checks order and locks, then returns the existing field for the role, if any. */
function checkOrder(doc: PdfDocument, role: SignatureRole, enforceOrder: boolean) {
  const fields = readSignatureFields(doc);
  const locker = fields.find((f) => f.locks);
  if (locker) throw pdfError('PDF_LOCKED', { field: locker.name });
  if (docMdpLocks(doc)) throw pdfError('PDF_LOCKED', { field: 'DocMDP' });
  const own = fields.find((f) => roleOfFieldName(f.name) === role);
  if (own?.signed) throw pdfError('PDF_ROLE_ALREADY_SIGNED', { role: ROLES[role].label.vi });
  if (enforceOrder) {
    const signed = (r: SignatureRole) => fields.some((f) => roleOfFieldName(f.name) === r && f.signed);
    const missing = rolesBefore(role).filter((r) => !signed(r));
    if (missing.length)
      throw pdfError('PDF_ROLE_OUT_OF_ORDER', {
        role: ROLES[role].label.vi,
        missing: missing.map((r) => ROLES[r].label.vi).join(', '),
      });
    const later = SIGNATURE_ROLES.slice(SIGNATURE_ROLES.indexOf(role) + 1).find(signed);
    if (later)
      throw pdfError('PDF_ROLE_AFTER_LATER', { role: ROLES[role].label.vi, later: ROLES[later].label.vi });
  }
  return own;
}

export async function preparePdfSignature(
  pdf: Uint8Array,
  options: PreparePdfSignatureOptions,
): Promise<PreparedPdfSignature> {
  const { role } = options;
  const time = options.time ?? new Date();
  const digest = options.sha256 ?? webCryptoSha256Parts;
  const signerCertificate = cachedCertificate(options.signer.certificate);
  const cert = signerCertificate.info;
  if (!options.skipCertificateChecks) checkSigningCertificate(cert, options.signer.chain, time);
  const algorithm = chooseAlgorithm(options, cert);
  const doc = options.document?.bytes === pdf ? options.document : new PdfDocument(pdf);
  const existing = checkOrder(doc, role, options.enforceOrder ?? true);
  const lock = options.lock ?? role === 'seal';
  const reservedBytes = options.reservedBytes ?? 20000;
  const update = new IncrementalUpdate(doc);
  const fieldName = ROLES[role].fieldName;

  // Signature dictionary: ByteRange and Contents are fixed-width placeholders patched below.
  const sig = new PdfDict([
    ['Type', name('Sig')],
    ['Filter', name('Adobe.PPKLite')],
    ['SubFilter', name('ETSI.CAdES.detached')],
    ['M', new PdfString(new TextEncoder().encode(pdfDate(time)))],
    ['Name', textString(cert.commonName)],
    ['Reason', textString(options.reason ?? `${ROLES[role].label.vi} ký học bạ`)],
  ]);
  if (options.location) sig.set('Location', textString(options.location));
  if (lock) {
    const params = new PdfDict([
      ['Type', name('TransformParams')],
      ['Action', name('All')],
      ['P', 1],
      ['V', name('1.2')],
    ]);
    sig.set('Reference', [
      new PdfDict([
        ['Type', name('SigRef')],
        ['TransformMethod', name('FieldMDP')],
        ['TransformParams', params],
        ['DigestMethod', name('SHA256')],
      ]),
    ]);
  }
  sig.set('ByteRange', new PdfRaw(BYTE_RANGE_PLACEHOLDER));
  sig.set('Contents', new PdfRaw(`<${'0'.repeat(reservedBytes * 2)}>`));
  const sigRef = update.add(sig);

  // The field: the one the renderer laid out in the role's block, or a new one.
  const pages = doc.pages();
  let fieldRef: PdfRef;
  let field: PdfDict;
  if (existing?.ref) {
    fieldRef = existing.ref;
    field = existing.dict.clone();
  } else {
    const pageIndex = Math.min(options.newField?.page ?? 0, pages.length - 1);
    const page = pages[pageIndex];
    if (!page) throw pdfError('PDF_MALFORMED', { reason: 'document without pages' });
    fieldRef = update.allocate();
    field = new PdfDict([
      ['FT', name('Sig')],
      ['T', textString(fieldName)],
      ['Type', name('Annot')],
      ['Subtype', name('Widget')],
      ['Rect', options.newField?.rect ?? [0, 0, 0, 0]],
      ['F', 132],
      ['P', page.ref],
    ]);
    addToAnnots(doc, update, page.ref, page.dict, fieldRef);
    addToFields(doc, update, fieldRef);
  }
  field.set('V', sigRef);
  // A /Lock belongs to a field when it is made (the renderer gives the seal field one); added to
  // an existing field at signing, validators such as pyHanko call it a disallowed field change.
  // The signature's FieldMDP reference locks the document either way.
  if (lock && !existing?.ref)
    field.set(
      'Lock',
      new PdfDict([
        ['Type', name('SigFieldLock')],
        ['Action', name('All')],
        ['P', 1],
      ]),
    );
  const rect = (doc.resolve(field.get('Rect')) as number[] | undefined) ?? [0, 0, 0, 0];
  const capacity = signingCapacity(doc, role);
  const ctx: AppearanceContext = { role, certificate: cert, time, rect, ...(capacity ? { capacity } : {}) };
  const ap =
    options.stamp && rect[2]! - rect[0]! > 1 ? await buildAppearance(update, ctx, options.stamp) : undefined;
  field.set('AP', new PdfDict([['N', ap ?? emptyAppearance(update, rect)]]));
  update.set(fieldRef, field);
  ensureSigFlags(doc, update);

  const newId = (
    await digest([options.inputSha256 ?? pdf, new TextEncoder().encode(`${role}${time.toISOString()}`)])
  ).subarray(0, 16);
  const out = update.build(newId);

  const br = indexOf(out, `/ByteRange ${BYTE_RANGE_PLACEHOLDER}`, pdf.length);
  const contentsStart = indexOf(out, '/Contents <', br) + '/Contents '.length;
  const contentsEnd = contentsStart + 2 + reservedBytes * 2;
  const byteRange: [number, number, number, number] = [
    0,
    contentsStart,
    contentsEnd,
    out.length - contentsEnd,
  ];
  const brText = `[${byteRange.join(' ')}`.padEnd(BYTE_RANGE_PLACEHOLDER.length - 1, ' ') + ']';
  out.set(new TextEncoder().encode(brText), br + '/ByteRange '.length);
  const documentDigest = await digest([out.subarray(0, contentsStart), out.subarray(contentsEnd)]);
  signerCertificate.sha256 ??= await digest([signerCertificate.der]);
  const signedAttributes = await buildSignedAttributes({
    documentDigest,
    signer: cert,
    certificateSha256: signerCertificate.sha256,
  });
  return {
    role,
    fieldName,
    algorithm,
    time,
    locked: lock,
    pdf: out,
    byteRange,
    documentDigest,
    signedAttributes,
    certificate: cert,
    chain: options.signer.chain,
    reservedBytes,
  };
}

export interface FinishPdfSignatureOptions {
  /** RFC 3161 TSA for B-T: the token covers the signature value. */
  timestampUrl?: string;
  fetch?: typeof fetch;
  /**
   * `prepared.pdf` is the caller's own and not used again (the companion's, moved from its
   * worker): the CMS is written into it rather than into a copy.
   */
  inPlace?: boolean;
}

/** Puts the CMS (with the key's signature value, and a time-stamp for B-T) into the hole. */
export async function finishPdfSignature(
  prepared: PreparedPdfSignature,
  signatureValue: Uint8Array,
  options: FinishPdfSignatureOptions = {},
): Promise<Uint8Array> {
  const timeStampToken = options.timestampUrl
    ? await requestTimestamp(options.timestampUrl, await sha256(signatureValue), { fetch: options.fetch })
    : undefined;
  const cms = buildSignedData({
    signedAttributes: prepared.signedAttributes,
    signatureValue,
    algorithm: prepared.algorithm,
    signer: prepared.certificate,
    chain: prepared.chain,
    ...(timeStampToken ? { timeStampToken } : {}),
  });
  if (cms.length > prepared.reservedBytes)
    throw pdfError('PDF_SIGNATURE_TOO_LARGE', { size: cms.length, reserved: prepared.reservedBytes });
  const out = options.inPlace ? prepared.pdf : prepared.pdf.slice();
  writeHex(cms, out, prepared.byteRange[1] + 1);
  return out;
}

export interface SignPdfOptions extends PreparePdfSignatureOptions {
  signer: Signer;
  timestampUrl?: string;
  fetch?: typeof fetch;
}

export interface SignPdfResult {
  pdf: Uint8Array;
  role: SignatureRole;
  fieldName: string;
  algorithm: SignatureAlgorithm;
  signingTime: Date;
  level: 'B-B' | 'B-T';
  locked: boolean;
  /** Milliseconds in our code vs in the key operation (for the benchmark). */
  timing: { ownMs: number; keyMs: number };
}

export async function signPdf(pdf: Uint8Array, options: SignPdfOptions): Promise<SignPdfResult> {
  const t0 = performance.now();
  const prepared = await preparePdfSignature(pdf, options);
  const t1 = performance.now();
  const value = await options.signer.sign(prepared.signedAttributes, prepared.algorithm);
  const t2 = performance.now();
  const out = await finishPdfSignature(prepared, value, {
    ...(options.timestampUrl ? { timestampUrl: options.timestampUrl } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const t3 = performance.now();
  return {
    pdf: out,
    role: prepared.role,
    fieldName: prepared.fieldName,
    algorithm: prepared.algorithm,
    signingTime: prepared.time,
    level: options.timestampUrl ? 'B-T' : 'B-B',
    locked: prepared.locked,
    timing: { ownMs: t1 - t0 + (t3 - t2), keyMs: t2 - t1 },
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function emptyAppearance(update: IncrementalUpdate, rect: number[]): PdfRef {
  const w = Math.abs(rect[2]! - rect[0]!);
  const h = Math.abs(rect[3]! - rect[1]!);
  return update.add(
    new PdfStream(
      new PdfDict([
        ['Type', name('XObject')],
        ['Subtype', name('Form')],
        ['BBox', [0, 0, w, h]],
      ]),
      new Uint8Array(),
    ),
  );
}

function addToAnnots(
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

function addToFields(doc: PdfDocument, update: IncrementalUpdate, fieldRef: PdfRef) {
  const acro = acroFormTarget(doc, update);
  const fields = acro.get('Fields');
  if (fields instanceof PdfRef)
    update.set(fields, [...((doc.resolve(fields) as PdfObject[]) ?? []), fieldRef]);
  else acro.set('Fields', [...((fields as PdfObject[] | undefined) ?? []), fieldRef]);
}

function ensureSigFlags(doc: PdfDocument, update: IncrementalUpdate) {
  const acro = doc.resolveDict(doc.catalog().get('AcroForm'));
  if (acro?.get('SigFlags') === 3 && !update.has(doc.catalogRef)) return;
  acroFormTarget(doc, update).set('SigFlags', 3);
}

export interface DocumentTimestampOptions {
  timestampUrl: string;
  fetch?: typeof fetch;
  /** Room for the RFC 3161 token (default 16 KB). */
  reservedBytes?: number;
}

/**
 * PAdES B-LTA: a document time-stamp (ETSI.RFC3161, ISO 32000-2 12.8.5) over the whole file
 * as it is, including the /DSS that proves the earlier signatures and time-stamps. An
 * invisible field of its own, as an incremental update every lock level permits.
 */
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
  sig.set('ByteRange', new PdfRaw(BYTE_RANGE_PLACEHOLDER));
  sig.set('Contents', new PdfRaw(`<${'0'.repeat(reservedBytes * 2)}>`));
  const sigRef = update.add(sig);
  const page = doc.pages()[0];
  if (!page) throw pdfError('PDF_MALFORMED', { reason: 'document without pages' });
  const fieldRef = update.allocate();
  const rect = [0, 0, 0, 0];
  const field = new PdfDict([
    ['FT', name('Sig')],
    ['T', textString(fieldName)],
    ['Type', name('Annot')],
    ['Subtype', name('Widget')],
    ['Rect', rect],
    ['F', 132],
    ['P', page.ref],
    ['V', sigRef],
  ]);
  field.set('AP', new PdfDict([['N', emptyAppearance(update, rect)]]));
  addToAnnots(doc, update, page.ref, page.dict, fieldRef);
  addToFields(doc, update, fieldRef);
  update.set(fieldRef, field);
  ensureSigFlags(doc, update);
  const out = update.build((await sha256(concat(pdf, new TextEncoder().encode(fieldName)))).subarray(0, 16));
  const br = indexOf(out, `/ByteRange ${BYTE_RANGE_PLACEHOLDER}`, pdf.length);
  const contentsStart = indexOf(out, '/Contents <', br) + '/Contents '.length;
  const contentsEnd = contentsStart + 2 + reservedBytes * 2;
  const brText = `[${[0, contentsStart, contentsEnd, out.length - contentsEnd].join(' ')}`.padEnd(
    BYTE_RANGE_PLACEHOLDER.length - 1,
    ' ',
  );
  out.set(new TextEncoder().encode(`${brText}]`), br + '/ByteRange '.length);
  const digest = await sha256(concat(out.subarray(0, contentsStart), out.subarray(contentsEnd)));
  const token = await requestTimestamp(options.timestampUrl, digest, { fetch: options.fetch });
  if (token.length > reservedBytes)
    throw pdfError('PDF_SIGNATURE_TOO_LARGE', { size: token.length, reserved: reservedBytes });
  out.set(new TextEncoder().encode(hex(token)), contentsStart + 1);
  return { pdf: out, fieldName };
}
