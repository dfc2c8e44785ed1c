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
 *
 * The steps are files of their own: the certificate checked and the algorithm chosen
 * (certificate), the role order (order), the signature dictionary (dictionary), the field
 * and its widget (field), the byte-range hole (placeholder); a B-LTA document time-stamp is
 * document-timestamp.
 */

import { ROLES, type SignatureRole } from '../../roles/index.js';
import { signingCapacity } from '../capacity.js';
import type { CertificateInfo } from '../cms/certificate.js';
import { type Sha256Parts, sha256, webCryptoSha256Parts } from '../cms/der.js';
import { buildSignedAttributes, buildSignedData } from '../cms/signed-data.js';
import { pdfError } from '../errors.js';
import { writeHex } from '../incremental/serialize.js';
import { IncrementalUpdate } from '../incremental/update.js';
import { PdfDocument } from '../reader/document.js';
import { name, PdfDict, type PdfRef } from '../reader/objects.js';
import type { SignatureAlgorithm, Signer, SignerIdentity } from '../signer.js';
import { type AppearanceContext, buildAppearance, type StampOptions } from '../stamp.js';
import { requestTimestamp } from '../timestamp/index.js';
import { cachedCertificate, checkSigningCertificate, chooseAlgorithm } from './certificate.js';
import { signatureDictionary } from './dictionary.js';
import { addToAnnots, addToFields, emptyAppearance, ensureSigFlags, newSignatureWidget } from './field.js';
import { checkRoleOrder } from './order.js';
import { fillByteRange, setPlaceholders } from './placeholder.js';

export type { Sha256Parts } from '../cms/der.js';
export { checkSigningCertificate, DEFAULT_ALGORITHM_POLICY } from './certificate.js';
export { pdfDate } from './dictionary.js';
export { addDocumentTimestamp, type DocumentTimestampOptions } from './document-timestamp.js';

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
  const existing = checkRoleOrder(doc, role, options.enforceOrder ?? true);
  const lock = options.lock ?? role === 'seal';
  const reservedBytes = options.reservedBytes ?? 20000;
  const update = new IncrementalUpdate(doc);
  const fieldName = ROLES[role].fieldName;

  // Signature dictionary: ByteRange and Contents are fixed-width placeholders patched below.
  const sig = signatureDictionary({
    time,
    signerName: cert.commonName,
    reason: options.reason ?? `${ROLES[role].label.vi} ký học bạ`,
    location: options.location,
    lock,
  });
  setPlaceholders(sig, reservedBytes);
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
    field = newSignatureWidget(fieldName, options.newField?.rect ?? [0, 0, 0, 0], page.ref);
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

  const byteRange = fillByteRange(out, pdf.length, reservedBytes);
  const [, contentsStart, contentsEnd] = byteRange;
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
