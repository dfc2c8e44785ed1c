/**
 * node:crypto as the verifier's crypto provider (`VerifyCrypto`): digests and signature checks
 * answered on the calling thread. WebCrypto in Node does the same OpenSSL work but as a job
 * on libuv's pool, a round trip a call (several a signature) that costs more CPU than the
 * work and leaves the thread idle meanwhile. Keys are imported and checked as Node's
 * WebCrypto does (same checks, same words when refused), so a report reads the same with
 * either provider (companion/test/verify-crypto.test.ts holds them side by side).
 */
import { constants, createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { KEY_ERRORS, type VerifyAlgorithm, type VerifyCrypto } from '@hocba/shared/verify';

/** WebCrypto's curve names as OpenSSL reports them (`asymmetricKeyDetails.namedCurve`). */
const OPENSSL_CURVES: Record<string, string> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  'P-521': 'secp521r1',
};

/** `SHA-256` → `sha256`. */
const nodeHash = (hash: string): string => hash.replace('-', '').toLowerCase();

/** Imported keys by SPKI bytes and algorithm; bounded, a batch repeats the same few signers. */
const MAX_KEYS = 256;
const keys = new Map<string, KeyObject>();

function importKey(spki: Uint8Array, algorithm: VerifyAlgorithm): KeyObject {
  const id = `${algorithm.name === 'ECDSA' ? algorithm.namedCurve : 'RSA'}:${Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength).toString('latin1')}`;
  const known = keys.get(id);
  if (known) return known;
  let key: KeyObject;
  try {
    key = createPublicKey({
      key: Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength),
      format: 'der',
      type: 'spki',
    });
  } catch {
    throw new Error(KEY_ERRORS.keyData);
  }
  if (algorithm.name === 'ECDSA') {
    if (key.asymmetricKeyType !== 'ec') throw new Error(KEY_ERRORS.keyType);
    if (key.asymmetricKeyDetails?.namedCurve !== OPENSSL_CURVES[algorithm.namedCurve])
      throw new Error(KEY_ERRORS.curve);
  } else if (key.asymmetricKeyType !== 'rsa') throw new Error(KEY_ERRORS.keyType);
  if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value as string);
  keys.set(id, key);
  return key;
}

export const nodeVerifyCrypto: VerifyCrypto = {
  digest(hash, parts) {
    const h = createHash(nodeHash(hash));
    for (const p of parts) h.update(p);
    const d = h.digest();
    return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  },
  importKey,
  verify(key, algorithm, data, signature) {
    const k = key as KeyObject;
    const hash = nodeHash(algorithm.hash);
    switch (algorithm.name) {
      case 'ECDSA':
        return verify(hash, data, { key: k, dsaEncoding: 'ieee-p1363' }, signature);
      case 'RSA-PSS':
        return verify(
          hash,
          data,
          { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.saltLength },
          signature,
        );
      default:
        return verify(hash, data, { key: k, padding: constants.RSA_PKCS1_PADDING }, signature);
    }
  },
};
