/** Digests and signature checks: WebCrypto (`globalThis.crypto.subtle`) by default, browser and Node alike, or a provider passed in. */

import {
  children,
  concat,
  content,
  ctx,
  type DerNode,
  encode,
  readNode,
  readOid,
  readSmallInt,
  TAG,
} from '../asn1/index.js';
import { HASH_BY_OID, type HashName, OID } from '../asn1/oids.js';
import type { AlgorithmIdentifier } from '../x509/index.js';
import { bytesKey, Lru } from './cache.js';

/**
 * The two primitives the verifier needs, injectable: WebCrypto by default (browser and Node
 * alike); `hocba verify` passes node:crypto's (companion/src/cli/commands/verify-crypto.ts),
 * which answers on the calling thread. Each WebCrypto call is a round trip through Node's
 * thread pool (≈ 40–90 µs of CPU a call against 5–35 µs in place, several calls a signature)
 * and leaves the thread idle meanwhile. What a signature means (algorithm, padding, curve,
 * the DER-to-raw ECDSA form) is decided here, once, so both providers answer alike.
 */
export interface VerifyCrypto {
  /** The digest of `parts` taken as one message (a signature's two byte ranges, unjoined). */
  digest(hash: HashName, parts: readonly Uint8Array[]): Uint8Array | Promise<Uint8Array>;
  /**
   * The public key `spki` (DER SubjectPublicKeyInfo) ready to verify `algorithm` (a provider
   * keeps the keys it has imported: a batch repeats the same few). Throws when the key cannot
   * be used that way (unreadable, another key type, another curve): the message becomes the
   * reason the algorithm is unsupported, so a provider throws WebCrypto's words (KEY_ERRORS).
   */
  importKey(spki: Uint8Array, algorithm: VerifyAlgorithm): VerifyKey | Promise<VerifyKey>;
  /** Whether `signature` over `data` verifies with `key`; ECDSA signatures come as raw r||s. */
  verify(
    key: VerifyKey,
    algorithm: VerifyAlgorithm,
    data: Uint8Array,
    signature: Uint8Array,
  ): boolean | Promise<boolean>;
}

/** A key as its provider imported it (a CryptoKey, a node:crypto KeyObject). */
export type VerifyKey = object;

/** A signature algorithm in WebCrypto's terms (its import and verify parameters in one). */
export type VerifyAlgorithm =
  | { name: 'RSASSA-PKCS1-v1_5'; hash: HashName }
  | { name: 'RSA-PSS'; hash: HashName; saltLength: number }
  | { name: 'ECDSA'; hash: HashName; namedCurve: CurveName };

export type CurveName = 'P-256' | 'P-384' | 'P-521';

/** What WebCrypto's importKey throws for a key it cannot use, word for word (its DataError messages). */
export const KEY_ERRORS = {
  keyData: 'Invalid keyData',
  keyType: 'Invalid key type',
  curve: 'Named curve mismatch',
} as const;

const subtle = (): SubtleCrypto => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available');
  return s;
};

/**
 * WebCrypto takes a view as it is (it copies what it reads): no copy of our own, which for
 * a 250 KB signed range was a second copy per digest. The cast only narrows the buffer type.
 */
const ab = (u: Uint8Array): Uint8Array<ArrayBuffer> => u as Uint8Array<ArrayBuffer>;

/** Imported public keys, by algorithm and SPKI bytes: importing is ~10 % of a verification. */
const importedKeys = new Lru<Promise<CryptoKey>>(256);

/** The default provider: `globalThis.crypto.subtle`. */
export const webCrypto: VerifyCrypto = {
  async digest(hash, parts) {
    return new Uint8Array(
      await subtle().digest(hash, ab(parts.length === 1 ? (parts[0] as Uint8Array) : concat([...parts]))),
    );
  },
  importKey(spki, algorithm) {
    const params: RsaHashedImportParams | EcKeyImportParams =
      algorithm.name === 'ECDSA'
        ? { name: 'ECDSA', namedCurve: algorithm.namedCurve }
        : { name: algorithm.name, hash: algorithm.hash };
    const id = `${JSON.stringify(params)}\u0100${bytesKey(spki)}`;
    let key = importedKeys.get(id);
    if (!key) {
      key = subtle().importKey('spki', ab(spki), params, false, ['verify']);
      importedKeys.set(id, key);
      // A key that fails to import is not remembered: the error is reported each time.
      key.catch(() => importedKeys.delete(id));
    }
    return key;
  },
  verify(key, algorithm, data, signature) {
    const params =
      algorithm.name === 'ECDSA'
        ? { name: 'ECDSA', hash: algorithm.hash }
        : algorithm.name === 'RSA-PSS'
          ? { name: 'RSA-PSS', saltLength: algorithm.saltLength }
          : { name: algorithm.name };
    return subtle().verify(params, key as CryptoKey, ab(signature), ab(data));
  },
};

/** WebCrypto's digest of `parts` taken as one message. */
export async function digest(hash: HashName, ...parts: Uint8Array[]): Promise<Uint8Array> {
  return webCrypto.digest(hash, parts);
}

export type SignatureCheck =
  | { status: 'VALID'; algorithm: string }
  | { status: 'INVALID'; algorithm: string }
  | { status: 'UNSUPPORTED'; algorithm: string; reason: string };

/** What the signature algorithm means in WebCrypto terms; `digestOid` is the CMS digestAlgorithm (used with bare rsaEncryption / ecPublicKey). */
function describe(
  alg: AlgorithmIdentifier,
  digestOid: string | undefined,
): { kind: 'pkcs1' | 'pss' | 'ecdsa'; hash: HashName; saltLength?: number; name: string } | string {
  const fromDigest = digestOid ? HASH_BY_OID[digestOid] : undefined;
  switch (alg.oid) {
    case OID.sha1WithRSA:
      return { kind: 'pkcs1', hash: 'SHA-1', name: 'RSA PKCS#1 v1.5 SHA-1' };
    case OID.sha256WithRSA:
      return { kind: 'pkcs1', hash: 'SHA-256', name: 'RSA PKCS#1 v1.5 SHA-256' };
    case OID.sha384WithRSA:
      return { kind: 'pkcs1', hash: 'SHA-384', name: 'RSA PKCS#1 v1.5 SHA-384' };
    case OID.sha512WithRSA:
      return { kind: 'pkcs1', hash: 'SHA-512', name: 'RSA PKCS#1 v1.5 SHA-512' };
    case OID.rsaEncryption:
      return fromDigest
        ? { kind: 'pkcs1', hash: fromDigest, name: `RSA PKCS#1 v1.5 ${fromDigest}` }
        : 'unknown digest';
    case OID.ecdsaSha256:
      return { kind: 'ecdsa', hash: 'SHA-256', name: 'ECDSA SHA-256' };
    case OID.ecdsaSha384:
      return { kind: 'ecdsa', hash: 'SHA-384', name: 'ECDSA SHA-384' };
    case OID.ecdsaSha512:
      return { kind: 'ecdsa', hash: 'SHA-512', name: 'ECDSA SHA-512' };
    case OID.ecPublicKey:
      return fromDigest ? { kind: 'ecdsa', hash: fromDigest, name: `ECDSA ${fromDigest}` } : 'unknown digest';
    case OID.rsassaPss:
      return describePss(alg.params);
    default:
      return `signature algorithm ${alg.oid}`;
  }
}

/** RSASSA-PSS-params: [0] hash (default SHA-1), [1] MGF (default MGF1-SHA-1), [2] salt length (default 20). */
function describePss(
  params: DerNode | undefined,
): { kind: 'pss'; hash: HashName; saltLength: number; name: string } | string {
  let hash: HashName = 'SHA-1';
  let mgfHash: HashName = 'SHA-1';
  let saltLength = 20;
  if (params) {
    for (const p of children(params)) {
      const [inner] = children(p);
      if (!inner) continue;
      if (p.tag === ctx(0)) {
        const h = HASH_BY_OID[readOid(children(inner)[0] as DerNode)];
        if (!h) return 'PSS hash';
        hash = h;
      } else if (p.tag === ctx(1)) {
        const [mgfOid, mgfParams] = children(inner);
        if (!mgfOid || readOid(mgfOid) !== OID.mgf1 || !mgfParams) return 'PSS mask generation function';
        const h = HASH_BY_OID[readOid(children(mgfParams)[0] as DerNode)];
        if (!h) return 'PSS MGF1 hash';
        mgfHash = h;
      } else if (p.tag === ctx(2)) saltLength = readSmallInt(inner);
    }
  }
  // WebCrypto ties MGF1's hash to the message hash.
  if (mgfHash !== hash) return 'PSS with a different MGF1 hash';
  // Past int32 the providers part ways (WebCrypto in Node wraps it into OpenSSL's special
  // negative values, node:crypto refuses it); no real key has a salt that long.
  if (saltLength > 0x7fffffff) return 'PSS salt length';
  return { kind: 'pss', hash, saltLength, name: `RSASSA-PSS ${hash}` };
}

const CURVES: Record<string, { name: CurveName; size: number }> = {
  [OID.p256]: { name: 'P-256', size: 32 },
  [OID.p384]: { name: 'P-384', size: 48 },
  [OID.p521]: { name: 'P-521', size: 66 },
};

/** An SPKI whose algorithm is id-RSASSA-PSS, rewritten as rsaEncryption so WebCrypto imports it. */
function rsaSpki(spki: Uint8Array): Uint8Array {
  const [algNode, bits] = children(readNode(spki));
  if (!algNode || !bits) throw new Error('bad SPKI');
  const oid = readOid(children(algNode)[0] as DerNode);
  if (oid !== OID.rsassaPss) return spki;
  const rsaAlg = Uint8Array.from([
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
  ]);
  return encode(TAG.SEQUENCE, concat([rsaAlg, bits.buf.subarray(bits.start, bits.end)]));
}

/** Ecdsa-Sig-Value (DER SEQUENCE of r, s) → r||s as WebCrypto wants. */
function ecdsaDerToRaw(sig: Uint8Array, size: number): Uint8Array | undefined {
  try {
    const seq = readNode(sig);
    if (seq.tag !== TAG.SEQUENCE || seq.end !== sig.length) return undefined;
    const ints = children(seq);
    if (ints.length !== 2) return undefined;
    const out = new Uint8Array(size * 2);
    ints.forEach((n, k) => {
      let v = content(n);
      while (v.length > 0 && v[0] === 0) v = v.subarray(1);
      if (v.length > size) throw new Error('ECDSA integer too long');
      out.set(v, (k + 1) * size - v.length);
    });
    return out;
  } catch {
    return undefined;
  }
}

export function publicKeyCurve(spki: Uint8Array): string | undefined {
  const [algNode] = children(readNode(spki));
  const [, curve] = children(algNode as DerNode);
  return curve?.tag === TAG.OID ? CURVES[readOid(curve)]?.name : undefined;
}

/**
 * Verifies `signature` over `data` with the public key `spki`, through `crypto` (default
 * WebCrypto). Never throws on bad input.
 */
export async function verifySignature(
  spki: Uint8Array,
  alg: AlgorithmIdentifier,
  data: Uint8Array,
  signature: Uint8Array,
  digestOid?: string,
  crypto: VerifyCrypto = webCrypto,
): Promise<SignatureCheck> {
  const d = describe(alg, digestOid);
  if (typeof d === 'string') return { status: 'UNSUPPORTED', algorithm: alg.oid, reason: d };
  try {
    if (d.kind === 'ecdsa') {
      const [algNode] = children(readNode(spki));
      const [, curveNode] = children(algNode as DerNode);
      const curve = curveNode?.tag === TAG.OID ? CURVES[readOid(curveNode)] : undefined;
      if (!curve) return { status: 'UNSUPPORTED', algorithm: d.name, reason: 'EC curve' };
      const algorithm: VerifyAlgorithm = { name: 'ECDSA', hash: d.hash, namedCurve: curve.name };
      const key = await crypto.importKey(spki, algorithm);
      const raw = ecdsaDerToRaw(signature, curve.size);
      if (!raw) return { status: 'INVALID', algorithm: d.name };
      const ok = await crypto.verify(key, algorithm, data, raw);
      return { status: ok ? 'VALID' : 'INVALID', algorithm: `${d.name} ${curve.name}` };
    }
    const algorithm: VerifyAlgorithm =
      d.kind === 'pss'
        ? { name: 'RSA-PSS', hash: d.hash, saltLength: d.saltLength ?? 20 }
        : { name: 'RSASSA-PKCS1-v1_5', hash: d.hash };
    const key = await crypto.importKey(rsaSpki(spki), algorithm);
    const ok = await crypto.verify(key, algorithm, data, signature);
    return { status: ok ? 'VALID' : 'INVALID', algorithm: d.name };
  } catch (e) {
    return { status: 'UNSUPPORTED', algorithm: d.name, reason: e instanceof Error ? e.message : String(e) };
  }
}
