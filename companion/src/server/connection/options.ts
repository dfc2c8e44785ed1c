/**
 * What a connection is given, and what its two handlers (the proof and pairing exchange
 * before authentication, the requests after it) ask of the connection they serve. Its own
 * file so connection.ts and the handlers import it without importing each other.
 */
import type { HocbaError } from '@hocba/shared/errors';
import type { ServerMessage } from '@hocba/shared/protocol';
import type { WebSocket } from 'ws';
import type { AuditLog } from '../../audit/index.js';
import type { Logger } from '../../log/index.js';
import type { PairingStore } from '../../pairing/index.js';
import type { BatchSigner } from '../../signing/batch.js';
import type { FailureTally } from '../failure-tally.js';
import type { TokenService } from '../token-service.js';
import type { OutboundBounds } from './back-pressure.js';

/**
 * The companion's services: given once to the server (CompanionServerOptions), passed on as
 * they are to every connection it accepts.
 */
export interface CompanionServices {
  version: string;
  pairings: PairingStore;
  tokens: TokenService;
  batches: BatchSigner;
  audit: AuditLog;
  log: Logger;
  chain?: readonly Uint8Array[];
  /** `hocba` as typed on this PC, for the refusals and pairing hints that say what to run (default: hocbaCommand()). */
  hocbaCommand?: string;
  /** When a peer not reading its answers stops being read (back-pressure.ts); tests lower them. */
  outbound?: Partial<OutboundBounds>;
}

export interface ConnectionOptions extends CompanionServices {
  id: string;
  ws: WebSocket;
  origin: string;
  /** Failed proofs, summed into the audit log (never one fsync per failure). */
  failures: FailureTally;
  /** Time from the upgrade to the proof. */
  proofDeadlineMs: number;
  /** Time for a pairing exchange once `pair.start` was accepted (the extension stretches the code). */
  pairingDeadlineMs: number;
  /** Moves this connection to an authenticated slot; false when they are all taken. */
  admit: () => boolean;
  onClose: () => void;
}

/** Distributes Omit over a union so each member keeps its own fields. */
type OmitV<T> = T extends unknown ? Omit<T, 'v'> : never;

/** A message to the extension without its version (send adds it). */
export type OutgoingMessage = OmitV<ServerMessage>;

/** What the request handler asks of its connection. */
export interface ConnectionLink {
  readonly options: ConnectionOptions;
  /** Whether the socket has closed: nothing more goes out, a batch stops at the next document. */
  isClosed(): boolean;
  send(message: OutgoingMessage): void;
}

/** What the proof and pairing exchange asks of its connection, besides the above. */
export interface PreAuthLink extends ConnectionLink {
  /** Answers with the error and closes: before the proof, every refusal ends the connection. */
  refuse(id: string | null, error: HocbaError, reason: string): void;
  /** (Re)starts the time the peer has to prove itself. */
  armDeadline(ms: number): void;
  /** The proof is accepted: the deadline ends and requests are read from now on. */
  authenticated(pairingId: string): void;
}
