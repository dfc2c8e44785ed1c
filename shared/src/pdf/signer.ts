/**
 * The private-key operation behind every signature. The companion implements `Signer`
 * with a PKCS#11 token; tests and the demo use `createSoftwareSigner` (WebCrypto).
 */
import { childrenOf, intBytes, OID, oidOf, readDer, seq } from '../asn1/index.js';
import type { SignatureAlgorithmName } from '../protocol/messages/common.js';

/** What a key can sign with: the protocol's list (SIGNATURE_ALGORITHMS), the one source. */
export type SignatureAlgorithm = SignatureAlgorithmName;

export interface Signer {
  /** DER, the signer's certificate. */
  readonly certificate: Uint8Array;
  /** DER, issuing CAs nearest first (root optional). */
  readonly chain: readonly Uint8Array[];
  /** What the key can do, preferred first. */
  readonly algorithms: readonly SignatureAlgorithm[];
  /**
   * Signs `data` (the DER of the CMS signed attributes); the signer hashes with SHA-256.
   * Returns the CMS signature value: PKCS#1 v1.5 or PSS bytes (PSS: SHA-256, MGF1-SHA-256,
   * salt 32), or an ECDSA signature DER-encoded as Ecdsa-Sig-Value.
   */
  sign(data: Uint8Array, algorithm: SignatureAlgorithm): Promise<Uint8Array>;
}

/** The certificate side of a signer: all `preparePdfSignature` needs. */
export type SignerIdentity = Pick<Signer, 'certificate' | 'chain' | 'algorithms'>;

export function pemToDer(pem: string): Uint8Array {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const bin = atob(b64);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Converts WebCrypto's r||s ECDSA output into a DER Ecdsa-Sig-Value. */
export function ecdsaRawToDer(rawSig: Uint8Array): Uint8Array {
  const half = rawSig.length / 2;
  const toInt = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const trimmed = b.subarray(i);
    return trimmed[0]! & 0x80 ? Uint8Array.of(0, ...trimmed) : trimmed;
  };
  return seq([intBytes(toInt(rawSig.subarray(0, half))), intBytes(toInt(rawSig.subarray(half)))]);
}

export interface SoftwareSignerOptions {
  /** PKCS#8 private key, DER or PEM. */
  privateKey: Uint8Array | string;
  certificate: Uint8Array | string;
  chain?: readonly (Uint8Array | string)[];
  /** Restrict or reorder algorithms (default: what the key type allows, PSS last for RSA). */
  algorithms?: readonly SignatureAlgorithm[];
}

/** A WebCrypto software key (tests, demo). Never for production signing of records. */
export async function createSoftwareSigner(options: SoftwareSignerOptions): Promise<Signer> {
  const der = (v: Uint8Array | string) => (typeof v === 'string' ? pemToDer(v) : v);
  const pkcs8 = der(options.privateKey) as Uint8Array<ArrayBuffer>;
  const keyAlg = oidOf(childrenOf(childrenOf(readDer(pkcs8))[1])[0]);
  const subtle = globalThis.crypto.subtle;
  const isEc = keyAlg === OID.ecPublicKey;
  const keys = new Map<SignatureAlgorithm, CryptoKey>();
  if (isEc) {
    keys.set(
      'ecdsa-p256-sha256',
      await subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']),
    );
  } else {
    keys.set(
      'rsa-pkcs1-sha256',
      await subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']),
    );
    keys.set(
      'rsa-pss-sha256',
      await subtle.importKey('pkcs8', pkcs8, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']),
    );
  }
  const algorithms = (options.algorithms ?? [...keys.keys()]).filter((a) => keys.has(a));
  return {
    certificate: der(options.certificate),
    chain: (options.chain ?? []).map(der),
    algorithms,
    async sign(data, algorithm) {
      const key = keys.get(algorithm);
      if (!key) throw new Error(`software key cannot do ${algorithm}`);
      const buf = data as Uint8Array<ArrayBuffer>;
      if (algorithm === 'ecdsa-p256-sha256')
        return ecdsaRawToDer(new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, buf)));
      if (algorithm === 'rsa-pss-sha256')
        return new Uint8Array(await subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, key, buf));
      return new Uint8Array(await subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, key, buf));
    },
  };
}
