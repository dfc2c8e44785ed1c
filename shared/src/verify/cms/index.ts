/**
 * CMS SignedData (RFC 5652) as PAdES uses it: detached content, one SignerInfo, signed
 * attributes with messageDigest, ESS signing-certificate(-v2), optional RFC 3161
 * signature time-stamp. Parsing is strict about structure; verification returns statuses.
 */

import {
  bytesEqual,
  children,
  content,
  ctx,
  DerError,
  type DerNode,
  expectTag,
  readIntegerHex,
  readNode,
  readOid,
  readTime,
  TAG,
  toHex,
  whole,
} from '../../asn1/index.js';
import { HASH_BY_OID, type HashName, OID } from '../../asn1/oids.js';
import {
  type AlgorithmIdentifier,
  type Certificate,
  parseCertificate,
  readAlgorithm,
} from '../../x509/index.js';
import { bytesKey, Lru } from '../cache.js';
import { type SignatureCheck, type VerifyCrypto, verifySignature, webCrypto } from '../crypto.js';
import { signerMisnamed } from './misnamed.js';

export interface Attribute {
  oid: string;
  values: DerNode[];
}

export interface SignerInfo {
  /** issuerAndSerialNumber (issuer DER + serial hex) or subjectKeyIdentifier (hex). */
  sid: { issuerDer: Uint8Array; serialHex: string } | { subjectKeyId: string };
  digestAlgorithm: AlgorithmIdentifier;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
  /** DER of the signed attributes re-tagged as SET OF (what was signed). */
  signedAttrsDer?: Uint8Array;
  signedAttrs: Attribute[];
  unsignedAttrs: Attribute[];
}

export interface SignedData {
  eContentType: string;
  eContent?: Uint8Array;
  certificates: Certificate[];
  /** DER CRLs carried in the SignedData `crls` field. */
  crls: Uint8Array[];
  signerInfos: SignerInfo[];
}

function readAttributes(node: DerNode): Attribute[] {
  return children(node).map((a) => {
    const [oidNode, set] = children(expectTag(a, TAG.SEQUENCE, 'Attribute'));
    return { oid: readOid(oidNode as DerNode), values: children(expectTag(set, TAG.SET, 'AttributeValues')) };
  });
}

/**
 * Certificates read from signatures, by their exact bytes: a batch carries the same few
 * (the school's signers, its CA, the time-stamp unit) in every file. A parsed certificate is
 * never changed once made (frozen, so nothing can), so one object may serve every file that
 * carries those bytes; one that does not parse is not remembered and throws each time.
 */
const parsedCertificates = new Lru<Certificate>(256);

function certificateAt(node: DerNode): Certificate {
  const der = whole(node);
  const key = bytesKey(der);
  let cert = parsedCertificates.get(key);
  if (!cert) {
    cert = Object.freeze(parseCertificate(der.slice()));
    parsedCertificates.set(key, cert);
  }
  return cert;
}

export function parseSignedData(der: Uint8Array): SignedData {
  const ci = readNode(der);
  const [typeNode, explicit] = children(expectTag(ci, TAG.SEQUENCE, 'ContentInfo'));
  if (readOid(typeNode as DerNode) !== OID.signedData) throw new DerError('not CMS SignedData');
  const [sd] = children(expectTag(explicit, ctx(0), 'content'));
  const parts = children(expectTag(sd, TAG.SEQUENCE, 'SignedData'));
  const encap = children(expectTag(parts[2], TAG.SEQUENCE, 'EncapsulatedContentInfo'));
  const eContentType = readOid(encap[0] as DerNode);
  let eContent: Uint8Array | undefined;
  if (encap[1]) {
    const [octets] = children(expectTag(encap[1], ctx(0), 'eContent'));
    if (!octets) throw new DerError('empty eContent');
    // BER constructed OCTET STRING: concatenate the pieces.
    eContent =
      octets.tag === (TAG.OCTET_STRING | 0x20)
        ? Uint8Array.from(children(octets).flatMap((p) => Array.from(content(p))))
        : content(expectTag(octets, TAG.OCTET_STRING, 'eContent'));
  }
  const certificates: Certificate[] = [];
  const crls: Uint8Array[] = [];
  let signerInfosNode: DerNode | undefined;
  for (const p of parts.slice(3)) {
    if (p.tag === ctx(0)) {
      for (const c of children(p)) if (c.tag === TAG.SEQUENCE) certificates.push(certificateAt(c));
    } else if (p.tag === ctx(1)) {
      for (const c of children(p)) if (c.tag === TAG.SEQUENCE) crls.push(whole(c).slice());
    } else if (p.tag === TAG.SET) signerInfosNode = p;
  }
  if (!signerInfosNode) throw new DerError('no signerInfos');
  const signerInfos = children(signerInfosNode).map((si): SignerInfo => {
    const f = children(expectTag(si, TAG.SEQUENCE, 'SignerInfo'));
    let i = 1;
    const sidNode = f[i++];
    let sid: SignerInfo['sid'];
    if (!sidNode) throw new DerError('SignerInfo without a signer identifier');
    if (sidNode.tag === TAG.SEQUENCE) {
      const [issuer, serial] = children(sidNode);
      sid = { issuerDer: whole(issuer as DerNode), serialHex: readIntegerHex(serial as DerNode) };
    } else if (sidNode.tag === ctx(0, false)) sid = { subjectKeyId: toHex(content(sidNode)) };
    else throw new DerError('bad SignerIdentifier');
    const digestAlgorithm = readAlgorithm(f[i++] as DerNode);
    let signedAttrsDer: Uint8Array | undefined;
    let signedAttrs: Attribute[] = [];
    if (f[i]?.tag === ctx(0)) {
      const n = f[i++] as DerNode;
      signedAttrsDer = whole(n).slice();
      signedAttrsDer[0] = TAG.SET; // RFC 5652 §5.4: the signature covers the EXPLICIT SET OF tag.
      signedAttrs = readAttributes(n);
    }
    const signatureAlgorithm = readAlgorithm(f[i++] as DerNode);
    const signature = content(expectTag(f[i++], TAG.OCTET_STRING, 'signature'));
    const unsignedAttrs = f[i]?.tag === ctx(1) ? readAttributes(f[i] as DerNode) : [];
    const info: SignerInfo = {
      sid,
      digestAlgorithm,
      signatureAlgorithm,
      signature,
      signedAttrs,
      unsignedAttrs,
    };
    if (signedAttrsDer) info.signedAttrsDer = signedAttrsDer;
    return info;
  });
  const out: SignedData = { eContentType, certificates, crls, signerInfos };
  if (eContent) out.eContent = eContent;
  return out;
}

export function findSignerCertificate(
  sd: SignedData,
  si: SignerInfo,
  extra: readonly Certificate[] = [],
): Certificate | undefined {
  const pool = [...sd.certificates, ...extra];
  const sid = si.sid;
  if ('subjectKeyId' in sid) return pool.find((c) => c.subjectKeyId === sid.subjectKeyId);
  return pool.find((c) => c.serialHex === sid.serialHex && bytesEqual(c.issuerDer, sid.issuerDer));
}

export function attribute(attrs: readonly Attribute[], oid: string): Attribute | undefined {
  return attrs.find((a) => a.oid === oid);
}

export type SigningCertificateBinding = 'MATCH' | 'MISMATCH' | 'ABSENT';

export interface SignerVerification {
  /** INTACT: digest and signature verify; ALTERED: a mismatch; MALFORMED: cannot be checked as built. */
  integrity: 'INTACT' | 'ALTERED' | 'MALFORMED';
  problems: string[];
  digestAlgorithm?: HashName;
  messageDigest: 'MATCH' | 'MISMATCH' | 'ABSENT';
  signatureValue: SignatureCheck['status'] | 'NOT_CHECKED';
  signatureAlgorithm?: string;
  signingCertificate: SigningCertificateBinding;
  signer?: Certificate;
  /**
   * No certificate matches the SignerInfo's issuer and serial byte for byte, but one here has
   * that serial and the same issuer once decoded (misnamed.ts): the signing software named its
   * certificate wrongly (node-forge writes a UTF8String issuer's UTF-8 encoded twice). Still
   * no signer: `sid` is the only link to it (RFC 5652 §5.3); this only lets the message say
   * what went wrong. A certificate with the serial under another issuer does not set it.
   */
  signerMisnamed?: true;
  /** Claimed signing time (CMS signing-time attribute), if any. */
  claimedSigningTime?: Date;
  timestamp?: TimestampVerification;
}

export interface TimestampVerification {
  /** INTACT only when the token verifies AND its imprint matches the signature value. */
  integrity: 'INTACT' | 'ALTERED' | 'MALFORMED';
  genTime?: Date;
  tsa?: Certificate;
  certificates: Certificate[];
  problems: string[];
}

/**
 * Verifies one SignerInfo against the detached content's digest computer `contentDigest`
 * (hash name → digest of the signed content: the PDF byte ranges, or eContent), with
 * `crypto`'s primitives (default WebCrypto).
 */
export async function verifySignerInfo(
  sd: SignedData,
  si: SignerInfo,
  contentDigest: (hash: HashName) => Uint8Array | Promise<Uint8Array>,
  extraCertificates: readonly Certificate[] = [],
  crypto: VerifyCrypto = webCrypto,
  /**
   * The signed content itself, for a SignerInfo without signed attributes (RFC 5652 §5.4: the
   * signature is then over the content). Given only where the format allows it
   * (adbe.pkcs7.detached); CAdES and PAdES require signed attributes, so they omit it.
   */
  signedContent?: () => Uint8Array | Promise<Uint8Array>,
): Promise<SignerVerification> {
  const problems: string[] = [];
  const out: SignerVerification = {
    integrity: 'MALFORMED',
    problems,
    messageDigest: 'ABSENT',
    signatureValue: 'NOT_CHECKED',
    signingCertificate: 'ABSENT',
  };
  const hash = HASH_BY_OID[si.digestAlgorithm.oid];
  if (!hash) {
    problems.push(`unsupported digest algorithm ${si.digestAlgorithm.oid}`);
    return out;
  }
  out.digestAlgorithm = hash;
  const signer = findSignerCertificate(sd, si, extraCertificates);
  if (!signer) {
    const sid = si.sid;
    if ('serialHex' in sid && signerMisnamed(sid, [...sd.certificates, ...extraCertificates])) {
      problems.push(
        'the SignerInfo names the signer certificate with another issuer than the certificate with its serial',
      );
      out.signerMisnamed = true;
    } else problems.push('signer certificate not found in the signature');
    return out;
  }
  out.signer = signer;
  const repeated = repeatedAttribute(si.signedAttrs);
  if (repeated) {
    problems.push(`signed attribute ${repeated} given more than once, or with more than one value`);
    return out;
  }
  const actual = await contentDigest(hash);
  let signedBytes: Uint8Array;
  if (si.signedAttrsDer) {
    const md = attribute(si.signedAttrs, OID.messageDigest);
    const ct = attribute(si.signedAttrs, OID.contentType);
    const mdValue = md?.values.length === 1 ? md.values[0] : undefined;
    if (!mdValue || mdValue.tag !== TAG.OCTET_STRING) {
      problems.push('messageDigest attribute missing or malformed');
      return out;
    }
    if (!ct || readOid(ct.values[0] as DerNode) !== sd.eContentType) {
      // RFC 5652 §11.1: required with signed attributes, and equal to eContentType.
      problems.push('contentType attribute missing or not the signed content type');
      return out;
    }
    out.messageDigest = bytesEqual(content(mdValue), actual) ? 'MATCH' : 'MISMATCH';
    const st = attribute(si.signedAttrs, OID.signingTime);
    if (st?.values[0]) out.claimedSigningTime = readTime(st.values[0]);
    out.signingCertificate = await checkSigningCertificate(si, signer, crypto);
    signedBytes = si.signedAttrsDer;
  } else if (signedContent) {
    signedBytes = await signedContent();
  } else {
    // No signed attributes where the format requires them (PAdES, CAdES): refused.
    problems.push('no signed attributes');
    signedBytes = new Uint8Array(0);
  }
  const check =
    si.signedAttrsDer || signedContent
      ? await verifySignature(
          signer.spki,
          si.signatureAlgorithm,
          signedBytes,
          si.signature,
          si.digestAlgorithm.oid,
          crypto,
        )
      : undefined;
  if (check) {
    out.signatureValue = check.status;
    out.signatureAlgorithm = check.algorithm;
    if (check.status === 'UNSUPPORTED') problems.push(`signature algorithm not supported: ${check.reason}`);
    // Without signed attributes the signature value itself binds the content's digest.
    if (!si.signedAttrsDer && check.status === 'VALID') out.messageDigest = 'MATCH';
  }
  if (
    out.messageDigest === 'MISMATCH' ||
    out.signatureValue === 'INVALID' ||
    out.signingCertificate === 'MISMATCH'
  ) {
    out.integrity = 'ALTERED';
  } else if (out.messageDigest === 'MATCH' && out.signatureValue === 'VALID') out.integrity = 'INTACT';
  const tst = attribute(si.unsignedAttrs, OID.timeStampToken);
  if (tst?.values[0])
    out.timestamp = await verifyTimestampToken(whole(tst.values[0]).slice(), [si.signature], crypto);
  return out;
}

/**
 * Signed attributes that must appear once with one value (RFC 5652 §11.1-11.3; RFC 5035 §5.4 for
 * ESS signing-certificate): two messageDigest or two signing times signed together mean
 * different things to different verifiers (we read the first; pyHanko refuses the CMS as
 * FORMAT_FAILURE, "attribute was duplicated"). Red team, session 11.
 */
const SINGLE_ATTRIBUTES: ReadonlyMap<string, string> = new Map([
  [OID.contentType, 'contentType'],
  [OID.messageDigest, 'messageDigest'],
  [OID.signingTime, 'signingTime'],
  [OID.signingCertificate, 'signingCertificate'],
  [OID.signingCertificateV2, 'signingCertificateV2'],
]);

/** The name of a single-instance attribute given twice or with several values, if any. */
function repeatedAttribute(attrs: readonly Attribute[]): string | undefined {
  const seen = new Set<string>();
  for (const a of attrs) {
    const name = SINGLE_ATTRIBUTES.get(a.oid);
    if (!name) continue;
    if (seen.has(a.oid) || a.values.length !== 1) return name;
    seen.add(a.oid);
  }
  return undefined;
}

/** ESS signingCertificate(V2): the first ESSCertID must name the certificate that verifies. */
async function checkSigningCertificate(
  si: SignerInfo,
  signer: Certificate,
  crypto: VerifyCrypto,
): Promise<SigningCertificateBinding> {
  const v2 = attribute(si.signedAttrs, OID.signingCertificateV2);
  const v1 = attribute(si.signedAttrs, OID.signingCertificate);
  const attr = v2 ?? v1;
  if (!attr?.values[0]) return 'ABSENT';
  try {
    const [certs] = children(attr.values[0]);
    const [first] = children(certs as DerNode);
    const fields = children(first as DerNode);
    let hash: HashName = v2 ? 'SHA-256' : 'SHA-1';
    let k = 0;
    if (v2 && fields[0]?.tag === TAG.SEQUENCE) {
      const h = HASH_BY_OID[readOid(children(fields[0])[0] as DerNode)];
      if (!h) return 'MISMATCH';
      hash = h;
      k = 1;
    }
    const certHash = content(expectTag(fields[k], TAG.OCTET_STRING, 'certHash'));
    if (!bytesEqual(certHash, await crypto.digest(hash, [signer.der]))) return 'MISMATCH';
    const issuerSerial = fields[k + 1];
    if (issuerSerial) {
      const [, serial] = children(issuerSerial);
      if (serial && readIntegerHex(serial) !== signer.serialHex) return 'MISMATCH';
    }
    return 'MATCH';
  } catch {
    return 'MISMATCH';
  }
}

/**
 * RFC 3161 token: a SignedData over TSTInfo whose messageImprint must hash `imprinted` taken
 * as one message (a signature value; a document time-stamp's byte ranges, left unjoined).
 */
export async function verifyTimestampToken(
  tokenDer: Uint8Array,
  imprinted: readonly Uint8Array[],
  crypto: VerifyCrypto = webCrypto,
): Promise<TimestampVerification> {
  const out: TimestampVerification = { integrity: 'MALFORMED', certificates: [], problems: [] };
  try {
    const sd = parseSignedData(tokenDer);
    out.certificates = sd.certificates;
    if (sd.eContentType !== OID.tstInfo || !sd.eContent) {
      out.problems.push('time-stamp token without TSTInfo');
      return out;
    }
    const tst = children(readNode(sd.eContent));
    const imprint = children(expectTag(tst[2], TAG.SEQUENCE, 'messageImprint'));
    const h = HASH_BY_OID[readAlgorithm(imprint[0] as DerNode).oid];
    const genTimeNode = tst.find((n) => n.tag === TAG.GENERALIZED_TIME);
    if (!h || !genTimeNode) {
      out.problems.push('time-stamp imprint or time missing');
      return out;
    }
    out.genTime = readTime(genTimeNode);
    const eContent = sd.eContent;
    const si = sd.signerInfos[0];
    // RFC 3161 §2.4.2: no signature but the TSA's (pyHanko refuses a second one too).
    if (!si || sd.signerInfos.length !== 1) {
      out.problems.push('time-stamp token without exactly one signer');
      return out;
    }
    const v = await verifySignerInfo(sd, si, (hash) => crypto.digest(hash, [eContent]), [], crypto);
    if (v.signer) out.tsa = v.signer;
    out.problems.push(...v.problems);
    const imprintOk = bytesEqual(content(imprint[1] as DerNode), await crypto.digest(h, imprinted));
    if (!imprintOk) out.problems.push('time-stamp does not cover this signature');
    out.integrity =
      v.integrity === 'INTACT' && imprintOk
        ? 'INTACT'
        : v.integrity === 'MALFORMED'
          ? 'MALFORMED'
          : 'ALTERED';
  } catch (e) {
    out.problems.push(`time-stamp token unreadable: ${e instanceof Error ? e.message : String(e)}`);
  }
  return out;
}
