/**
 * What the batch needs from the PDF engine (shared/src/pdf): a record rendered to its
 * unsigned PDF, and a role's signature added to a PDF. The companion signs only documents it
 * prepared itself through this interface, never a bare hash. Records reach the engine
 * already validated (`requireRecord` in the batch): the types say so.
 */
import type { HocbaError } from '@hocba/shared/errors';
import type { SignatureLevel } from '@hocba/shared/protocol';
import type { HocBaRecord } from '@hocba/shared/record';
import type { SignatureRole } from '@hocba/shared/roles';
import type { SignatureAlgorithm, Signer } from '../pkcs11/signer.js';

export interface SignOptions {
  signer: Signer;
  role: SignatureRole;
  /** The algorithm the user asked for; otherwise the engine's policy chooses among the key's. */
  algorithm?: SignatureAlgorithm;
  /** Signer's name in words (audit, and the stamp where the engine draws one). */
  signerName: string;
  /**
   * A record to attach (associated file, its own incremental update) before signing a
   * portal PDF, so the signature covers it. Left alone when the PDF already carries the
   * same record; refused when it carries another one, or when the PDF is already signed.
   */
  attachRecord?: HocBaRecord;
  /**
   * The user chose to go on without the configured time-stamp server: B-B. The batch records
   * the choice in the audit log.
   */
  withoutTimestamp?: boolean;
  /**
   * SHA-256 (hex) of `pdf`, which the batch computed to compare with what was shown: the
   * engine derives the new revision's file ID from it instead of hashing the file again.
   */
  inputSha256?: string;
  /**
   * The caller will not read `pdf` again: its buffer may be moved to the engine's worker
   * (and is then detached, length 0) instead of copied.
   */
  handOver?: boolean;
}

export interface SignedDocument {
  pdf: Uint8Array;
  /** The algorithm actually used (for the audit log). */
  algorithm: SignatureAlgorithm;
  /** PAdES level achieved. */
  level: SignatureLevel;
  /** B-LT was configured but the revocation data could not be had: why (the file is B-T). */
  revocationError?: HocbaError;
}

export interface SigningEngine {
  /** The unsigned PDF of a record, the record JSON inside (deterministic for the same record). */
  renderRecord(record: HocBaRecord): Promise<Uint8Array>;
  /** The PDF with the role's signature added as an incremental update. */
  sign(pdf: Uint8Array, options: SignOptions): Promise<SignedDocument>;
  /**
   * Reads a PDF that came from outside (a portal's) within time and memory limits before it
   * is signed; rejects with a typed error (PDF_LIMIT, PDF_MALFORMED...) when it cannot.
   */
  checkPdf?(pdf: Uint8Array, use: { role: SignatureRole; attachRecord: boolean }): Promise<void>;
}
