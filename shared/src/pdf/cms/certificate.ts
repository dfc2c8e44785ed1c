/**
 * What the signer needs from an X.509 certificate, read with the engine's one certificate
 * reader (../../x509, the verifier's): generic parsers often know only RSA keys, Vietnamese
 * tokens also carry ECDSA, and a name must read on the stamp as the verifier will show it
 * (one string decoder, one rule for an attribute named twice: see x509/name.ts).
 */
import { OID, toHex } from '../../asn1/index.js';
import { isHocbaError } from '../../errors/index.js';
import { crlUrls, type NameAttribute, nameValue, ocspUrls, parseCertificate } from '../../x509/index.js';
import { pdfError } from '../errors.js';

export type { NameAttribute };

export interface CertificateInfo {
  der: Uint8Array;
  /** INTEGER content bytes of the serial number. */
  serial: Uint8Array;
  serialHex: string;
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  issuer: NameAttribute[];
  subject: NameAttribute[];
  commonName: string;
  organization: string | undefined;
  /** UID attribute as Vietnamese CAs use it: `CCCD:...`, `MST:...`. */
  uid: string | undefined;
  notBefore: Date;
  notAfter: Date;
  /** undefined when the certificate has no keyUsage extension (any use allowed). */
  keyUsage: { digitalSignature: boolean; nonRepudiation: boolean; keyCertSign: boolean } | undefined;
  extKeyUsage: string[] | undefined;
  keyType: 'rsa' | 'ec' | 'other';
  isCa: boolean;
  ocspUrls: string[];
  crlUrls: string[];
  spkiDer: Uint8Array;
}

export function readCertificate(der: Uint8Array): CertificateInfo {
  try {
    return signingView(der);
  } catch (e) {
    if (isHocbaError(e)) throw e;
    // A malformed part anywhere (not only the outer shape) is the same typed answer.
    throw pdfError('PDF_CERT_MALFORMED', { reason: (e as Error).message });
  }
}

function signingView(der: Uint8Array): CertificateInfo {
  // A copy: the info outlives the caller's buffer, and its parts are views of it.
  const cert = parseCertificate(der.slice());
  const keyAlgorithm = cert.publicKeyAlgorithm.oid;
  const ku = cert.keyUsage;
  return {
    der,
    serial: cert.serial,
    serialHex: toHex(cert.serial),
    issuerDer: cert.issuerDer,
    subjectDer: cert.subjectDer,
    issuer: cert.issuer,
    subject: cert.subject,
    commonName: nameValue(cert.subject, OID.commonName) ?? '',
    organization: nameValue(cert.subject, OID.organization),
    uid: nameValue(cert.subject, OID.uid),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    keyUsage: ku && {
      digitalSignature: ku.digitalSignature,
      nonRepudiation: ku.nonRepudiation,
      keyCertSign: ku.keyCertSign,
    },
    extKeyUsage: cert.extKeyUsage,
    keyType: keyAlgorithm === OID.rsaEncryption ? 'rsa' : keyAlgorithm === OID.ecPublicKey ? 'ec' : 'other',
    isCa: cert.basicConstraints?.ca ?? false,
    ocspUrls: ocspUrls(cert.extensions),
    crlUrls: crlUrls(cert.extensions),
    spkiDer: cert.spki,
  };
}
