/**
 * CMS SignedData (RFC 5652) read strictly: the encapsulated content, the certificates (one
 * parse per distinct certificate across files), the CRLs and each SignerInfo with its
 * attributes. What the parts mean is checked in ./verify.ts.
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
  TAG,
  toHex,
  whole,
} from '../../asn1/index.js';
import { OID } from '../../asn1/oids.js';
import {
  type AlgorithmIdentifier,
  type Certificate,
  parseCertificate,
  readAlgorithm,
} from '../../x509/index.js';
import { bytesKey, Lru } from '../cache.js';

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
