/** Small helpers around node-forge's ASN.1 (which works on "binary strings"). */
import forge from 'node-forge';

export const asn1 = forge.asn1;
export type Asn1 = forge.asn1.Asn1;
export const { Class, Type } = forge.asn1;

export function toBinary(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
}

export function fromBinary(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function parseDer(bytes: Uint8Array): Asn1 {
  // decodeBitStrings: false keeps BIT STRING contents as bytes (forge otherwise guesses).
  // (the typings predate the options object)
  const options = { strict: true, decodeBitStrings: false, parseAllBytes: true } as unknown as boolean;
  return asn1.fromDer(toBinary(bytes), options);
}

export function encodeDer(node: Asn1): Uint8Array {
  return fromBinary(asn1.toDer(node).getBytes());
}

export const seq = (value: Asn1[]): Asn1 => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, value);
export const set = (value: Asn1[]): Asn1 => asn1.create(Class.UNIVERSAL, Type.SET, true, value);
export const oid = (id: string): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(id).getBytes());
export const nul = (): Asn1 => asn1.create(Class.UNIVERSAL, Type.NULL, false, '');
export const octets = (b: Uint8Array): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, toBinary(b));
export const int = (n: number): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(n).getBytes());
/** An INTEGER from its two's-complement content bytes (serial numbers). */
export const intBytes = (b: Uint8Array): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.INTEGER, false, toBinary(b));
export const bool = (v: boolean): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.BOOLEAN, false, v ? '\xff' : '\x00');
export const ctx = (tag: number, constructed: boolean, value: Asn1[] | string): Asn1 =>
  asn1.create(Class.CONTEXT_SPECIFIC, tag, constructed, value);
/** Re-wraps already encoded DER as a node (forge re-encodes it byte for byte). */
export const raw = (der: Uint8Array): Asn1 => parseDer(der);

export const children = (n: Asn1 | undefined): Asn1[] => (n && Array.isArray(n.value) ? n.value : []);
export const bytesOf = (n: Asn1 | undefined): Uint8Array =>
  n && typeof n.value === 'string' ? fromBinary(n.value) : new Uint8Array();
export const oidOf = (n: Asn1 | undefined): string =>
  n && typeof n.value === 'string' ? asn1.derToOid(n.value) : '';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  p256: '1.2.840.10045.3.1.7',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocsp: '1.3.6.1.5.5.7.48.1',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  title: '2.5.4.12',
  country: '2.5.4.6',
  locality: '2.5.4.7',
  state: '2.5.4.8',
  uid: '0.9.2342.19200300.100.1.1',
} as const;

export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
}

/**
 * SHA-256 of byte parts taken as one message (a signed PDF's two byte ranges). The engine's
 * one hash interface: WebCrypto by default (browser-safe); the companion passes node:crypto's,
 * which hashes on its own thread without a round trip through WebCrypto's thread pool and
 * streams over the parts without joining them.
 */
export type Sha256Parts = (parts: readonly Uint8Array[]) => Uint8Array | Promise<Uint8Array>;

export const webCryptoSha256Parts: Sha256Parts = (parts) => {
  if (parts.length === 1) return sha256(parts[0]!);
  let length = 0;
  for (const p of parts) length += p.length;
  const joined = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return sha256(joined);
};

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
