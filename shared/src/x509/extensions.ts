/**
 * The certificate extensions path validation and signing read (RFC 5280 §4.2), each read
 * strictly from its extnValue; every extension is also kept as its bytes (see access.ts).
 */
import {
  bitStringBytes,
  children,
  content,
  ctx,
  type DerNode,
  expectTag,
  latin1,
  readIntegerHex,
  readNode,
  readOid,
  TAG,
  toHex,
  whole,
} from '../asn1/index.js';
import { OID } from '../asn1/oids.js';

export interface KeyUsage {
  digitalSignature: boolean;
  nonRepudiation: boolean;
  keyEncipherment: boolean;
  keyCertSign: boolean;
  cRLSign: boolean;
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

/** One extension as the certificate has it: extnValue's content, not read further. */
export interface Extension {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

export interface CertificateExtensions {
  keyUsage?: KeyUsage;
  extKeyUsage?: string[];
  basicConstraints?: { ca: boolean; pathLength?: number };
  subjectKeyId?: string;
  authorityKeyId?: string;
  /** Subject alternative names we check against name constraints. */
  altNames: { email: string[]; dns: string[]; other: number };
  nameConstraints?: NameConstraints;
  /** policyConstraints requireExplicitPolicy (skip count), when present. */
  requireExplicitPolicy?: number;
  /** The certificatePolicies extension is present. */
  hasPolicies: boolean;
  /** OIDs of critical extensions the verifier does not understand. */
  unknownCritical: string[];
  /** Every extension, in order, known or not. */
  extensions: Extension[];
}

/** The [3] Extensions among a TBSCertificate's fields after the key (none: no extensions). */
export function readExtensions(fields: readonly DerNode[]): CertificateExtensions {
  const out: CertificateExtensions = {
    altNames: { email: [], dns: [], other: 0 },
    hasPolicies: false,
    unknownCritical: [],
    extensions: [],
  };
  for (const field of fields) {
    if (field.tag !== ctx(3)) continue;
    const [extSeq] = children(field);
    for (const ext of children(expectTag(extSeq, TAG.SEQUENCE, 'Extensions'))) {
      const parts = children(ext);
      const oid = readOid(parts[0] as DerNode);
      const critical = parts[1]?.tag === TAG.BOOLEAN && content(parts[1])[0] !== 0;
      const value = content(expectTag(parts[parts.length - 1], TAG.OCTET_STRING, 'extnValue'));
      out.extensions.push({ oid, critical, value });
      readExtension(out, oid, critical, value);
    }
  }
  return out;
}

function readExtension(out: CertificateExtensions, oid: string, critical: boolean, value: Uint8Array): void {
  switch (oid) {
    case OID.keyUsage:
      out.keyUsage = readKeyUsage(value);
      break;
    case OID.basicConstraints: {
      const bc = children(readNode(value));
      const ca = bc[0]?.tag === TAG.BOOLEAN && content(bc[0])[0] !== 0;
      const pl = bc.find((x) => x.tag === TAG.INTEGER);
      out.basicConstraints = pl ? { ca, pathLength: Number.parseInt(readIntegerHex(pl), 16) } : { ca };
      break;
    }
    case OID.extKeyUsage:
      out.extKeyUsage = children(readNode(value)).map(readOid);
      break;
    case OID.subjectKeyIdentifier:
      out.subjectKeyId = toHex(content(readNode(value)));
      break;
    case OID.authorityKeyIdentifier: {
      const keyId = children(readNode(value)).find((x) => x.tag === ctx(0, false));
      if (keyId) out.authorityKeyId = toHex(content(keyId));
      break;
    }
    case OID.subjectAltName:
      for (const g of children(readNode(value))) {
        if (g.tag === ctx(1, false)) out.altNames.email.push(latin(content(g)));
        else if (g.tag === ctx(2, false)) out.altNames.dns.push(latin(content(g)));
        else out.altNames.other++;
      }
      break;
    case OID.nameConstraints: {
      const nc: NameConstraints = { permitted: [], excluded: [] };
      for (const part of children(readNode(value))) {
        const into = part.tag === ctx(0) ? nc.permitted : part.tag === ctx(1) ? nc.excluded : undefined;
        if (!into) continue;
        for (const sub of children(part)) into.push(readSubtree(children(sub)[0] as DerNode));
      }
      out.nameConstraints = nc;
      break;
    }
    case OID.certificatePolicies:
      out.hasPolicies = true;
      break;
    case OID.policyConstraints: {
      const req = children(readNode(value)).find((x) => x.tag === ctx(0, false));
      if (req) out.requireExplicitPolicy = content(req).reduce((a, b) => a * 256 + b, 0);
      break;
    }
    default:
      if (critical && !KNOWN_NONCRITICAL_OK.has(oid)) out.unknownCritical.push(oid);
  }
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

function readKeyUsage(value: Uint8Array): KeyUsage {
  const b0 = bitStringBytes(readNode(value))[0] ?? 0;
  return {
    digitalSignature: !!(b0 & 0x80),
    nonRepudiation: !!(b0 & 0x40),
    keyEncipherment: !!(b0 & 0x20),
    keyCertSign: !!(b0 & 0x04),
    cRLSign: !!(b0 & 0x02),
  };
}

// asn1's latin1 reads in slices: a spread of a long name would overflow the argument list.
const latin = latin1;

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
