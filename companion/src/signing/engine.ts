/**
 * What the batch needs from the PDF engine (shared/src/pdf): a record rendered to its
 * unsigned PDF, and a role's signature added to a PDF. The companion signs only documents it
 * prepared itself through this interface, never a bare hash.
 */
import type { SignatureRole } from '@hocba/shared/roles';
import type { SignatureAlgorithm, Signer } from '../pkcs11/signer.js';

export interface SignOptions {
  signer: Signer;
  role: SignatureRole;
  /** The algorithm the user asked for; otherwise the engine's policy chooses among the key's. */
  algorithm?: SignatureAlgorithm;
  /** Signer's name in words (audit, and the stamp where the engine draws one). */
  signerName: string;
  /** A record to attach (associated file) before signing a portal PDF. */
  attachRecord?: Record<string, unknown>;
}

export interface SignedDocument {
  pdf: Uint8Array;
  /** The algorithm actually used (for the audit log). */
  algorithm: SignatureAlgorithm;
}

export interface SigningEngine {
  /** The unsigned PDF of a record (deterministic for the same record). */
  renderRecord(record: Record<string, unknown>): Promise<Uint8Array>;
  /** The PDF with the role's signature added as an incremental update. */
  sign(pdf: Uint8Array, options: SignOptions): Promise<SignedDocument>;
}
