/**
 * Certificate path building and validation at a given time (the signing time): names and
 * key identifiers chain, each signature verifies, each certificate is within its validity,
 * CAs are CAs, the signer's key may sign documents, and nothing is revoked.
 */

import { bytesEqual } from '../../asn1/index.js';
import type { Certificate } from '../../x509/index.js';
import { bytesKey, Lru } from '../cache.js';
import { type VerifyCrypto, verifySignature, webCrypto } from '../crypto.js';
import { checkRevocation, type RevocationData, type RevocationResult } from '../revocation/index.js';
import type { TrustStore } from '../trust/index.js';
import { pathConstraintFailure } from './constraints.js';

export type TrustStatus =
  | 'TRUSTED'
  | 'UNTRUSTED'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'REVOKED'
  | 'WRONG_KEY_USAGE'
  /** RFC 5280 §6.1 constraints: unknown critical extension, pathLen, name or policy constraints. */
  | 'CONSTRAINTS_FAILED'
  | 'REVOCATION_UNKNOWN';

export interface PathValidation {
  status: TrustStatus;
  /** Signer first, anchor last (when one was reached). */
  chain: Certificate[];
  anchor?: Certificate;
  /** The certificate that failed (expired, revoked...). */
  failedCertificate?: Certificate;
  revocation: RevocationResult;
  problems: string[];
}

export interface PathOptions {
  /** Validation time: the signing time (time-stamp or claimed). */
  time: Date;
  /** Whether that time is proven by a time-stamp (affects revocation after signing). */
  timeProven: boolean;
  trust: TrustStore;
  /** Certificates from the signature and the document (CMS, /DSS). */
  pool: readonly Certificate[];
  revocation: RevocationData;
  /** Missing revocation data makes the result REVOCATION_UNKNOWN instead of TRUSTED. */
  requireRevocation?: boolean;
  /** Extended key usage the end certificate must carry (time-stamp units). */
  requiredEku?: string;
  /** Digests and signature checks (default WebCrypto). */
  crypto?: VerifyCrypto;
}

const MAX_PATH = 8;
/** Paths tried per signature; real chains take a handful. */
const MAX_PATH_STEPS = 2_000;

function couldIssue(issuer: Certificate, cert: Certificate): boolean {
  if (!bytesEqual(issuer.subjectDer, cert.issuerDer)) return false;
  if (cert.authorityKeyId && issuer.subjectKeyId && cert.authorityKeyId !== issuer.subjectKeyId) return false;
  return true;
}

/**
 * Whether `issuer`'s key verifies `cert`'s signature, across files: a pure function of the
 * issuer's key and the certificate's bytes (which hold the signed part, the algorithm and the
 * signature), so it is keyed by exactly those. Dates, constraints and revocation are checked
 * on every path, never cached.
 */
const certificateSignatures = new Lru<Promise<boolean>>(512);

function issuerSigned(issuer: Certificate, cert: Certificate, crypto: VerifyCrypto): Promise<boolean> {
  const key = bytesKey(issuer.spki, cert.der);
  let ok = certificateSignatures.get(key);
  if (!ok) {
    ok = verifySignature(
      issuer.spki,
      cert.signatureAlgorithm,
      cert.tbs,
      cert.signature,
      undefined,
      crypto,
    ).then((r) => r.status === 'VALID');
    certificateSignatures.set(key, ok);
  }
  return ok;
}

const isAnchor = (c: Certificate, trust: TrustStore) => trust.anchors.some((a) => bytesEqual(a.der, c.der));

/** Depth-first search for a path to an anchor whose signatures all verify. */
async function buildPath(cert: Certificate, options: PathOptions): Promise<Certificate[] | undefined> {
  const { trust } = options;
  const candidates = [...trust.anchors, ...options.pool, ...trust.intermediates];
  // Certificates that issue each other (one name, one key, many serials: a signature can
  // carry twenty) made the search N^8 paths long: a certificate with no path to an anchor
  // within some depth is not tried again at that depth or less, and the steps are capped.
  const dead = new Map<Certificate, number>();
  let steps = 0;
  const step = async (path: Certificate[]): Promise<Certificate[] | undefined> => {
    const last = path[path.length - 1] as Certificate;
    if (isAnchor(last, trust)) return path;
    const left = MAX_PATH - path.length;
    if (left < 0 || (dead.get(last) ?? -1) >= left || ++steps > MAX_PATH_STEPS) return undefined;
    const found = await tryIssuers(path, last);
    if (!found) dead.set(last, Math.max(left, dead.get(last) ?? -1));
    return found;
  };
  const tryIssuers = async (path: Certificate[], last: Certificate): Promise<Certificate[] | undefined> => {
    for (const issuer of candidates) {
      if (!couldIssue(issuer, last) || path.some((p) => bytesEqual(p.der, issuer.der))) continue;
      // An anchor equal by name and key to the issuer also counts (re-issued roots).
      if (!(await issuerSigned(issuer, last, options.crypto ?? webCrypto))) continue;
      const found = await step([...path, issuer]);
      if (found) return found;
    }
    return undefined;
  };
  return step([cert]);
}

export async function validatePath(signer: Certificate, options: PathOptions): Promise<PathValidation> {
  const problems: string[] = [];
  const unknown: RevocationResult = { status: 'UNKNOWN', problems: [] };
  const path = await buildPath(signer, options);
  if (!path) {
    // Still report the partial chain from what the signature carries, for the reader.
    return {
      status: 'UNTRUSTED',
      chain: [signer],
      revocation: unknown,
      problems: ['no path to a trust anchor'],
    };
  }
  const anchor = path[path.length - 1] as Certificate;
  const base = { chain: path, anchor };
  const t = options.time.getTime();
  // Anchors are trusted as configured; their own dates are not held against the signer (RFC 5280 §6).
  for (const c of path.slice(0, -1)) {
    if (t > c.notAfter.getTime())
      return { ...base, status: 'EXPIRED', failedCertificate: c, revocation: unknown, problems };
    if (t < c.notBefore.getTime())
      return { ...base, status: 'NOT_YET_VALID', failedCertificate: c, revocation: unknown, problems };
  }
  const constraint = pathConstraintFailure(path);
  if (constraint)
    return {
      ...base,
      status: 'CONSTRAINTS_FAILED',
      failedCertificate: constraint.certificate,
      revocation: unknown,
      problems: [...problems, constraint.problem],
    };
  for (const ca of path.slice(1, -1)) {
    if (!ca.basicConstraints?.ca || (ca.keyUsage && !ca.keyUsage.keyCertSign)) {
      return {
        ...base,
        status: 'UNTRUSTED',
        failedCertificate: ca,
        revocation: unknown,
        problems: [...problems, 'an issuer is not a CA'],
      };
    }
  }
  const ku = signer.keyUsage;
  if (options.requiredEku) {
    if (!signer.extKeyUsage?.includes(options.requiredEku))
      return { ...base, status: 'WRONG_KEY_USAGE', failedCertificate: signer, revocation: unknown, problems };
  } else if (ku && !ku.digitalSignature && !ku.nonRepudiation) {
    return { ...base, status: 'WRONG_KEY_USAGE', failedCertificate: signer, revocation: unknown, problems };
  }
  if (signer.basicConstraints?.ca && path.length > 1)
    problems.push('the signer certificate is a CA certificate');
  // Revocation of every non-anchor certificate; the signer's result is the one reported.
  let signerRevocation = unknown;
  for (let k = 0; k < path.length - 1; k++) {
    const cert = path[k] as Certificate;
    const r = await checkRevocation(cert, path[k + 1] as Certificate, options.revocation, options.crypto);
    if (k === 0) signerRevocation = r;
    if (r.status === 'REVOKED' && r.revokedAt) {
      // Revoked after a proven signing time, for a reason other than key compromise: the signature stands.
      const afterProven = options.timeProven && r.revokedAt.getTime() > t && r.reason !== 1 && r.reason !== 2;
      if (!afterProven)
        return { ...base, status: 'REVOKED', failedCertificate: cert, revocation: r, problems };
      problems.push('certificate revoked after the time-stamped signing time');
    }
  }
  if (signerRevocation.status === 'UNKNOWN' && options.requireRevocation && path.length > 1) {
    return { ...base, status: 'REVOCATION_UNKNOWN', revocation: signerRevocation, problems };
  }
  return { ...base, status: 'TRUSTED', revocation: signerRevocation, problems };
}
