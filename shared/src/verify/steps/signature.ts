/**
 * Step 2, one signature: the bytes it covers (byte range), what changed after (step 4), the
 * CMS and its integrity, the signing time, then the signer's path (step 3). Every failure is a
 * status with a sub-indication; nothing throws past here.
 */
import { bytesEqual, readNode } from '../../asn1/index.js';
import { OID } from '../../asn1/oids.js';
import {
  parseSignedData,
  type SignedData,
  type SignerInfo,
  type SignerVerification,
  verifySignerInfo,
} from '../cms/index.js';
import { type VerifyCrypto, webCrypto } from '../crypto.js';
import { isName, type ParsedDocument } from '../document/objects.js';
import { checkByteRange, type SignatureField, signedBytes } from '../document/signatures.js';
import { validatePath } from '../path/index.js';
import type { SignatureReport } from '../report/index.js';
import type { RevocationData } from '../revocation/index.js';
import { roleOf, signerInWords } from '../signer.js';
import { adobeRevocation, fillTrust, trustIndication } from './chain.js';
import { checkDocumentTimestamp } from './document-timestamp.js';
import { modificationsAfter } from './modifications.js';
import { emptySignature, finish, type SignatureContext, type SignatureInHand } from './signature-report.js';
import { signingTime } from './signing-time.js';

/** The revision each signature covers (kept out of the JSON report). */
const signedRevision = new WeakMap<SignatureReport, number>();

export function coveredRevision(s: SignatureReport): number | undefined {
  return signedRevision.get(s);
}

export async function checkSignature(
  doc: ParsedDocument,
  field: SignatureField,
  ctxt: SignatureContext,
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
  s.modifications = modificationsAfter(doc, field, revision);
  s.coversWholeDocument = revision === doc.revisions.length - 1 && doc.trailingBytes === 0;
  const [s1, l1, s2, l2] = br.ranges;
  const ranges = [doc.bytes.subarray(s1, s1 + l1), doc.bytes.subarray(s2, s2 + l2)];
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
  const crypto = ctxt.options.crypto ?? webCrypto;
  const now = ctxt.options.now ?? new Date();
  const inHand = { s, cmsDer, ranges, revocation, crypto, now };
  if (kind === 'DOCUMENT_TIMESTAMP') return checkDocumentTimestamp(inHand, ctxt);
  return checkSignerSignature(inHand, field, ctxt, () => signedBytes(doc, br.ranges));
}

/** SHA-1 as the CMS digest or inside the signature algorithm (sha1WithRSA, PSS or ECDSA over SHA-1). */
export function weakHash(v: {
  digestAlgorithm?: string | null;
  signatureAlgorithm?: string | null;
}): boolean {
  return v.digestAlgorithm === 'SHA-1' || /\bSHA-1\b/.test(v.signatureAlgorithm ?? '');
}

/**
 * adbe.pkcs7.sha1 (ISO 32000-1 §12.8.3.3.1, deprecated by ISO 32000-2): the CMS signs its
 * encapsulated content, which must be the SHA-1 digest of the byte ranges. Checked as such, so
 * an untouched old file is not called altered; SHA-1 then makes it INDETERMINATE.
 */
async function verifySha1Form(
  sd: SignedData,
  si: SignerInfo,
  ranges: Uint8Array[],
  ctxt: SignatureContext,
  crypto: VerifyCrypto,
): Promise<SignerVerification> {
  const e = sd.eContent;
  if (!e) throw new Error('adbe.pkcs7.sha1 without encapsulated content');
  const v = await verifySignerInfo(
    sd,
    si,
    (h) => crypto.digest(h, [e]),
    ctxt.dss.certs,
    crypto,
    () => e,
  );
  if (!bytesEqual(e, await crypto.digest('SHA-1', ranges))) {
    v.problems.push('the encapsulated SHA-1 digest is not the digest of the signed byte ranges');
    v.messageDigest = 'MISMATCH';
    if (v.integrity !== 'MALFORMED') v.integrity = 'ALTERED';
  }
  return v;
}

/** A signer's signature: the CMS, its integrity, the signing time, then the signer's path. */
async function checkSignerSignature(
  { s, cmsDer, ranges, revocation, crypto, now }: SignatureInHand,
  field: SignatureField,
  ctxt: SignatureContext,
  /** The bytes the signature covers, joined (read only for a CMS without signed attributes). */
  signedContent: () => Uint8Array,
): Promise<SignatureReport> {
  let v: SignerVerification;
  let sd: ReturnType<typeof parseSignedData>;
  /** adbe.pkcs7.sha1: the content is bound by a SHA-1 digest whatever the CMS's own digest. */
  let weakForm = false;
  try {
    sd = parseSignedData(cmsDer);
    // A PDF signature signs data (id-data); another content type is another protocol's message.
    if (sd.eContentType !== OID.data)
      throw new Error(`signed content type ${sd.eContentType} is not id-data`);
    const si = sd.signerInfos[0];
    if (!si || sd.signerInfos.length !== 1) throw new Error('expected exactly one signer');
    // adbe.pkcs7.detached may sign the content without signed attributes; PAdES (ETSI.CAdES.detached) may not.
    const subFilter = field.dict?.entries.get('SubFilter');
    if (isName(subFilter, 'adbe.pkcs7.sha1')) {
      v = await verifySha1Form(sd, si, ranges, ctxt, crypto);
      weakForm = true;
    } else {
      const content = isName(subFilter, 'ETSI.CAdES.detached') ? undefined : signedContent;
      v = await verifySignerInfo(sd, si, (h) => crypto.digest(h, ranges), ctxt.dss.certs, crypto, content);
    }
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
  if (v.signerMisnamed) s.integrity.signerMisnamed = true;
  if (v.signer) s.signer = signerInWords(v.signer);
  Object.assign(s, roleOf(field.name, s.signer));

  const { time, source, timestamp } = await signingTime(v, field, revocation, ctxt.trust, ctxt.dss, crypto);
  if (timestamp) s.timestamp = timestamp;
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
  const [indication, sub] = trustIndication(p, source === 'TIMESTAMP');
  // SHA-1 collisions can be made with chosen prefixes (2020): a signer's SHA-1 digest no longer
  // proves what was signed. EN 319 102-1 §5.2.8: INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE_NO_POE
  // (no proof of existence before SHA-1's sunset is read here), as pyHanko's policy says too.
  // The chain is still checked and shown: who signed is told, what was signed is not proven.
  // Certificates signed with SHA-1 are not refused: forging one needs the CA to sign chosen
  // content with SHA-1 now, not after the fact, and the Government G1 chain (SHA-1, to 2030)
  // is bundled for older signatures (trust/bundled.ts).
  if ((weakHash(v) || weakForm) && indication !== 'TOTAL_FAILED') {
    if (weakForm) s.integrity.digestAlgorithm = 'SHA-1'; // what binds the content, whatever the CMS's own
    s.integrity.detail = [s.integrity.detail, 'SHA-1 is no longer accepted for signatures']
      .filter(Boolean)
      .join('; ');
    return finish(s, 'INDETERMINATE', 'CRYPTO_CONSTRAINTS_FAILURE');
  }
  return finish(s, indication, sub);
}
