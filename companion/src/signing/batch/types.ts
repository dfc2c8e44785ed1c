/** What a batch part is given and gives back, and what the signer keeps of each batch between parts. */
import type { ErrorInfo } from '@hocba/shared/errors';
import type { DocumentToSign, ProgressEvent } from '@hocba/shared/protocol';
import type { AuditAnchor } from '../../audit/index.js';
import type { Pkcs11Session } from '../../pkcs11/index.js';

export interface BatchState {
  batchId: string;
  role: string;
  certificateId: string;
  total: number;
  finished: Map<string, 'signed' | 'alreadySigned' | 'failed'>;
  running: boolean;
  cancelled: boolean;
  closed: boolean;
}

export interface BatchPartResult {
  status: 'completed' | 'cancelled' | 'failed';
  signed: string[];
  notSigned: { docId: string; error: ErrorInfo }[];
  batch: 'open' | 'closed';
  error?: ErrorInfo;
  /** The audit log's head, signed by this batch's key: the extension keeps it. */
  auditHead?: AuditAnchor;
}

/** A progress event; with `BatchContext.signedBytes`, `pdf` in place of `pdfBase64`. */
export type BatchProgress = Omit<ProgressEvent, 'v' | 'type'> & { pdf?: Uint8Array };

export interface BatchContext {
  pairingId: string;
  session: Pkcs11Session;
  emit: (event: BatchProgress) => Promise<void>;
  /**
   * In-process callers that write the signed file themselves (`hocba sign`): the event
   * carries the bytes (`pdf`) instead of their base64 (`pdfBase64`), which the protocol
   * needs on the wire but a file does not.
   */
  signedBytes?: boolean;
  /** Extra chain certificates from the configuration. */
  chain: readonly Uint8Array[];
  now?: () => Date;
  /**
   * Reads a PDF document's bytes when its turn comes (`hocba sign`: from its file) instead
   * of from the request's base64, so a long batch never holds every input at once.
   */
  readPdf?: (doc: DocumentToSign) => Uint8Array;
}
