/**
 * X.509 certificates read with the offset-keeping DER reader: the one certificate reader of
 * the engine, for the verifier (paths, names, revocation) and for signing (the signer's
 * identity, the stamp, the DSS). Strict: what does not parse here is not a certificate to
 * sign with either, since the verifier would not read the signature it made.
 */
import {
  bitStringBytes,
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
  whole,
} from '../asn1/index.js';
import { type CertificateExtensions, readExtensions } from './extensions.js';
import { type NameAttribute, readName } from './name.js';

export interface AlgorithmIdentifier {
  oid: string;
  /** DER of the parameters, absent when there are none. */
  params?: DerNode;
}

export interface Certificate extends CertificateExtensions {
  der: Uint8Array;
  tbs: Uint8Array;
  /** The serial INTEGER's content bytes as written (issuerAndSerialNumber, OCSP CertID). */
  serial: Uint8Array;
  /** The serial in hex without leading zero bytes. */
  serialHex: string;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
  issuer: NameAttribute[];
  /** DER of the issuer and subject names, compared byte for byte when chaining. */
  issuerDer: Uint8Array;
  subject: NameAttribute[];
  subjectDer: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo DER. */
  spki: Uint8Array;
  /** The subjectPublicKey BIT STRING content (for OCSP issuerKeyHash). */
  publicKeyBits: Uint8Array;
  publicKeyAlgorithm: AlgorithmIdentifier;
  /** The subject's RDNs, each as DER (compared byte for byte with directoryName constraints). */
  subjectRdns: Uint8Array[];
}

export function readAlgorithm(node: DerNode): AlgorithmIdentifier {
  const parts = children(expectTag(node, TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const oid = readOid(parts[0] as DerNode);
  const params = parts[1];
  return params && params.tag !== TAG.NULL ? { oid, params } : { oid };
}

export function parseCertificate(der: Uint8Array): Certificate {
  const root = readNode(der);
  if (root.end !== der.length) throw new DerError('trailing bytes after certificate');
  const [tbsNode, sigAlgNode, sigNode] = children(expectTag(root, TAG.SEQUENCE, 'Certificate'));
  if (!tbsNode || !sigAlgNode || !sigNode) throw new DerError('incomplete certificate');
  const tbsParts = children(expectTag(tbsNode, TAG.SEQUENCE, 'TBSCertificate'));
  let i = 0;
  if (tbsParts[0]?.tag === ctx(0)) i++;
  const at = (what: string): DerNode => {
    const n = tbsParts[i++];
    if (!n) throw new DerError(`certificate lacks ${what}`);
    return n;
  };
  const serialNode = at('serial');
  const serialHex = readIntegerHex(serialNode);
  at('signature');
  const issuerNode = at('issuer');
  const validity = children(at('validity'));
  const subjectNode = at('subject');
  const spkiNode = expectTag(at('subjectPublicKeyInfo'), TAG.SEQUENCE, 'SPKI');
  const [pkAlgNode, pkBits] = children(spkiNode);
  if (!pkAlgNode || !pkBits || !validity[0] || !validity[1]) throw new DerError('bad certificate');
  return {
    der,
    tbs: whole(tbsNode),
    serial: content(serialNode),
    serialHex,
    signatureAlgorithm: readAlgorithm(sigAlgNode),
    signature: bitStringBytes(sigNode),
    issuer: readName(issuerNode),
    issuerDer: whole(issuerNode),
    subject: readName(subjectNode),
    subjectDer: whole(subjectNode),
    notBefore: readTime(validity[0]),
    notAfter: readTime(validity[1]),
    spki: whole(spkiNode),
    publicKeyBits: bitStringBytes(pkBits),
    publicKeyAlgorithm: readAlgorithm(pkAlgNode),
    subjectRdns: children(subjectNode).map((n) => whole(n)),
    ...readExtensions(tbsParts.slice(i)),
  };
}
