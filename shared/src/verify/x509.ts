/** X.509 certificates and names, read with the offset-keeping DER reader. */
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
  readString,
  readTime,
  TAG,
  toHex,
  whole,
} from '../asn1/index.js';
import { NAME_ATTRIBUTE_LABELS, OID } from '../asn1/oids.js';

export interface NameAttribute {
  oid: string;
  /** Short label (CN, O, UID...) or the OID when unknown. */
  type: string;
  value: string;
}

export interface AlgorithmIdentifier {
  oid: string;
  /** DER of the parameters, absent when there are none. */
  params?: DerNode;
}

export interface KeyUsage {
  digitalSignature: boolean;
  nonRepudiation: boolean;
  keyEncipherment: boolean;
  keyCertSign: boolean;
  cRLSign: boolean;
}

export interface Certificate {
  der: Uint8Array;
  tbs: Uint8Array;
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
  keyUsage?: KeyUsage;
  extKeyUsage?: string[];
  basicConstraints?: { ca: boolean; pathLength?: number };
  subjectKeyId?: string;
  authorityKeyId?: string;
  /** Subject alternative names we check against name constraints. */
  altNames: { email: string[]; dns: string[]; other: number };
  /** The subject's RDNs, each as DER (compared byte for byte with directoryName constraints). */
  subjectRdns: Uint8Array[];
  nameConstraints?: NameConstraints;
  /** policyConstraints requireExplicitPolicy (skip count), when present. */
  requireExplicitPolicy?: number;
  /** The certificatePolicies extension is present. */
  hasPolicies: boolean;
  /** OIDs of critical extensions the verifier does not understand. */
  unknownCritical: string[];
}

/** RFC 5280 §4.2.1.10, for the name forms Vietnamese CAs use. */
export interface NameConstraints {
  permitted: GeneralSubtree[];
  excluded: GeneralSubtree[];
}

export type GeneralSubtree =
  | { type: 'dn'; rdns: Uint8Array[] }
  | { type: 'email'; value: string }
  | { type: 'dns'; value: string }
  | { type: 'other'; tag: number };

export function readAlgorithm(node: DerNode): AlgorithmIdentifier {
  const parts = children(expectTag(node, TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const oid = readOid(parts[0] as DerNode);
  const params = parts[1];
  return params && params.tag !== TAG.NULL ? { oid, params } : { oid };
}

export function readName(node: DerNode): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const rdn of children(expectTag(node, TAG.SEQUENCE, 'Name'))) {
    for (const atv of children(rdn)) {
      const [oidNode, valueNode] = children(atv);
      if (!oidNode || !valueNode) throw new DerError('bad name attribute');
      const oid = readOid(oidNode);
      out.push({ oid, type: NAME_ATTRIBUTE_LABELS[oid] ?? oid, value: readString(valueNode) });
    }
  }
  return out;
}

export function nameToString(name: readonly NameAttribute[]): string {
  return name.map((a) => `${a.type}=${a.value}`).join(', ');
}

export function nameValue(name: readonly NameAttribute[], oid: string): string | undefined {
  // The last occurrence is the most specific in RDN order.
  for (let i = name.length - 1; i >= 0; i--) if (name[i]?.oid === oid) return name[i]?.value;
  return undefined;
}

function readKeyUsage(value: Uint8Array): KeyUsage {
  const node = readNode(value);
  const bits = bitStringBytes(node);
  const b0 = bits[0] ?? 0;
  const b1 = bits[1] ?? 0;
  void b1;
  return {
    digitalSignature: !!(b0 & 0x80),
    nonRepudiation: !!(b0 & 0x40),
    keyEncipherment: !!(b0 & 0x20),
    keyCertSign: !!(b0 & 0x04),
    cRLSign: !!(b0 & 0x02),
  };
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
  const serialHex = readIntegerHex(at('serial'));
  at('signature');
  const issuerNode = at('issuer');
  const validity = children(at('validity'));
  const subjectNode = at('subject');
  const spkiNode = expectTag(at('subjectPublicKeyInfo'), TAG.SEQUENCE, 'SPKI');
  const [pkAlgNode, pkBits] = children(spkiNode);
  if (!pkAlgNode || !pkBits || !validity[0] || !validity[1]) throw new DerError('bad certificate');
  const cert: Certificate = {
    der,
    tbs: whole(tbsNode),
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
    altNames: { email: [], dns: [], other: 0 },
    subjectRdns: children(subjectNode).map((n) => whole(n)),
    hasPolicies: false,
    unknownCritical: [],
  };
  for (; i < tbsParts.length; i++) {
    const n = tbsParts[i] as DerNode;
    if (n.tag !== ctx(3)) continue;
    const [extSeq] = children(n);
    for (const ext of children(expectTag(extSeq, TAG.SEQUENCE, 'Extensions'))) {
      const parts = children(ext);
      const oid = readOid(parts[0] as DerNode);
      const critical = parts[1]?.tag === TAG.BOOLEAN && content(parts[1])[0] !== 0;
      const valueNode = expectTag(parts[parts.length - 1], TAG.OCTET_STRING, 'extnValue');
      const value = content(valueNode);
      switch (oid) {
        case OID.keyUsage:
          cert.keyUsage = readKeyUsage(value);
          break;
        case OID.basicConstraints: {
          const bc = children(readNode(value));
          const ca = bc[0]?.tag === TAG.BOOLEAN && content(bc[0])[0] !== 0;
          const pl = bc.find((x) => x.tag === TAG.INTEGER);
          cert.basicConstraints = pl ? { ca, pathLength: Number.parseInt(readIntegerHex(pl), 16) } : { ca };
          break;
        }
        case OID.extKeyUsage:
          cert.extKeyUsage = children(readNode(value)).map(readOid);
          break;
        case OID.subjectKeyIdentifier:
          cert.subjectKeyId = toHex(content(readNode(value)));
          break;
        case OID.authorityKeyIdentifier: {
          const keyId = children(readNode(value)).find((x) => x.tag === ctx(0, false));
          if (keyId) cert.authorityKeyId = toHex(content(keyId));
          break;
        }
        case OID.subjectAltName:
          for (const g of children(readNode(value))) {
            if (g.tag === ctx(1, false)) cert.altNames.email.push(latin(content(g)));
            else if (g.tag === ctx(2, false)) cert.altNames.dns.push(latin(content(g)));
            else cert.altNames.other++;
          }
          break;
        case OID.nameConstraints: {
          const nc: NameConstraints = { permitted: [], excluded: [] };
          for (const part of children(readNode(value))) {
            const into = part.tag === ctx(0) ? nc.permitted : part.tag === ctx(1) ? nc.excluded : undefined;
            if (!into) continue;
            for (const sub of children(part)) into.push(readSubtree(children(sub)[0] as DerNode));
          }
          cert.nameConstraints = nc;
          break;
        }
        case OID.certificatePolicies:
          cert.hasPolicies = true;
          break;
        case OID.policyConstraints: {
          const req = children(readNode(value)).find((x) => x.tag === ctx(0, false));
          if (req) cert.requireExplicitPolicy = content(req).reduce((a, b) => a * 256 + b, 0);
          break;
        }
        default:
          if (critical && !KNOWN_NONCRITICAL_OK.has(oid)) cert.unknownCritical.push(oid);
      }
    }
  }
  return cert;
}

/**
 * Critical extensions that do not restrict a path beyond what is checked: CRL distribution
 * points, qcStatements (read by people, not by path validation), inhibitAnyPolicy (we require
 * no particular policy, so anyPolicy is never needed). Anything else critical and unknown
 * fails the path (RFC 5280 §6.1.3 (o) / §6.1.5 (e)).
 */
const KNOWN_NONCRITICAL_OK = new Set<string>([
  OID.crlDistributionPoints,
  OID.subjectInfoAccess,
  OID.inhibitAnyPolicy,
]);

const latin = (b: Uint8Array) => String.fromCharCode(...b);

function readSubtree(base: DerNode | undefined): GeneralSubtree {
  if (!base) return { type: 'other', tag: -1 };
  if (base.tag === ctx(1, false)) return { type: 'email', value: latin(content(base)).toLowerCase() };
  if (base.tag === ctx(2, false)) return { type: 'dns', value: latin(content(base)).toLowerCase() };
  if (base.tag === ctx(4)) {
    const [name] = children(base);
    return { type: 'dn', rdns: name ? children(name).map((n) => whole(n)) : [] };
  }
  return { type: 'other', tag: base.tag };
}

export function pemToDer(pem: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (const m of pem.matchAll(re)) out.push(base64ToBytes((m[2] ?? '').replace(/\s+/g, '')));
  return out;
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
