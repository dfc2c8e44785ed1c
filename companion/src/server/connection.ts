/**
 * One extension connection: challenge, proof, then requests. Every message is decoded with
 * the shared schemas (size first, then JSON, then fields); every failure is answered with a
 * typed error. Before the proof, any failure also closes the socket.
 */
import { HocbaError, toHocbaError } from '@hocba/shared/errors';
import {
  type AuthMessage,
  computeClientProof,
  computeServerProof,
  decodePreAuthMessage,
  decodeRequest,
  type EphemeralKey,
  ephemeralKey,
  LIMITS,
  type PairConfirmMessage,
  type PairingHintCode,
  type PairingTranscript,
  type PairStartMessage,
  PROTOCOL_VERSION,
  pairingProof,
  pairingRefusal,
  pairingSecret,
  proofsEqual,
  protocolError,
  type Request,
  randomToken,
  type ServerMessage,
  type SignRequest,
} from '@hocba/shared/protocol';
import type { WebSocket } from 'ws';
import type { AuditLog } from '../audit/index.js';
import { hocbaCommand } from '../deploy/command-name.js';
import type { Logger } from '../log/index.js';
import type { PairingStore, PairingWindow } from '../pairing/index.js';
import type { BatchSigner } from '../signing/batch.js';
import type { FailureTally } from './failure-tally.js';
import type { TokenService } from './token-service.js';

type OmitV<T> = T extends unknown ? Omit<T, 'v'> : never;

export interface ConnectionOptions {
  id: string;
  ws: WebSocket;
  origin: string;
  version: string;
  pairings: PairingStore;
  tokens: TokenService;
  batches: BatchSigner;
  audit: AuditLog;
  log: Logger;
  chain?: readonly Uint8Array[];
  /** Failed proofs, summed into the audit log (never one fsync per failure). */
  failures: FailureTally;
  /** Time from the upgrade to the proof. */
  proofDeadlineMs: number;
  /** Time for a pairing exchange once `pair.start` was accepted (the extension stretches the code). */
  pairingDeadlineMs: number;
  /** `hocba` as typed on this PC, for the refusals that say what to run (default: hocbaCommand()). */
  hocbaCommand?: string;
  /** Moves this connection to an authenticated slot; false when they are all taken. */
  admit: () => boolean;
  onClose: () => void;
}

/** A pairing exchange between `pair.start` and `pair.confirm`. */
interface PairingInProgress {
  window: PairingWindow;
  k: Uint8Array;
  own: EphemeralKey;
  transcript: PairingTranscript;
  label: string | undefined;
}

/** Extra time, once, for a proof that arrived by the deadline but is still being checked. */
const PROOF_GRACE_MS = 3_000;

/** Above this many bytes queued on the socket, the batch waits for the browser to read. */
const HIGH_WATER_BYTES = 16 * 1024 * 1024;

export class Connection {
  private readonly nonce = randomToken();
  private pairingId: string | undefined;
  private readonly inFlight = new Set<string>();
  private authTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private pairing: PairingInProgress | undefined;
  /** Whether the peer has sent anything (a full pre-auth pool evicts silent strangers first). */
  spoke = false;
  /** Serialises pre-auth messages: a proof is checked before the next message is read. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly o: ConnectionOptions) {}

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
      // Whatever a message does, the queue goes on and the sender gets a typed answer:
      // a rejection left in this chain would be unhandled and end the process.
      this.queue = this.queue.then(() => this.onMessage(bytes)).catch((error) => this.onInternalError(error));
    });
    ws.on('close', () => this.onClosed());
    ws.on('error', () => this.onClosed());
    this.armDeadline(this.o.proofDeadlineMs);
    this.send({
      type: 'challenge',
      nonce: this.nonce,
      companion: { version: this.o.version, protocol: PROTOCOL_VERSION },
      pairing: this.o.pairings.window() ? 'open' : 'closed',
    });
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
    if (this.closed || this.pairingId !== undefined) return;
    // A message arrived and is being checked (or a pairing is under way): a short grace, once.
    if (this.spoke && !this.graceUsed) {
      this.graceUsed = true;
      this.armDeadline(PROOF_GRACE_MS);
      return;
    }
    this.close(1008, 'authentication timeout');
  }

  private send(message: OmitV<ServerMessage>): void {
    if (this.closed || this.o.ws.readyState !== this.o.ws.OPEN) return;
    this.o.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, ...message }));
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
    if (this.pairingId === undefined) setTimeout(() => ws.terminate(), 250).unref?.();
    this.onClosed();
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.authTimer);
    // A login dies with the connection that made it; a running batch stops at the next document.
    // (A running batch logs out itself once it has stopped: never pull the session from under C_Sign.)
    for (const batchId of this.runningBatches) this.o.batches.cancel(batchId);
    if (this.runningBatches.size === 0) this.endLogin('disconnected');
    this.o.onClose();
  }

  private readonly runningBatches = new Set<string>();

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
    if (this.pairingId === undefined) return this.onPreAuth(data);
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
    void this.handle(request)
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
    const message = decoded.message;
    if (message.type === 'auth') return this.onAuth(message);
    if (message.type === 'pair.start') return this.onPairStart(message);
    return this.onPairConfirm(message);
  }

  /** A pairing refusal whose hint names this PC's command (hocba.cmd on Windows). */
  private pairingRefusal(code: PairingHintCode): HocbaError {
    return pairingRefusal(code, this.o.hocbaCommand ?? hocbaCommand());
  }

  /** Refuses and closes: before the proof, every refusal ends the connection. */
  private refuse(id: string | null, error: HocbaError, reason: string): void {
    this.sendError(id, error);
    this.close(1008, reason);
  }

  private async onAuth(message: AuthMessage): Promise<void> {
    if (this.pairing)
      return this.refuse(message.id, protocolError('PAIRING_OUT_OF_ORDER'), 'pairing refused');
    const pairing = this.o.pairings.findById(message.pairingId);
    const input = {
      secret: pairing?.secret ?? randomToken(),
      origin: this.o.origin,
      pairingId: message.pairingId,
      nonce: this.nonce,
      clientNonce: message.clientNonce,
    };
    const expected = await computeClientProof(input);
    // The pairing must belong to this very origin: one extension cannot use another's secret.
    if (!pairing || pairing.origin !== this.o.origin || !proofsEqual(expected, message.proof)) {
      this.o.failures.add(this.o.origin, pairing ? 'proof' : 'unknown pairing');
      return this.refuse(message.id, this.pairingRefusal('AUTH_FAILED'), 'authentication failed');
    }
    if (this.closed) return;
    if (!this.o.admit())
      return this.refuse(message.id, protocolError('TOO_MANY_CONNECTIONS'), 'too many connections');
    clearTimeout(this.authTimer);
    this.pairingId = pairing.id;
    this.o.log.info('extension authenticated', { origin: this.o.origin, pairingId: pairing.id });
    this.send({
      type: 'auth.result',
      id: message.id,
      status: 'authenticated',
      pairingId: pairing.id,
      serverProof: await computeServerProof(input),
    });
  }

  /** Pairing, step 1: the companion proves it knows the code (the extension has revealed nothing). */
  private async onPairStart(message: PairStartMessage): Promise<void> {
    if (this.pairing)
      return this.refuse(message.id, protocolError('PAIRING_OUT_OF_ORDER'), 'pairing refused');
    const { pairings, origin } = this.o;
    const attempt = pairings.checkAttempt(origin);
    if (attempt !== 'allowed')
      return this.refuse(
        message.id,
        this.pairingRefusal(attempt === 'closed' ? 'PAIRING_NOT_OPEN' : 'PAIRING_TOO_MANY_ATTEMPTS'),
        'pairing refused',
      );
    const window = pairings.window()!;
    this.armDeadline(this.o.pairingDeadlineMs);
    const [k, own] = await Promise.all([pairings.windowKey(window), ephemeralKey()]);
    const transcript: PairingTranscript = {
      origin,
      nonce: this.nonce,
      clientNonce: message.clientNonce,
      clientKey: message.clientKey,
      serverKey: own.publicKey,
      salt: window.salt,
      iterations: window.iterations,
    };
    this.pairing = { window, k, own, transcript, label: message.label };
    this.send({
      type: 'pair.challenge',
      id: message.id,
      salt: window.salt,
      iterations: window.iterations,
      serverKey: own.publicKey,
      serverProof: await pairingProof(k, 'server', transcript),
    });
  }

  /** Pairing, step 2: the extension's proof; then both derive the secret, which never crosses. */
  private async onPairConfirm(message: PairConfirmMessage): Promise<void> {
    const state = this.pairing;
    this.pairing = undefined;
    if (!state) return this.refuse(message.id, protocolError('PAIRING_OUT_OF_ORDER'), 'pairing refused');
    const { pairings, origin } = this.o;
    const expected = await pairingProof(state.k, 'client', state.transcript);
    if (!proofsEqual(expected, message.proof)) {
      pairings.recordFailure(state.window, origin);
      this.o.failures.add(origin, 'pairing proof');
      return this.refuse(message.id, this.pairingRefusal('PAIRING_CODE_INVALID'), 'pairing refused');
    }
    let secret: string;
    try {
      secret = await pairingSecret(state.k, state.own, state.transcript.clientKey, state.transcript);
    } catch {
      // Not a point on the curve: the proof was right, so this is a broken client, not a guess.
      return this.refuse(message.id, protocolError('PAIRING_OUT_OF_ORDER'), 'pairing refused');
    }
    // One code, one extension: the first to finish consumes the window.
    if (!pairings.consumeWindow(state.window.salt))
      return this.refuse(message.id, this.pairingRefusal('PAIRING_NOT_OPEN'), 'pairing refused');
    const pairing = pairings.add(origin, state.label, new Date(), secret);
    this.o.audit.append({
      event: 'pairing.created',
      pairingId: pairing.id,
      origin: pairing.origin,
      source: 'code',
      ...(pairing.label ? { label: pairing.label } : {}),
    });
    this.o.log.info('extension paired', { origin: pairing.origin, pairingId: pairing.id });
    // The extension proves the derived secret with an ordinary `auth`, on this connection.
    this.armDeadline(this.o.proofDeadlineMs);
    this.send({ type: 'pair.result', id: message.id, status: 'paired', pairingId: pairing.id });
  }

  private async handle(request: Request): Promise<void> {
    const { tokens } = this.o;
    const pairingId = this.pairingId!;
    switch (request.type) {
      case 'status': {
        const module = tokens.moduleInfo();
        const count = module.status === 'loaded' ? tokens.tokenCount() : 0;
        this.send({
          type: 'status.result',
          id: request.id,
          companion: { version: this.o.version, protocol: PROTOCOL_VERSION },
          module,
          token: count > 0 ? 'present' : 'absent',
          tokens: count,
          session: tokens.sessionOf(this.o.id) ? 'loggedIn' : 'loggedOut',
        });
        return;
      }
      case 'listTokens':
        this.send({ type: 'listTokens.result', id: request.id, tokens: tokens.listTokens() });
        return;
      case 'login': {
        const serial = request.token.serial;
        if (this.o.batches.anyRunning()) throw protocolError('BATCH_BUSY');
        try {
          const session = tokens.login(this.o.id, serial, request.pin, request.confirmFinalTry);
          this.o.audit.append({ event: 'login.succeeded', pairingId, token: session.token.label, serial });
          this.send({
            type: 'login.result',
            id: request.id,
            status: 'loggedIn',
            token: { serial, label: session.token.label },
            idleTimeoutSeconds: tokens.idleTimeoutSeconds,
          });
        } catch (caught) {
          const error = toHocbaError(caught);
          this.o.audit.append({ event: 'login.failed', pairingId, token: '', serial, code: error.code });
          this.o.log.warn('token login failed', { serial, errorCode: error.code });
          throw error;
        }
        return;
      }
      case 'sign':
        return this.sign(request);
      case 'cancel':
        this.send({
          type: 'cancel.result',
          id: request.id,
          batchId: request.batchId,
          status: this.o.batches.cancel(request.batchId),
        });
        return;
      case 'logout': {
        // Logging out mid-batch stops the batch cleanly after the current document, then logs out.
        const hadLogin = tokens.sessionOf(this.o.id) !== undefined;
        for (const batchId of this.runningBatches) this.o.batches.cancel(batchId);
        while (this.runningBatches.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
        const ended = this.endLogin('requested') || hadLogin;
        this.send({ type: 'logout.result', id: request.id, status: ended ? 'loggedOut' : 'notLoggedIn' });
        return;
      }
    }
  }

  private async sign(request: SignRequest): Promise<void> {
    const { tokens, batches } = this.o;
    const session = tokens.sessionOf(this.o.id);
    if (!session || session.token.serial !== request.token.serial) throw protocolError('NOT_LOGGED_IN');
    // One batch at a time on a login: a second would share the PKCS#11 session, and the end
    // of one would log out the other in the middle of its C_Sign.
    if (batches.isRunning(request.batchId) || this.runningBatches.size > 0) throw protocolError('BATCH_BUSY');
    this.runningBatches.add(request.batchId);
    try {
      const result = await batches.signPart(request, {
        pairingId: this.pairingId!,
        session,
        chain: this.o.chain ?? [],
        emit: async (event) => {
          tokens.touch();
          this.send({ type: 'progress', ...event });
          await this.drain();
        },
      });
      // One login per batch: the PIN's effect ends with the batch (or with the connection).
      if (result.batch === 'closed' || this.closed)
        this.endLogin(this.closed ? 'disconnected' : 'batch finished');
      this.send({ type: 'sign.result', id: request.id, batchId: request.batchId, ...result });
    } finally {
      this.runningBatches.delete(request.batchId);
    }
  }

  /** Ends this connection's login, if it holds one, and audits it. */
  private endLogin(reason: string): boolean {
    const session = this.o.tokens.sessionOf(this.o.id);
    const ended = this.o.tokens.logout(reason, this.o.id);
    if (ended && this.pairingId)
      this.o.audit.append({
        event: 'logout',
        pairingId: this.pairingId,
        serial: session?.token.serial ?? '',
        reason,
      });
    return ended;
  }

  /** Waits while the browser has not read what we sent (a 1,000-document batch is large). */
  private async drain(): Promise<void> {
    while (!this.closed && this.o.ws.bufferedAmount > HIGH_WATER_BYTES)
      await new Promise((r) => setTimeout(r, 20));
  }
}
