/**
 * Anchors: the audit log's head (line number and hash) signed with the signer's own token
 * at the end of each batch part, inside the login the batch already has (no second PIN).
 * Whoever can write the data folder can rewrite an unkeyed hash chain from scratch; they
 * cannot make the token sign their new head. An anchor proves that the log held exactly
 * these `seq` lines ending in `hash` when that certificate's key signed it.
 *
 * The signed statement is a fixed-format text with its own prefix, so it can never be
 * mistaken for a document signature (a CMS structure over a PDF's byte ranges).
 */
import { constants, createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithmName } from '@hocba/shared/protocol';

/** The token's signature algorithms: the protocol's list, the one source. */
export type AnchorAlgorithm = SignatureAlgorithmName;

export interface AuditAnchor {
  /** The anchored line's number and the SHA-256 of its text. */
  seq: number;
  hash: string;
  time: string;
  batchId: string;
  algorithm: AnchorAlgorithm;
  /** DER of the signer's certificate, base64. */
  certificate: string;
  /** The signature value over `anchorStatement(...)`, base64 (ECDSA: DER). */
  signature: string;
}

export function anchorStatement(a: Pick<AuditAnchor, 'seq' | 'hash' | 'time' | 'batchId'>): Uint8Array {
  return new TextEncoder().encode(
    `hocba-audit-anchor/1\nseq ${a.seq}\nhash ${a.hash}\ntime ${a.time}\nbatch ${a.batchId}\n`,
  );
}

export const certificateSha256 = (der: Uint8Array | string): string =>
  createHash('sha256')
    .update(typeof der === 'string' ? Buffer.from(der, 'base64') : der)
    .digest('hex');

/** Whether the anchor's signature verifies with its certificate; the signer's subject if so. */
export function checkAnchorSignature(
  a: AuditAnchor,
): { ok: true; subject: string } | { ok: false; reason: string } {
  try {
    const cert = new X509Certificate(Buffer.from(a.certificate, 'base64'));
    const key = cert.publicKey;
    const data = anchorStatement(a);
    const signature = Buffer.from(a.signature, 'base64');
    const ok =
      a.algorithm === 'rsa-pss-sha256'
        ? verifySignature(
            'sha256',
            data,
            { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
            signature,
          )
        : a.algorithm === 'rsa-pkcs1-sha256'
          ? verifySignature('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature)
          : a.algorithm === 'ecdsa-p256-sha256'
            ? verifySignature('sha256', data, key, signature)
            : false;
    return ok
      ? { ok: true, subject: cert.subject.replace(/\n/g, ', ') }
      : { ok: false, reason: 'signature does not verify' };
  } catch (error) {
    return { ok: false, reason: `unreadable anchor (${(error as Error).message})` };
  }
}

const isAnchorAlgorithm = (name: string | undefined): name is AnchorAlgorithm =>
  (SIGNATURE_ALGORITHMS as readonly (string | undefined)[]).includes(name);

/** Parses an anchor from untrusted JSON (the anchors file, the log, a head kept by the extension). */
export function parseAnchor(value: unknown): AuditAnchor | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const seq = v.seq;
  const algorithm = str('algorithm');
  if (
    typeof seq !== 'number' ||
    !Number.isSafeInteger(seq) ||
    seq < 1 ||
    !/^[0-9a-f]{64}$/.test(str('hash') ?? '') ||
    str('time') === undefined ||
    str('batchId') === undefined ||
    str('certificate') === undefined ||
    str('signature') === undefined ||
    !isAnchorAlgorithm(algorithm)
  )
    return undefined;
  return {
    seq,
    hash: str('hash')!,
    time: str('time')!,
    batchId: str('batchId')!,
    algorithm,
    certificate: str('certificate')!,
    signature: str('signature')!,
  };
}
