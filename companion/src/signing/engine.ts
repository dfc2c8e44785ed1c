/**
 * What the batch needs from the PDF engine (shared/src/pdf, built on the `pdf` branch): a
 * record rendered to its unsigned PDF, and a role's signature added to a PDF. The companion
 * signs only documents it prepared itself through this interface, never a bare hash.
 */
import type { SignatureRole } from '@hocba/shared/roles';
import type { SignatureAlgorithm, Signer } from '../pkcs11/signer.js';

export interface SignOptions {
  signer: Signer;
  role: SignatureRole;
  algorithm: SignatureAlgorithm;
  /** Signer's name in words, for the visible stamp. */
  signerName: string;
  /** A record to attach (associated file) before signing a portal PDF. */
  attachRecord?: Record<string, unknown>;
}

export interface SigningEngine {
  /** The unsigned PDF of a record (deterministic for the same record). */
  renderRecord(record: Record<string, unknown>): Promise<Uint8Array>;
  /** The PDF with the role's signature added as an incremental update. */
  sign(pdf: Uint8Array, options: SignOptions): Promise<Uint8Array>;
}
