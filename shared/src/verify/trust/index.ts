/** Trust anchors: the bundled Vietnamese roots plus whatever an IT admin adds. */
import { type Certificate, parseCertificate, pemToDer } from '../../x509/index.js';
import { BUNDLED_CERTIFICATES } from './bundled.js';

export { BUNDLED_CERTIFICATES, type BundledCertificate } from './bundled.js';

export interface TrustStore {
  /** Certificates a path may end at. */
  anchors: Certificate[];
  /** Issuing CAs that may complete a path; never trusted by themselves. */
  intermediates: Certificate[];
}

export interface TrustStoreOptions {
  /** Include the bundled Vietnamese roots and issuing CAs (default true). */
  bundled?: boolean;
  /** Extra anchors: DER bytes or PEM text (several certificates per PEM allowed). */
  anchors?: ReadonlyArray<Uint8Array | string>;
  intermediates?: ReadonlyArray<Uint8Array | string>;
}

function toCertificates(items: ReadonlyArray<Uint8Array | string>): Certificate[] {
  const out: Certificate[] = [];
  for (const item of items) {
    const ders = typeof item === 'string' ? pemToDer(item) : [item];
    for (const der of ders) out.push(parseCertificate(der));
  }
  return out;
}

let bundledCache: TrustStore | undefined;

export function bundledTrustStore(): TrustStore {
  bundledCache ??= {
    anchors: toCertificates(BUNDLED_CERTIFICATES.filter((c) => c.role === 'anchor').map((c) => c.pem)),
    intermediates: toCertificates(
      BUNDLED_CERTIFICATES.filter((c) => c.role === 'intermediate').map((c) => c.pem),
    ),
  };
  return bundledCache;
}

export function createTrustStore(options: TrustStoreOptions = {}): TrustStore {
  const base = options.bundled === false ? { anchors: [], intermediates: [] } : bundledTrustStore();
  return {
    anchors: [...base.anchors, ...toCertificates(options.anchors ?? [])],
    intermediates: [...base.intermediates, ...toCertificates(options.intermediates ?? [])],
  };
}
