/**
 * The PKCS#11 `Signer`: the private key stays on the token; we hand it the bytes to sign
 * (the DER of the CMS signed attributes the PDF engine built) and return the signature value
 * in the form CMS wants.
 */
import { createHash } from 'node:crypto';
import type { HocbaError } from '@hocba/shared/errors';
import type { SignatureAlgorithmName } from '@hocba/shared/protocol';
import pkcs11js from 'pkcs11js';
import type { Pkcs11Api } from './api.js';
import { fromPkcs11, tokenError } from './errors.js';

export type SignatureAlgorithm = SignatureAlgorithmName;

/**
 * Same shape as `Signer` in shared/src/pdf/signer.ts (the PDF engine's interface); kept
 * structural so this file does not depend on the engine's module layout.
 */
export interface Signer {
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  readonly algorithms: readonly SignatureAlgorithm[];
  sign(data: Uint8Array, algorithm: SignatureAlgorithm): Promise<Uint8Array>;
}

/** DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1), for tokens that only do raw CKM_RSA_PKCS. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** Which algorithms a key can do with the mechanisms its token lists (preferred first). */
export function algorithmsFor(
  keyType: 'rsa' | 'ec' | 'other',
  keyBits: number,
  mechanisms: readonly number[],
): SignatureAlgorithm[] {
  const has = (m: number) => mechanisms.includes(m);
  if (keyType === 'rsa') {
    const out: SignatureAlgorithm[] = [];
    // Thông tư 15/2025 names RSASSA-PSS: prefer it when the token offers it.
    if (has(pkcs11js.CKM_SHA256_RSA_PKCS_PSS) || has(pkcs11js.CKM_RSA_PKCS_PSS)) out.push('rsa-pss-sha256');
    if (has(pkcs11js.CKM_SHA256_RSA_PKCS) || has(pkcs11js.CKM_RSA_PKCS)) out.push('rsa-pkcs1-sha256');
    return out;
  }
  if (keyType === 'ec' && keyBits === 256 && has(pkcs11js.CKM_ECDSA)) return ['ecdsa-p256-sha256'];
  return [];
}

/** Raw r||s (what PKCS#11 CKM_ECDSA returns) → DER Ecdsa-Sig-Value (what CMS carries). */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array): Buffer => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    let body = Buffer.from(bytes.subarray(start));
    if ((body[0] ?? 0) & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const content = Buffer.concat([integer(raw.subarray(0, half)), integer(raw.subarray(half))]);
  const header =
    content.length < 0x80 ? Buffer.from([0x30, content.length]) : Buffer.from([0x30, 0x81, content.length]);
  return new Uint8Array(Buffer.concat([header, content]));
}

export interface Pkcs11SignerInit {
  api: Pkcs11Api;
  session: Buffer;
  key: Buffer;
  certificate: Uint8Array;
  chain: readonly Uint8Array[];
  keyType: 'rsa' | 'ec' | 'other';
  keyBits: number;
  mechanisms: readonly number[];
  /** Called with every token error, so the batch can tell a pulled token from a bad document. */
  onError?: (error: HocbaError) => void;
}

export class Pkcs11Signer implements Signer {
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  readonly algorithms: readonly SignatureAlgorithm[];
  /** Key operations done, for the audit log and tests. */
  signatures = 0;

  constructor(private readonly init: Pkcs11SignerInit) {
    this.certificate = init.certificate;
    this.chain = init.chain;
    this.algorithms = algorithmsFor(init.keyType, init.keyBits, init.mechanisms);
  }

  async sign(data: Uint8Array, algorithm: SignatureAlgorithm): Promise<Uint8Array> {
    if (!this.algorithms.includes(algorithm)) throw tokenError('ALGORITHM_UNSUPPORTED', { algorithm });
    const { api, session, key, mechanisms } = this.init;
    const has = (m: number) => mechanisms.includes(m);
    const digest = () => createHash('sha256').update(data).digest();
    let mechanism: pkcs11js.Mechanism;
    let input: Buffer;
    switch (algorithm) {
      case 'rsa-pkcs1-sha256':
        if (has(pkcs11js.CKM_SHA256_RSA_PKCS)) {
          mechanism = { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS };
          input = Buffer.from(data);
        } else {
          mechanism = { mechanism: pkcs11js.CKM_RSA_PKCS };
          input = Buffer.concat([SHA256_DIGEST_INFO, digest()]);
        }
        break;
      case 'rsa-pss-sha256': {
        const parameter = {
          type: pkcs11js.CK_PARAMS_RSA_PSS,
          hashAlg: pkcs11js.CKM_SHA256,
          mgf: pkcs11js.CKG_MGF1_SHA256,
          saltLen: 32,
        };
        if (has(pkcs11js.CKM_SHA256_RSA_PKCS_PSS)) {
          mechanism = { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS_PSS, parameter };
          input = Buffer.from(data);
        } else {
          mechanism = { mechanism: pkcs11js.CKM_RSA_PKCS_PSS, parameter };
          input = digest();
        }
        break;
      }
      case 'ecdsa-p256-sha256':
        // SoftHSM and most tokens lack CKM_ECDSA_SHA256: hash here, sign the digest.
        mechanism = { mechanism: pkcs11js.CKM_ECDSA };
        input = digest();
        break;
    }
    try {
      api.C_SignInit(session, mechanism, key);
      const out = await api.C_SignAsync(session, input, Buffer.alloc(1024));
      this.signatures++;
      return algorithm === 'ecdsa-p256-sha256' ? ecdsaRawToDer(out) : new Uint8Array(out);
    } catch (error) {
      const typed = fromPkcs11(error, 'C_Sign');
      this.init.onError?.(typed);
      throw typed;
    }
  }
}
