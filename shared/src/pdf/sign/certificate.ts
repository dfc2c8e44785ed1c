/**
 * The signer's certificate before anything is built: the Thông tư 15/2025 checks, and the
 * algorithm its key signs with.
 */
import { type CertificateInfo, readCertificate } from '../cms/certificate.js';
import { equalBytes } from '../cms/der.js';
import { pdfError } from '../errors.js';
import type { SignatureAlgorithm, SignerIdentity } from '../signer.js';

/** Algorithms in the order we choose them when the key can do several. */
export const DEFAULT_ALGORITHM_POLICY: readonly SignatureAlgorithm[] = [
  'rsa-pkcs1-sha256',
  'ecdsa-p256-sha256',
  'rsa-pss-sha256',
];

export interface CachedCertificate {
  der: Uint8Array;
  info: CertificateInfo;
  sha256?: Uint8Array;
}

/**
 * A batch signs every document with the same certificate and chain: each is read once, not
 * once a document. Keyed by the bytes' array, and the bytes compared, so an array changed
 * in place is read again.
 */
const certificates = new WeakMap<Uint8Array, CachedCertificate>();

export function cachedCertificate(der: Uint8Array): CachedCertificate {
  const known = certificates.get(der);
  if (known && equalBytes(known.der, der)) return known;
  const entry = { der: der.slice(), info: readCertificate(der) };
  certificates.set(der, entry);
  return entry;
}

/** The Thông tư 15/2025 checks: validity at the signing time, key usage, chain present. */
export function checkSigningCertificate(cert: CertificateInfo, chain: readonly Uint8Array[], at: Date): void {
  if (at < cert.notBefore)
    throw pdfError('PDF_CERT_NOT_YET_VALID', { notBefore: cert.notBefore.toISOString() });
  if (at > cert.notAfter) throw pdfError('PDF_CERT_EXPIRED', { notAfter: cert.notAfter.toISOString() });
  const ku = cert.keyUsage;
  if (ku && !ku.digitalSignature && !ku.nonRepudiation) throw pdfError('PDF_CERT_KEY_USAGE');
  const issuers = chain.map((c) => cachedCertificate(c).info);
  if (!issuers.some((i) => equalBytes(i.subjectDer, cert.issuerDer)))
    throw pdfError('PDF_CERT_NO_CHAIN', { subject: cert.commonName });
}

/** The algorithm asked for, if the key can; otherwise the policy's first that the key can. */
export function chooseAlgorithm(
  options: {
    signer: Pick<SignerIdentity, 'algorithms'>;
    algorithm?: SignatureAlgorithm;
    algorithmPolicy?: readonly SignatureAlgorithm[];
  },
  cert: CertificateInfo,
): SignatureAlgorithm {
  const supported = options.signer.algorithms.filter((a) =>
    cert.keyType === 'ec' ? a === 'ecdsa-p256-sha256' : a !== 'ecdsa-p256-sha256',
  );
  if (options.algorithm) {
    if (!supported.includes(options.algorithm))
      throw pdfError('PDF_ALGORITHM_UNSUPPORTED', { algorithms: supported.join(', ') || 'none' });
    return options.algorithm;
  }
  const chosen = (options.algorithmPolicy ?? DEFAULT_ALGORITHM_POLICY).find((a) => supported.includes(a));
  if (!chosen)
    throw pdfError('PDF_ALGORITHM_UNSUPPORTED', {
      algorithms: options.signer.algorithms.join(', ') || 'none',
    });
  return chosen;
}
