/**
 * Revocation from data carried with the document: CRLs and OCSP responses from the CMS,
 * the Adobe revocation attribute or the PDF `/DSS`. No network: online checking is the
 * caller's choice (off by default in the browser).
 */

import {
  bitStringBytes,
  bytesEqual,
  children,
  content,
  ctx,
  type DerNode,
  readIntegerHex,
  readNode,
  readOid,
  readSmallInt,
  readTime,
  TAG,
  whole,
} from '../../asn1/index.js';
import { OID } from '../../asn1/oids.js';
import { type Certificate, parseCertificate, readAlgorithm } from '../../x509/index.js';
import { type VerifyCrypto, verifySignature, webCrypto } from '../crypto.js';

export interface RevocationData {
  crls: Uint8Array[];
  ocsps: Uint8Array[];
}

export interface RevocationResult {
  status: 'GOOD' | 'REVOKED' | 'UNKNOWN';
  source?: 'CRL' | 'OCSP';
  revokedAt?: Date;
  reason?: number;
  /** thisUpdate of the CRL / OCSP response used. */
  issuedAt?: Date;
  problems: string[];
}

interface CrlEntry {
  serialHex: string;
  date: Date;
  reason?: number;
}

async function checkCrl(
  crlDer: Uint8Array,
  cert: Certificate,
  issuer: Certificate,
  crypto: VerifyCrypto,
): Promise<RevocationResult | undefined> {
  const [tbs, alg, sig] = children(readNode(crlDer));
  if (!tbs || !alg || !sig) return undefined;
  const f = children(tbs);
  let i = f[0]?.tag === TAG.INTEGER ? 1 : 0;
  i++; // signature algorithm
  const issuerNode = f[i++] as DerNode;
  if (!bytesEqual(whole(issuerNode), issuer.subjectDer)) return undefined;
  const thisUpdate = readTime(f[i++] as DerNode);
  if (f[i] && (f[i]?.tag === TAG.UTC_TIME || f[i]?.tag === TAG.GENERALIZED_TIME)) i++;
  // §6.3.3 (f): the issuer's key must be allowed to sign CRLs.
  if (issuer.keyUsage && !issuer.keyUsage.cRLSign)
    return { status: 'UNKNOWN', problems: ['the CRL issuer may not sign CRLs (keyUsage)'] };
  const check = await verifySignature(
    issuer.spki,
    readAlgorithm(alg),
    whole(tbs),
    bitStringBytes(sig),
    undefined,
    crypto,
  );
  if (check.status !== 'VALID') return { status: 'UNKNOWN', problems: ['CRL signature does not verify'] };
  const scope = crlScope(
    f.find((n) => n.tag === ctx(0)),
    cert,
  );
  if (scope) return { status: 'UNKNOWN', problems: [scope] };
  const entries: CrlEntry[] = [];
  if (f[i]?.tag === TAG.SEQUENCE) {
    for (const e of children(f[i] as DerNode)) {
      const [serial, date, exts] = children(e);
      const entry: CrlEntry = {
        serialHex: readIntegerHex(serial as DerNode),
        date: readTime(date as DerNode),
      };
      if (exts) {
        for (const ext of children(exts)) {
          const [oid, value] = children(ext);
          if (readOid(oid as DerNode) === OID.crlReason && value)
            entry.reason = readSmallInt(readNode(content(value)));
        }
      }
      entries.push(entry);
    }
  }
  const hit = entries.find((e) => e.serialHex === cert.serialHex);
  const out: RevocationResult = hit
    ? { status: 'REVOKED', source: 'CRL', revokedAt: hit.date, issuedAt: thisUpdate, problems: [] }
    : { status: 'GOOD', source: 'CRL', issuedAt: thisUpdate, problems: [] };
  if (hit?.reason !== undefined) out.reason = hit.reason;
  return out;
}

/**
 * Whether a CRL answers for this certificate (RFC 5280 §6.3.3 steps a-b, for what we support):
 * undefined when it does, else why not. Delta CRLs and indirect or reason-partitioned CRLs are
 * not supported and are said so, never silently read as a full list (a delta CRL lists only
 * recent revocations: "not listed" there does not mean "good").
 */
function crlScope(extsNode: DerNode | undefined, cert: Certificate): string | undefined {
  if (!extsNode) return undefined;
  const [seq] = children(extsNode);
  for (const ext of children(seq as DerNode)) {
    const parts = children(ext);
    const oid = readOid(parts[0] as DerNode);
    const critical = parts[1]?.tag === TAG.BOOLEAN && content(parts[1])[0] !== 0;
    const value = content(parts[parts.length - 1] as DerNode);
    if (oid === OID.deltaCrlIndicator) return 'delta CRLs are not supported (a full CRL is needed)';
    if (oid === OID.issuingDistributionPoint) {
      // IssuingDistributionPoint: [1] onlyContainsUserCerts, [2] onlyContainsCACerts,
      // [3] onlySomeReasons, [4] indirectCRL, [5] onlyContainsAttributeCerts.
      for (const n of children(readNode(value))) {
        const on = content(n)[0] !== 0;
        if (!on && n.tag !== ctx(3, false)) continue;
        if (n.tag === ctx(1, false) && cert.basicConstraints?.ca)
          return 'CRL covers end-entity certificates only';
        if (n.tag === ctx(2, false) && !cert.basicConstraints?.ca) return 'CRL covers CA certificates only';
        if (n.tag === ctx(3, false)) return 'CRLs partitioned by reason are not supported';
        if (n.tag === ctx(4, false)) return 'indirect CRLs are not supported';
        if (n.tag === ctx(5, false)) return 'CRL covers attribute certificates only';
      }
      continue;
    }
    if (critical && !KNOWN_CRL_EXTENSIONS.has(oid)) return `CRL has an unknown critical extension ${oid}`;
  }
  return undefined;
}

/** CRL extensions that do not change what the list means: CRL number, authority key id, freshest CRL, AIA. */
const KNOWN_CRL_EXTENSIONS = new Set<string>([
  OID.crlNumber,
  OID.authorityKeyIdentifier,
  OID.freshestCrl,
  OID.authorityInfoAccess,
]);

/**
 * CRLs from a file as an administrator has it: DER, or PEM with one or more
 * `X509 CRL` blocks. Throws when it holds no CRL, so a wrong file is never silently ignored.
 */
export function readCrlFile(bytes: Uint8Array): Uint8Array[] {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
  if (head.includes('-----BEGIN')) {
    const out: Uint8Array[] = [];
    const text = new TextDecoder('latin1').decode(bytes);
    for (const m of text.matchAll(/-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/g))
      out.push(Uint8Array.from(atob((m[1] ?? '').replace(/\s+/g, '')), (c) => c.charCodeAt(0)));
    if (out.length === 0) throw new Error('no "BEGIN X509 CRL" block in the PEM file');
    for (const d of out) looksLikeCrl(d);
    return out;
  }
  looksLikeCrl(bytes);
  return [bytes];
}

function looksLikeCrl(der: Uint8Array): void {
  const [tbs, alg, sig] = children(readNode(der));
  if (!tbs || !alg || !sig || tbs.tag !== TAG.SEQUENCE || sig.tag !== TAG.BIT_STRING)
    throw new Error('not a CRL (DER CertificateList expected)');
}

async function checkOcsp(
  respDer: Uint8Array,
  cert: Certificate,
  issuer: Certificate,
  crypto: VerifyCrypto,
): Promise<RevocationResult | undefined> {
  let basic: DerNode;
  const top = readNode(respDer);
  const topParts = children(top);
  if (topParts[0]?.tag === TAG.ENUMERATED) {
    // OCSPResponse wrapper.
    if (readSmallInt(topParts[0]) !== 0 || !topParts[1]) return undefined;
    const [rb] = children(topParts[1]);
    const [type, octets] = children(rb as DerNode);
    if (readOid(type as DerNode) !== OID.ocspBasic) return undefined;
    basic = readNode(content(octets as DerNode));
  } else basic = top;
  const [tbs, alg, sig, certsTagged] = children(basic);
  if (!tbs || !alg || !sig) return undefined;
  const f = children(tbs);
  let i = f[0]?.tag === ctx(0) ? 1 : 0;
  i++; // responderID
  i++; // producedAt
  const responses = children(f[i] as DerNode);
  const keyHash = await crypto.digest('SHA-1', [issuer.publicKeyBits]);
  let single: DerNode[] | undefined;
  for (const r of responses) {
    const parts = children(r);
    const certId = children(parts[0] as DerNode);
    if (
      readIntegerHex(certId[3] as DerNode) === cert.serialHex &&
      bytesEqual(content(certId[2] as DerNode), keyHash)
    ) {
      single = parts;
      break;
    }
  }
  if (!single) return undefined;
  // The responder: the issuer itself, or a certificate it issued for OCSP signing.
  const candidates: Certificate[] = [issuer];
  if (certsTagged) {
    const [seq] = children(certsTagged);
    for (const c of children(seq as DerNode)) {
      const rc = parseCertificate(whole(c).slice());
      if (bytesEqual(rc.issuerDer, issuer.subjectDer) && rc.extKeyUsage?.includes(OID.ekuOcspSigning)) {
        const ok = await verifySignature(
          issuer.spki,
          rc.signatureAlgorithm,
          rc.tbs,
          rc.signature,
          undefined,
          crypto,
        );
        if (ok.status === 'VALID') candidates.push(rc);
      }
    }
  }
  let verified = false;
  for (const c of candidates) {
    if (
      (await verifySignature(c.spki, readAlgorithm(alg), whole(tbs), bitStringBytes(sig), undefined, crypto))
        .status === 'VALID'
    ) {
      verified = true;
      break;
    }
  }
  if (!verified) return { status: 'UNKNOWN', problems: ['OCSP response signature does not verify'] };
  const status = single[1] as DerNode;
  const thisUpdate = readTime(single[2] as DerNode);
  if (status.tag === ctx(0, false))
    return { status: 'GOOD', source: 'OCSP', issuedAt: thisUpdate, problems: [] };
  if (status.tag === ctx(1)) {
    const [time, reason] = children(status);
    const out: RevocationResult = {
      status: 'REVOKED',
      source: 'OCSP',
      revokedAt: readTime(time as DerNode),
      issuedAt: thisUpdate,
      problems: [],
    };
    if (reason) out.reason = readSmallInt(children(reason)[0] as DerNode);
    return out;
  }
  return { status: 'UNKNOWN', source: 'OCSP', problems: ['OCSP responder does not know the certificate'] };
}

/** The revocation status of `cert` from whatever data is at hand. A REVOKED answer wins over GOOD. */
export async function checkRevocation(
  cert: Certificate,
  issuer: Certificate,
  data: RevocationData,
  crypto: VerifyCrypto = webCrypto,
): Promise<RevocationResult> {
  const problems: string[] = [];
  let good: RevocationResult | undefined;
  for (const [kind, list] of [
    ['CRL', data.crls],
    ['OCSP', data.ocsps],
  ] as const) {
    for (const item of list) {
      try {
        const r =
          kind === 'CRL'
            ? await checkCrl(item, cert, issuer, crypto)
            : await checkOcsp(item, cert, issuer, crypto);
        if (!r) continue;
        if (r.status === 'REVOKED') return r;
        if (r.status === 'GOOD') good ??= r;
        problems.push(...r.problems);
      } catch (e) {
        problems.push(`unreadable ${kind}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  return good ?? { status: 'UNKNOWN', problems };
}

export function emptyRevocationData(): RevocationData {
  return { crls: [], ocsps: [] };
}
