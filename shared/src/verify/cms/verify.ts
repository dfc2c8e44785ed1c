/**
 * CMS SignedData (RFC 5652) as PAdES uses it: detached content, one SignerInfo, signed
 * attributes with messageDigest, ESS signing-certificate(-v2), optional RFC 3161
 * signature time-stamp. Parsing is strict about structure (./signed-data.ts); verification
 * returns statuses. A SignerInfo and a time-stamp token verify each other's way (a token is
 * a SignedData whose SignerInfo is checked here too), so both are in this file.
 */
import {
  bytesEqual,
  children,
  content,
  type DerNode,
  expectTag,
  readNode,
  readOid,
  readTime,
  TAG,
  whole,
} from '../../asn1/index.js';
import { HASH_BY_OID, type HashName, OID } from '../../asn1/oids.js';
import { type Certificate, readAlgorithm } from '../../x509/index.js';
import { type SignatureCheck, type VerifyCrypto, verifySignature, webCrypto } from '../crypto.js';
import { signerMisnamed } from './misnamed.js';
import {
  checkSigningCertificate,
  repeatedAttribute,
  type SigningCertificateBinding,
} from './signed-attributes.js';
import {
  attribute,
  findSignerCertificate,
  parseSignedData,
  type SignedData,
  type SignerInfo,
} from './signed-data.js';

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
