/**
 * One extension connection: challenge, proof, then requests. Every message is decoded with
 * the shared schemas (size first, then JSON, then fields); every failure is answered with a
 * typed error. Before the proof, any failure also closes the socket.
 *
 * This file holds the socket's life (the proof deadline, the message queue, closing); what
 * the messages mean is in ./connection/: pre-auth.ts (the proof and the pairing exchange)
 * and requests.ts (what an authenticated extension asks).
 */
import { HocbaError } from '@hocba/shared/errors';
import {
  decodePreAuthMessage,
  decodeRequest,
  LIMITS,
  PROTOCOL_VERSION,
  protocolError,
} from '@hocba/shared/protocol';
import { OUTBOUND, ReadGate } from './connection/back-pressure.js';
import type { ConnectionOptions, OutgoingMessage } from './connection/options.js';
import { PreAuth } from './connection/pre-auth.js';
import { RequestHandler } from './connection/requests.js';

export type { ConnectionOptions } from './connection/options.js';

/** Extra time, once, for a proof that arrived by the deadline but is still being checked. */
const PROOF_GRACE_MS = 3_000;

export class Connection {
  private readonly preAuth: PreAuth;
  /** Set once the proof is accepted: from then on messages are requests. */
  private requests: RequestHandler | undefined;
  private readonly inFlight = new Set<string>();
  private authTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Whether the peer has sent anything (a full pre-auth pool evicts silent strangers first). */
  spoke = false;
  /** Serialises pre-auth messages: a proof is checked before the next message is read. */
  private queue: Promise<void> = Promise.resolve();
  /** Stops reading a peer that does not read its answers (memory stays bounded). */
  private readonly readGate: ReadGate;
  /** Messages read before the gate closed, handled in order once it opens again. */
  private held: Buffer[] = [];

  constructor(private readonly o: ConnectionOptions) {
    this.readGate = new ReadGate(o.ws, () => this.reopened(), { ...OUTBOUND, ...o.outbound });
    this.preAuth = new PreAuth({
      options: o,
      isClosed: () => this.closed,
      send: (message) => this.send(message),
      refuse: (id, error, reason) => {
        this.sendError(id, error);
        this.close(1008, reason);
      },
      armDeadline: (ms) => this.armDeadline(ms),
      authenticated: (pairingId) => {
        clearTimeout(this.authTimer);
        this.requests = new RequestHandler(
          { options: o, isClosed: () => this.closed, send: (message) => this.send(message) },
          pairingId,
        );
      },
    });
  }

  async start(): Promise<void> {
    const { ws } = this.o;
    ws.on('message', (data) => {
      // Bytes go to the decoder as they are: it bounds the size before decoding any text.
      this.spoke = true;
      const bytes = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(data);
      this.enqueue(bytes);
    });
    ws.on('close', () => this.onClosed());
    ws.on('error', () => this.onClosed());
    this.armDeadline(this.o.proofDeadlineMs);
    this.send({
      type: 'challenge',
      nonce: this.preAuth.nonce,
      companion: { version: this.o.version, protocol: PROTOCOL_VERSION },
      pairing: this.o.pairings.window() ? 'open' : 'closed',
    });
  }

  private enqueue(bytes: Buffer): void {
    // Whatever a message does, the queue goes on and the sender gets a typed answer:
    // a rejection left in this chain would be unhandled and end the process. A message whose
    // turn comes while the peer is not reading its answers waits (back-pressure.ts).
    this.queue = this.queue
      .then(() => (this.readGate.paused ? void this.held.push(bytes) : this.onMessage(bytes)))
      .catch((error) => this.onInternalError(error));
  }

  /** The peer has read its answers: what was held goes on first, in order. */
  private reopened(): void {
    for (const bytes of this.held.splice(0)) this.enqueue(bytes);
  }

  private armDeadline(ms: number): void {
    clearTimeout(this.authTimer);
    // setImmediate: on a starved machine the timer may fire with the proof already waiting in
    // the socket; the poll phase reads it first, so it counts as having arrived in time.
    this.authTimer = setTimeout(() => setImmediate(() => this.onDeadline()), ms);
    this.authTimer.unref?.();
  }

  private graceUsed = false;

  private onDeadline(): void {
    if (this.closed || this.requests !== undefined) return;
    // A message arrived and is being checked (or a pairing is under way): a short grace, once.
    if (this.spoke && !this.graceUsed) {
      this.graceUsed = true;
      this.armDeadline(PROOF_GRACE_MS);
      return;
    }
    this.close(1008, 'authentication timeout');
  }

  private send(message: OutgoingMessage): void {
    if (this.closed || this.o.ws.readyState !== this.o.ws.OPEN) return;
    this.o.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, ...message }));
    this.readGate.afterSend();
  }

  /** Answer bytes queued for the peer, not yet read by it (`occupancy`, tests). */
  get queuedBytes(): number {
    return this.readGate.queuedBytes;
  }

  private sendError(id: string | null, error: HocbaError): void {
    this.send({ type: 'error', id, error: error.toJSON() });
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    const { ws } = this.o;
    ws.close(code, reason);
    // A stranger need not answer our close frame: ws would keep its socket for 30 s, and a
    // churning attacker would pile them up. A moment to flush the frame, then the socket goes.
    if (this.requests === undefined) setTimeout(() => ws.terminate(), 250).unref?.();
    this.onClosed();
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.authTimer);
    this.readGate.stop();
    this.held = [];
    // Before the proof there is no login to end (a login needs an authenticated connection).
    this.requests?.connectionClosed();
    this.o.onClose();
  }

  /** A bug, not an input error: logged with its stack, answered, and the connection goes on. */
  private onInternalError(error: unknown, id: string | null = null): void {
    this.o.log.error('internal error handling a message', {
      connection: this.o.id,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      stack: error instanceof Error ? error.stack?.split('\n').slice(0, 6).join(' | ') : undefined,
    });
    try {
      this.sendError(id, protocolError('INTERNAL_ERROR'));
    } catch {
      // The socket itself failed: nothing more to say on it.
    }
  }

  private async onMessage(data: Buffer): Promise<void> {
    if (this.closed) return;
    const { requests } = this;
    if (requests === undefined) return this.onPreAuth(data);
    const decoded = decodeRequest(data);
    if (decoded.status === 'error') {
      this.sendError(decoded.id, decoded.error);
      return;
    }
    const request = decoded.message;
    if (this.inFlight.has(request.id)) {
      this.sendError(request.id, protocolError('DUPLICATE_REQUEST_ID', { id: request.id }));
      return;
    }
    if (this.inFlight.size >= LIMITS.inFlightRequests) {
      this.sendError(request.id, protocolError('TOO_MANY_REQUESTS'));
      return;
    }
    this.inFlight.add(request.id);
    // Requests run concurrently (a cancel must get through while a batch signs).
    void requests
      .handle(request)
      .catch((error) =>
        error instanceof HocbaError
          ? this.sendError(request.id, error)
          : this.onInternalError(error, request.id),
      )
      .catch((error) => this.onInternalError(error, request.id))
      .finally(() => this.inFlight.delete(request.id));
  }

  private async onPreAuth(data: Buffer): Promise<void> {
    const decoded = decodePreAuthMessage(data);
    if (decoded.status === 'error') {
      this.sendError(
        decoded.id,
        decoded.error.code === 'MESSAGE_INVALID' ? protocolError('NOT_AUTHENTICATED') : decoded.error,
      );
      this.close(1008, 'not authenticated');
      return;
    }
    return this.preAuth.onMessage(decoded.message);
  }
}
