/**
 * Pairing with a one-time code, where both sides prove they know the code and neither sends
 * it. WebCrypto only, so it runs in the extension and in Node alike.
 *
 *   extension → pair.start    { clientNonce, clientKey }            (reveals nothing)
 *   companion → pair.challenge{ salt, iterations, serverKey, serverProof }
 *   extension: K = PBKDF2(code, salt, iterations); checks serverProof = HMAC(K, "server"|T);
 *              a program squatting the port cannot make it, so on a mismatch the extension
 *              stops there, having revealed nothing derived from the code.
 *   extension → pair.confirm  { proof = HMAC(K, "client"|T) }
 *   companion: checks it (a wrong one counts against this origin), then both derive
 *              secret = HKDF(ECDH(clientKey, serverKey), salt = K, info = T)
 *   companion → pair.result   { pairingId }                           (no secret on the wire)
 *
 * T is the transcript: origin, the connection's challenge nonce, both nonces-and-keys, salt
 * and iterations, so a proof is bound to this exchange and this extension only. The ECDH
 * part means someone who recorded the exchange and later learns the code still cannot
 * compute the secret. The code has ~39 bits; a party that obtains one proof (a local
 * program acting as the extension during the window) could try codes offline, so K is
 * stretched: one guess costs `iterations` HMACs, and the window lasts minutes.
 */
import { base64UrlDecode, base64UrlEncode, normalizePairingCode, randomToken } from './auth.js';

/** PBKDF2-SHA256 iterations: ~0.1–0.5 s once per attempt in the extension, once per window in the companion. */
export const PAIRING_KDF_ITERATIONS = 300_000;
/** What the extension accepts from a companion (a squatter must not make it compute for minutes). */
export const PAIRING_KDF_MAX_ITERATIONS = 2_000_000;

export interface PairingTranscript {
  origin: string;
  /** The companion's `challenge.nonce` on this connection. */
  nonce: string;
  clientNonce: string;
  clientKey: string;
  serverKey: string;
  salt: string;
  iterations: number;
}

type Bytes = Uint8Array<ArrayBuffer>;

function transcriptText(label: string, t: PairingTranscript): Bytes {
  return new TextEncoder().encode(
    [
      'hocba-pair-v1',
      label,
      t.origin,
      t.nonce,
      t.clientNonce,
      t.clientKey,
      t.serverKey,
      t.salt,
      t.iterations,
    ].join('|'),
  ) as Bytes;
}

/** K: the code, normalised (case and dashes ignored), stretched with the window's salt. */
export async function stretchPairingCode(
  code: string,
  salt: string,
  iterations: number,
): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(normalizePairingCode(code)) as Bytes,
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: base64UrlDecode(salt) as Bytes, iterations },
    material,
    256,
  );
  return new Uint8Array(bits);
}

/** The companion's (`server`) or the extension's (`client`) proof of K over the transcript. */
export async function pairingProof(
  k: Uint8Array,
  side: 'server' | 'client',
  transcript: PairingTranscript,
): Promise<string> {
  const key = await crypto.subtle.importKey('raw', k as Bytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, transcriptText(side, transcript));
  return base64UrlEncode(new Uint8Array(mac));
}

export interface EphemeralKey {
  privateKey: CryptoKey;
  /** Uncompressed P-256 point, base64url (87 characters). */
  publicKey: string;
}

export async function ephemeralKey(): Promise<EphemeralKey> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, [
    'deriveBits',
  ])) as CryptoKeyPair;
  const raw = await crypto.subtle.exportKey('raw', pair.publicKey);
  return { privateKey: pair.privateKey, publicKey: base64UrlEncode(new Uint8Array(raw)) };
}

/**
 * The pairing secret both sides derive (base64url, 32 bytes). Throws on a peer key that is
 * not a point of P-256 (WebCrypto checks it).
 */
export async function pairingSecret(
  k: Uint8Array,
  own: EphemeralKey,
  peerPublicKey: string,
  transcript: PairingTranscript,
): Promise<string> {
  const peer = await crypto.subtle.importKey(
    'raw',
    base64UrlDecode(peerPublicKey) as Bytes,
    { name: 'ECDH', namedCurve: 'P-256' },
    false,
    [],
  );
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, own.privateKey, 256);
  const ikm = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveBits']);
  const secret = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: k as Bytes, info: transcriptText('secret', transcript) },
    ikm,
    256,
  );
  return base64UrlEncode(new Uint8Array(secret));
}

/** A fresh window salt (16 bytes would do; 32 keeps one token format). */
export function pairingSalt(): string {
  return randomToken();
}
