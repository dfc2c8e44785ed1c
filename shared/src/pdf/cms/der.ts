/**
 * The engine's hashing helpers and a byte comparison. (The DER itself is in ../../asn1: the
 * reader, the writer and the OID table.)
 */

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
