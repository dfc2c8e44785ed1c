/**
 * The pairing proof, with WebCrypto so it runs in the extension's service worker and in Node.
 *
 * On connect the companion sends a fresh random `nonce`; the extension answers with its own
 * `clientNonce` and proof = HMAC-SHA256(secret, "hocba-auth-v1|client|" + origin + "|" +
 * pairingId + "|" + nonce + "|" + clientNonce). The secret never crosses the socket after
 * pairing; a proof is bound to one connection's nonce (a replay on another connection
 * fails) and to the browser-reported Origin. The companion answers with serverProof (same
 * MAC, label "server"), so the extension knows it talks to the companion that holds the
 * secret and not to another local program squatting the port.
 */

export interface ProofInput {
  /** base64url of the 32-byte pairing secret. */
  secret: string;
  /** The extension's origin, exactly as the browser sends it: `chrome-extension://<id>`. */
  origin: string;
  pairingId: string;
  nonce: string;
  clientNonce: string;
}

export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** 32 random bytes, base64url: nonces and pairing secrets. */
export function randomToken(): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(32)));
}

async function mac(label: 'client' | 'server', input: ProofInput): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    base64UrlDecode(input.secret) as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const message = [
    'hocba-auth-v1',
    label,
    input.origin,
    input.pairingId,
    input.nonce,
    input.clientNonce,
  ].join('|');
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message));
  return base64UrlEncode(new Uint8Array(signature));
}

/** The extension's proof (`auth.proof`). */
export function computeClientProof(input: ProofInput): Promise<string> {
  return mac('client', input);
}

/** The companion's proof (`auth.result.serverProof`). */
export function computeServerProof(input: ProofInput): Promise<string> {
  return mac('server', input);
}

/** Constant-time comparison of two base64url strings of proofs. */
export function proofsEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Pairing codes: 8 characters without look-alikes (no 0/O, 1/I/L, U), shown as XXXX-XXXX. */
export const PAIRING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

export function normalizePairingCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function formatPairingCode(code: string): string {
  const c = normalizePairingCode(code);
  return `${c.slice(0, 4)}-${c.slice(4)}`;
}

/** Extension origins the companion may pair with (never a web page's). */
export function isExtensionOrigin(origin: string): boolean {
  return /^chrome-extension:\/\/[a-p]{32}$/.test(origin) || /^moz-extension:\/\/[0-9a-f-]{36}$/.test(origin);
}

/**
 * The extension's answer to a `challenge`: builds the `auth` message and the serverProof it
 * must then see in `auth.result` (compare with `proofsEqual`; close the socket if it differs).
 */
export async function createAuth(options: {
  id: string;
  pairingId: string;
  secret: string;
  origin: string;
  nonce: string;
}): Promise<{
  message: { v: 1; type: 'auth'; id: string; pairingId: string; clientNonce: string; proof: string };
  expectedServerProof: string;
}> {
  const input = { ...options, clientNonce: randomToken() };
  const proof = await computeClientProof(input);
  return {
    message: {
      v: 1,
      type: 'auth',
      id: options.id,
      pairingId: options.pairingId,
      clientNonce: input.clientNonce,
      proof,
    },
    expectedServerProof: await computeServerProof(input),
  };
}
