/**
 * The verifier: is this record intact, who signed it, can we trust them, what changed after.
 * Pure TypeScript over WebCrypto (or a crypto provider passed in), offline, for the extension's
 * verify page, the portal upload check and `hocba verify`.
 *
 *   const report = await verifyPdf(bytes, { trust: { anchors: [pem] } });
 *   report.verdict  // 'valid' | 'invalid' | 'indeterminate'
 */

import { bytesEqual, children, ctx, readNode, whole } from '../asn1/index.js';
import { OID } from '../asn1/oids.js';
import type { Bilingual } from '../errors/index.js';
import {
  attribute,
  parseSignedData,
  type SignerVerification,
  verifySignerInfo,
  verifyTimestampToken,
} from './cms/index.js';
import { type VerifyCrypto, webCrypto } from './crypto.js';
import {
  decodeStream,
  dictOf,
  isName,
  type ParsedDocument,
  parseDocument,
  Resolver,
  textOf,
} from './document/objects.js';
import {
  checkByteRange,
  findSignatureFields,
  parsePdfDate,
  type SignatureField,
} from './document/signatures.js';
import { classifyModifications } from './modifications/index.js';
import { type PathValidation, validatePath } from './path/index.js';
import { extractRecord } from './record/index.js';
import {
  type DocumentReport,
  type Problem,
  type SignatureReport,
  type SubIndication,
  signatureMessage,
  type TimeSource,
  unsignedFieldProblem,
} from './report/index.js';
import { validSummary } from './report/summary.js';
import type { RevocationData } from './revocation/index.js';
import { acceptDeclaredDelegation, roleOf, signerInWords } from './signer.js';
import {
  bundledTrustStore,
  createTrustStore,
  type TrustStore,
  type TrustStoreOptions,
} from './trust/index.js';
import { verdictLevel, verdictWarnings } from './verdict.js';
import { type Certificate, nameValue, parseCertificate } from './x509.js';

export {
  type CurveName,
  KEY_ERRORS,
  type SignatureCheck,
  type VerifyAlgorithm,
  type VerifyCrypto,
  type VerifyKey,
  verifySignature,
  webCrypto,
} from './crypto.js';
export type { Change, ChangeKind, ModificationReport } from './modifications/index.js';
export type { TrustStatus } from './path/index.js';
export type { RecordReport } from './record/index.js';
export {
  groupTransferSet,
  IDENTITY_FIELDS,
  type StudentTransfer,
  type TransferInput,
  transferInput,
} from './record/transfer.js';
export type * from './report/index.js';
export { vietnamTime } from './report/index.js';
export { type RevocationData, readCrlFile } from './revocation/index.js';
export {
  BUNDLED_CERTIFICATES,
  bundledTrustStore,
  createTrustStore,
  type TrustStore,
  type TrustStoreOptions,
} from './trust/index.js';
export { VERDICT_LEVEL_WORDS, type VerdictLevel } from './verdict.js';
export { type Certificate, parseCertificate, pemToDer } from './x509.js';

export interface VerifyOptions {
  /** A prepared store, or options for one (bundled Vietnamese roots + admin anchors). */
  trust?: TrustStore | TrustStoreOptions;
  /** Extra revocation data (CRLs / OCSP responses, DER) besides what the file carries. */
  revocation?: Partial<RevocationData>;
  /** Missing revocation data makes a signature INDETERMINATE/TRY_LATER (default false: reported only). */
  requireRevocation?: boolean;
  /** Files larger than this are not read (default 50 MB). */
  maxBytes?: number;
  /**
   * The verification time (default: the current time): certificates expired by then need a
   * time-stamp proving the signature existed before (warnings TIME_NOT_PROVEN_BEFORE_EXPIRY,
   * TIMESTAMP_EXPIRED); also the time for signatures with no signing time at all.
   */
  now?: Date;
  /**
   * Digests and signature checks (default WebCrypto, the ranges joined for it). `hocba verify`
   * passes node:crypto's: answered on the calling thread, no thread-pool round trip a call,
   * the two byte ranges hashed as they lie (no 250 KB copy a signature).
   */
  crypto?: VerifyCrypto;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/** More incremental updates than any real record has; past this the comparison work would explode. */
export const MAX_REVISIONS = 200;
/** More signatures than a five-year record with every role and time-stamp carries. */
export const MAX_SIGNATURES = 64;

const isStore = (t: TrustStore | TrustStoreOptions | undefined): t is TrustStore =>
  !!t &&
  Array.isArray((t as TrustStore).anchors) &&
  (t as TrustStore).anchors.every((a) => typeof a === 'object' && 'der' in a);

function startsWithPdf(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

function docLevel(
  verdict: DocumentReport['verdict'],
  reason: Bilingual,
  size: number,
  problems: Problem[] = [],
): DocumentReport {
  return {
    verdict,
    reason,
    signatures: [],
    modifiedAfterSigning: false,
    problems,
    size,
    revisions: 0,
    record: null,
  };
}

/** Certificates and revocation data in the document's /DSS. */
function dssData(
  doc: ParsedDocument,
  res: Resolver,
): { certs: Certificate[]; crls: Uint8Array[]; ocsps: Uint8Array[] } {
  const out = { certs: [] as Certificate[], crls: [] as Uint8Array[], ocsps: [] as Uint8Array[] };
  const dss = dictOf(res.get(res.catalog(), 'DSS'));
  if (!dss) return out;
  const streams = (key: string): Uint8Array[] => {
    const arr = res.get(dss, key);
    if (!Array.isArray(arr)) return [];
    const list: Uint8Array[] = [];
    for (const r of arr) {
      const v = res.resolve(r);
      if (v && typeof v === 'object' && !Array.isArray(v) && v.kind === 'stream') {
        const data = decodeStream(doc, v);
        if (data) list.push(data.slice());
      }
    }
    return list;
  };
  for (const der of streams('Certs')) {
    try {
      out.certs.push(parseCertificate(der));
    } catch {
      /* an unreadable certificate in /DSS only means less help building paths */
    }
  }
  out.crls = streams('CRLs');
  out.ocsps = streams('OCSPs');
  return out;
}

/** adbe-revocationInfoArchival signed attribute: [0] CRLs, [1] OCSP responses. */
function adobeRevocation(
  v: SignerVerification | undefined,
  attrs: ReturnType<typeof parseSignedData>['signerInfos'][number],
): RevocationData {
  const out: RevocationData = { crls: [], ocsps: [] };
  void v;
  const a = attribute(attrs.signedAttrs, OID.adbeRevocationInfoArchival);
  if (!a?.values[0]) return out;
  try {
    for (const part of children(a.values[0])) {
      const [seq] = children(part);
      if (!seq) continue;
      for (const item of children(seq)) {
        if (part.tag === ctx(0)) out.crls.push(whole(item).slice());
        else if (part.tag === ctx(1)) out.ocsps.push(whole(item).slice());
      }
    }
  } catch {
    /* malformed archival attribute: ignored, revocation stays unknown */
  }
  return out;
}

/** The DocMDP permission level of a certification signature (`/Reference [<< /TransformMethod /DocMDP /TransformParams << /P n >> >>]`). */
function docMdpLevel(field: SignatureField): number | undefined {
  const refs = field.dict?.entries.get('Reference');
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) {
    const d = dictOf(r);
    if (!d || !isName(d.entries.get('TransformMethod'), 'DocMDP')) continue;
    const p = dictOf(d.entries.get('TransformParams'))?.entries.get('P');
    return typeof p === 'number' ? p : 2;
  }
  return undefined;
}

/** The revision each signature covers (kept out of the JSON report). */
const signedRevision = new WeakMap<SignatureReport, number>();

function emptySignature(field: SignatureField, kind: SignatureReport['kind']): SignatureReport {
  return {
    field: field.name,
    kind,
    role: null,
    roleSource: null,
    signer: null,
    signedAt: null,
    timeSource: 'NONE',
    timestamp: null,
    reason: textOf(field.dict?.entries.get('Reason')) ?? null,
    location: textOf(field.dict?.entries.get('Location')) ?? null,
    integrity: {
      status: 'MALFORMED',
      byteRange: 'OK',
      digestAlgorithm: null,
      signatureAlgorithm: null,
      signingCertificateBinding: null,
      detail: null,
    },
    trust: {
      status: null,
      anchor: null,
      chain: [],
      revocation: 'UNKNOWN',
      revocationSource: null,
      detail: null,
    },
    modifications: { status: 'NONE', laterRevisions: 0, changes: [] },
    coversWholeDocument: false,
    status: 'INDETERMINATE',
    subIndication: 'FORMAT_FAILURE',
    message: { vi: '', en: '' },
  };
}

function finish(
  s: SignatureReport,
  status: SignatureReport['status'],
  sub: SubIndication | null,
): SignatureReport {
  s.status = status;
  s.subIndication = sub;
  s.message = signatureMessage(s);
  return s;
}

function trustIndication(
  p: PathValidation,
  timeProven: boolean,
): [SignatureReport['status'], SubIndication | null] {
  switch (p.status) {
    case 'TRUSTED':
      return ['TOTAL_PASSED', null];
    case 'REVOKED':
      return ['TOTAL_FAILED', 'REVOKED'];
    case 'EXPIRED':
      // Proven time outside validity is a failure; a claimed time could be wrong either way.
      return [timeProven ? 'TOTAL_FAILED' : 'TOTAL_FAILED', 'EXPIRED'];
    case 'NOT_YET_VALID':
      return ['TOTAL_FAILED', 'NOT_YET_VALID'];
    case 'WRONG_KEY_USAGE':
    case 'CONSTRAINTS_FAILED':
      return ['INDETERMINATE', 'CHAIN_CONSTRAINTS_FAILURE'];
    case 'REVOCATION_UNKNOWN':
      return ['INDETERMINATE', 'TRY_LATER'];
    case 'UNTRUSTED':
      return ['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND'];
  }
}

async function verifyOne(
  doc: ParsedDocument,
  field: SignatureField,
  ctxt: { trust: TrustStore; dss: ReturnType<typeof dssData>; options: VerifyOptions },
): Promise<SignatureReport> {
  const subFilter = field.dict?.entries.get('SubFilter');
  const kind: SignatureReport['kind'] =
    isName(subFilter, 'ETSI.RFC3161') || isName(field.dict?.entries.get('Type'), 'DocTimeStamp')
      ? 'DOCUMENT_TIMESTAMP'
      : 'SIGNATURE';
  const s = emptySignature(field, kind);
  const br = checkByteRange(doc, field);
  if (br.status !== 'OK') {
    s.integrity.byteRange = br.reason;
    s.integrity.detail = br.detail;
    Object.assign(s, roleOf(field.name, null));
    return finish(s, 'TOTAL_FAILED', 'FORMAT_FAILURE');
  }
  const revision = br.revision;
  signedRevision.set(s, revision);
  s.modifications = classifyModifications(doc, revision, docMdpLevel(field));
  s.coversWholeDocument = revision === doc.revisions.length - 1 && doc.trailingBytes === 0;
  const [s1, l1, s2, l2] = br.ranges;
  const ranges = [doc.bytes.subarray(s1, s1 + l1), doc.bytes.subarray(s2, s2 + l2)];
  const crypto = ctxt.options.crypto ?? webCrypto;
  // /Contents is zero-padded: take exactly the DER element.
  let cmsDer: Uint8Array;
  try {
    const node = readNode(br.contents);
    cmsDer = br.contents.subarray(0, node.end);
    for (let i = node.end; i < br.contents.length; i++)
      if (br.contents[i] !== 0) throw new Error('bytes after the CMS');
  } catch (e) {
    s.integrity.detail = `CMS unreadable: ${e instanceof Error ? e.message : String(e)}`;
    return finish(s, 'TOTAL_FAILED', 'FORMAT_FAILURE');
  }
  const revocation: RevocationData = {
    crls: [...ctxt.dss.crls, ...(ctxt.options.revocation?.crls ?? [])],
    ocsps: [...ctxt.dss.ocsps, ...(ctxt.options.revocation?.ocsps ?? [])],
  };
  const now = ctxt.options.now ?? new Date();

  if (kind === 'DOCUMENT_TIMESTAMP') {
    const ts = await verifyTimestampToken(cmsDer, ranges, crypto);
    s.integrity.status = ts.integrity;
    s.integrity.detail = ts.problems.join('; ') || null;
    if (ts.tsa) s.signer = signerInWords(ts.tsa);
    if (ts.genTime) {
      s.signedAt = ts.genTime.toISOString();
      s.timeSource = 'TIMESTAMP';
    }
    if (ts.integrity !== 'INTACT' || !ts.tsa)
      return finish(s, 'TOTAL_FAILED', ts.integrity === 'ALTERED' ? 'HASH_FAILURE' : 'FORMAT_FAILURE');
    const p = await validatePath(ts.tsa, {
      time: ts.genTime ?? now,
      timeProven: true,
      trust: ctxt.trust,
      pool: [...ts.certificates, ...ctxt.dss.certs],
      revocation,
      requiredEku: OID.ekuTimeStamping,
      requireRevocation: ctxt.options.requireRevocation ?? false,
      crypto,
    });
    fillTrust(s, p);
    if (s.modifications.status === 'DISALLOWED') return finish(s, 'TOTAL_FAILED', 'MODIFIED_AFTER_SIGNING');
    return finish(s, ...trustIndication(p, true));
  }

  let v: SignerVerification;
  let sd: ReturnType<typeof parseSignedData>;
  try {
    sd = parseSignedData(cmsDer);
    // A PDF signature signs data (id-data); another content type is another protocol's message.
    if (sd.eContentType !== OID.data)
      throw new Error(`signed content type ${sd.eContentType} is not id-data`);
    const si = sd.signerInfos[0];
    if (!si || sd.signerInfos.length !== 1) throw new Error('expected exactly one signer');
    v = await verifySignerInfo(sd, si, (h) => crypto.digest(h, ranges), ctxt.dss.certs, crypto);
    const adobe = adobeRevocation(v, si);
    revocation.crls.push(...adobe.crls, ...sd.crls);
    revocation.ocsps.push(...adobe.ocsps);
  } catch (e) {
    s.integrity.detail = `CMS unreadable: ${e instanceof Error ? e.message : String(e)}`;
    return finish(s, 'TOTAL_FAILED', 'FORMAT_FAILURE');
  }
  s.integrity.status = v.integrity;
  s.integrity.digestAlgorithm = v.digestAlgorithm ?? null;
  s.integrity.signatureAlgorithm = v.signatureAlgorithm ?? null;
  s.integrity.signingCertificateBinding = v.signingCertificate;
  s.integrity.detail = v.problems.join('; ') || null;
  if (v.signer) s.signer = signerInWords(v.signer);
  Object.assign(s, roleOf(field.name, s.signer));

  // The signing time: a verified, trusted time-stamp; else the claimed time (CMS, then /M).
  let time: Date | undefined;
  let source: TimeSource = 'NONE';
  if (v.timestamp) {
    const ts = v.timestamp;
    let tsTrust: PathValidation | undefined;
    if (ts.integrity === 'INTACT' && ts.tsa && ts.genTime) {
      tsTrust = await validatePath(ts.tsa, {
        time: ts.genTime,
        timeProven: true,
        trust: ctxt.trust,
        pool: [...ts.certificates, ...ctxt.dss.certs],
        revocation,
        requiredEku: OID.ekuTimeStamping,
        crypto,
      });
      if (tsTrust.status === 'TRUSTED') {
        time = ts.genTime;
        source = 'TIMESTAMP';
      }
    }
    s.timestamp = {
      time: ts.genTime?.toISOString() ?? '',
      tsa: ts.tsa ? (nameValue(ts.tsa.subject, OID.commonName) ?? null) : null,
      status: ts.integrity,
      trust: tsTrust?.status ?? null,
      tsaValidTo: ts.tsa ? ts.tsa.notAfter.toISOString() : null,
    };
  }
  if (!time && v.claimedSigningTime) {
    time = v.claimedSigningTime;
    source = 'CLAIMED_CMS';
  }
  if (!time) {
    const m = parsePdfDate(textOf(field.dict?.entries.get('M')));
    if (m) {
      time = m;
      source = 'CLAIMED_PDF';
    }
  }
  s.signedAt = time?.toISOString() ?? null;
  s.timeSource = source;

  if (v.integrity === 'ALTERED')
    return finish(s, 'TOTAL_FAILED', v.messageDigest === 'MISMATCH' ? 'HASH_FAILURE' : 'SIG_CRYPTO_FAILURE');
  if (!v.signer) return finish(s, 'INDETERMINATE', 'NO_SIGNING_CERTIFICATE_FOUND');
  if (v.integrity === 'MALFORMED') {
    const unsupported = v.signatureValue === 'UNSUPPORTED' || !v.digestAlgorithm;
    return finish(
      s,
      unsupported ? 'INDETERMINATE' : 'TOTAL_FAILED',
      unsupported ? 'CRYPTO_CONSTRAINTS_FAILURE' : 'FORMAT_FAILURE',
    );
  }
  if (s.modifications.status === 'DISALLOWED') return finish(s, 'TOTAL_FAILED', 'MODIFIED_AFTER_SIGNING');
  const p = await validatePath(v.signer, {
    time: time ?? now,
    timeProven: source === 'TIMESTAMP',
    trust: ctxt.trust,
    pool: [...sd.certificates, ...ctxt.dss.certs],
    revocation,
    requireRevocation: ctxt.options.requireRevocation ?? false,
    crypto,
  });
  fillTrust(s, p);
  return finish(s, ...trustIndication(p, source === 'TIMESTAMP'));
}

function fillTrust(s: SignatureReport, p: PathValidation): void {
  const anchor = p.anchor;
  s.trust = {
    status: p.status,
    anchor: anchor ? (nameValue(anchor.subject, OID.commonName) ?? null) : null,
    anchorSource: anchor
      ? bundledTrustStore().anchors.some((b) => bytesEqual(b.der, anchor.der))
        ? 'BUNDLED'
        : 'ADDED'
      : null,
    chain: p.chain.map((c) => nameValue(c.subject, OID.commonName) ?? c.serialHex),
    revocation: p.revocation.status,
    revocationSource: p.revocation.source ?? null,
    detail: [...p.problems, ...p.revocation.problems].join('; ') || null,
  };
}

function documentReason(sigs: SignatureReport[]): { verdict: DocumentReport['verdict']; reason: Bilingual } {
  const failed = sigs.find((s) => s.status === 'TOTAL_FAILED');
  if (failed) return { verdict: 'invalid', reason: failed.message };
  const unsure = sigs.find((s) => s.status === 'INDETERMINATE');
  if (unsure) return { verdict: 'indeterminate', reason: unsure.message };
  // A document time-stamp proves when, not who: a file with no passing signer's signature
  // is never "valid", however good its time-stamps.
  if (!sigs.some((s) => s.kind === 'SIGNATURE' && s.status === 'TOTAL_PASSED')) {
    return {
      verdict: 'indeterminate',
      reason: {
        vi: 'Tệp chỉ có dấu thời gian, không có chữ ký của người ký nào: không xác định được ai đã ký.',
        en: 'The file carries only time-stamps and no signer’s signature: nobody can be said to have signed it.',
      },
    };
  }
  return { verdict: 'valid', reason: validSummary(sigs) };
}

const syntaxProblem = (p: string): Problem => ({
  code: 'PDF_SYNTAX',
  message: { vi: `Lỗi cú pháp PDF: ${p}`, en: `PDF syntax: ${p}` },
});

/** Verifies every signature of a PDF. Never throws: bad input gets a verdict and a reason. */
export async function verifyPdf(bytes: Uint8Array, options: VerifyOptions = {}): Promise<DocumentReport> {
  const report = await verifyDocument(bytes, options);
  acceptDeclaredDelegation(report);
  report.verifiedAt = (options.now ?? new Date()).toISOString();
  const warnings = report.verdict === 'valid' ? verdictWarnings(report) : [];
  report.level = verdictLevel(report, warnings);
  report.warnings = warnings;
  return report;
}

async function verifyDocument(bytes: Uint8Array, options: VerifyOptions): Promise<DocumentReport> {
  const size = bytes.length;
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (size > max) {
    const mb = Math.round(max / 1024 / 1024);
    return docLevel(
      'indeterminate',
      {
        vi: `Tệp quá lớn (trên ${mb} MB) nên không được kiểm tra.`,
        en: `The file is larger than ${mb} MB and was not checked.`,
      },
      size,
      [{ code: 'TOO_LARGE', message: { vi: `Tệp lớn hơn ${mb} MB`, en: `File larger than ${mb} MB` } }],
    );
  }
  if (!startsWithPdf(bytes)) {
    return docLevel('invalid', { vi: 'Đây không phải tệp PDF.', en: 'This is not a PDF file.' }, size, [
      { code: 'NOT_PDF', message: { vi: 'Không có đầu tệp %PDF-', en: 'No %PDF- header' } },
    ]);
  }
  try {
    const trust = isStore(options.trust) ? options.trust : createTrustStore(options.trust ?? {});
    const doc = parseDocument(bytes);
    const problems: Problem[] = doc.problems.slice(0, 20).map(syntaxProblem);
    // Objects of the original revision are parsed when read: what failed then is added at the end.
    const early = doc.problems.length;
    const late = (r: DocumentReport) => {
      for (const p of doc.problems.slice(early, Math.max(early, 20))) r.problems.push(syntaxProblem(p));
      return r;
    };
    if (doc.revisions.length === 0) {
      return {
        ...docLevel(
          'invalid',
          {
            vi: 'Tệp PDF bị cắt cụt hoặc hỏng (không có %%EOF).',
            en: 'The PDF is truncated or broken (no %%EOF).',
          },
          size,
          problems,
        ),
      };
    }
    if (doc.revisions.length > MAX_REVISIONS) {
      return docLevel(
        'indeterminate',
        {
          vi: `Tệp có quá nhiều lần sửa nối tiếp (${doc.revisions.length}) nên không được kiểm tra.`,
          en: `The file has too many incremental updates (${doc.revisions.length}) and was not checked.`,
        },
        size,
        [
          {
            code: 'TOO_MANY_REVISIONS',
            message: { vi: `${doc.revisions.length} lần cập nhật`, en: `${doc.revisions.length} updates` },
          },
        ],
      );
    }
    if (doc.tooManyObjects) {
      return docLevel(
        'indeterminate',
        {
          vi: 'Tệp có quá nhiều đối tượng PDF nên không được kiểm tra hết.',
          en: 'The file has too many PDF objects to be checked in full.',
        },
        size,
        [{ code: 'TOO_MANY_OBJECTS', message: { vi: 'Quá nhiều đối tượng', en: 'Too many objects' } }],
      );
    }
    const res = Resolver.at(doc, doc.revisions.length - 1);
    if (res.trailerValue('Encrypt') !== undefined) {
      return docLevel(
        'indeterminate',
        {
          vi: 'Tệp PDF được mã hoá nên không kiểm tra được.',
          en: 'The PDF is encrypted and cannot be checked.',
        },
        size,
        [{ code: 'ENCRYPTED', message: { vi: 'Tệp có /Encrypt', en: 'File has /Encrypt' } }],
      );
    }
    const fields = findSignatureFields(doc, res).filter(
      (f) => f.dict !== undefined || f.fieldNum !== undefined,
    );
    const signed = fields.filter((f) => f.dict !== undefined || f.broken);
    const report: DocumentReport = {
      verdict: 'indeterminate',
      reason: { vi: '', en: '' },
      signatures: [],
      modifiedAfterSigning: false,
      problems,
      size,
      revisions: doc.revisions.length,
      record: null,
    };
    if (signed.length === 0) {
      report.record = extractRecord(doc, res, false);
      report.reason = { vi: 'Tệp không có chữ ký số nào.', en: 'The file carries no digital signature.' };
      report.problems.push({ code: 'NO_SIGNATURES', message: report.reason });
      if (doc.trailingBytes > 0 || doc.problems.length > 0) report.verdict = 'invalid';
      return late(report);
    }
    // Each signature hashes up to the whole file: thousands of fields naming signatures
    // would hold the verifier for minutes. No real record comes near this.
    if (signed.length > MAX_SIGNATURES) {
      report.reason = {
        vi: `Tệp có quá nhiều chữ ký (${signed.length}) nên không được kiểm tra.`,
        en: `The file has too many signatures (${signed.length}) and was not checked.`,
      };
      report.problems.push({ code: 'TOO_MANY_SIGNATURES', message: report.reason });
      return late(report);
    }
    const dss = dssData(doc, res);
    for (const f of signed) report.signatures.push(await verifyOne(doc, f, { trust, dss, options }));
    const decided = documentReason(report.signatures);
    report.verdict = decided.verdict;
    report.reason = decided.reason;
    report.modifiedAfterSigning = !report.signatures.some((s) => s.coversWholeDocument);
    // The record as the last passing signature saw it; unsigned (final revision) otherwise.
    const passed = report.signatures
      .filter((s) => s.kind === 'SIGNATURE' && s.status === 'TOTAL_PASSED')
      .map((s) => signedRevision.get(s) ?? -1)
      .filter((r) => r >= 0);
    const recordRevision = passed.length > 0 ? Math.max(...passed) : doc.revisions.length - 1;
    report.record = extractRecord(doc, Resolver.at(doc, recordRevision), passed.length > 0);
    for (const f of fields.filter((x) => !x.dict && !x.broken))
      report.problems.push(unsignedFieldProblem(f.name));
    return late(report);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return docLevel(
      'indeterminate',
      {
        vi: 'Không đọc được tệp PDF (có thể bị hỏng).',
        en: 'The PDF could not be read (it may be damaged).',
      },
      size,
      [{ code: 'UNREADABLE', message: { vi: `Lỗi đọc tệp: ${reason}`, en: `Read error: ${reason}` } }],
    );
  }
}
