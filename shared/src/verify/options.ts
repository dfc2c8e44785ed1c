/** What a caller may set for one verification, and the bounds every verification keeps. */
import type { VerifyCrypto } from './crypto.js';
import type { RevocationData } from './revocation/index.js';
import type { TrustStore, TrustStoreOptions } from './trust/index.js';

export interface VerifyOptions {
  /** A prepared store, or options for one (bundled Vietnamese roots + admin anchors). */
  trust?: TrustStore | TrustStoreOptions;
  /** Extra revocation data (CRLs / OCSP responses, DER) besides what the file carries. */
  revocation?: Partial<RevocationData>;
  /** Missing revocation data makes a signature INDETERMINATE/TRY_LATER (default false: reported only). */
  requireRevocation?: boolean;
  /** Files larger than this are not read (default 50 MB). */
  maxBytes?: number;
  /**
   * The verification time (default: the current time): certificates expired by then need a
   * time-stamp proving the signature existed before (warnings TIME_NOT_PROVEN_BEFORE_EXPIRY,
   * TIMESTAMP_EXPIRED); also the time for signatures with no signing time at all.
   */
  now?: Date;
  /**
   * Digests and signature checks (default WebCrypto, the ranges joined for it). `hocba verify`
   * passes node:crypto's: answered on the calling thread, no thread-pool round trip a call,
   * the two byte ranges hashed as they lie (no 250 KB copy a signature).
   */
  crypto?: VerifyCrypto;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/** More incremental updates than any real record has; past this the comparison work would explode. */
export const MAX_REVISIONS = 200;
/** More signatures than a five-year record with every role and time-stamp carries. */
export const MAX_SIGNATURES = 64;
