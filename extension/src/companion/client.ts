/**
 * One authenticated connection to the companion, opened from an extension page or the
 * service worker (never a content script: the companion refuses a portal's Origin).
 *
 *   const client = await CompanionClient.connect();      // challenge → auth → serverProof checked
 *   const status = await client.request({ type: 'status' });
 *
 * A login lives as long as the socket: a batch is signed on one connection.
 */
import { type ErrorParams, HocbaError } from '@hocba/shared/errors';
import {
  type ChallengeMessage,
  createAuth,
  decodeServerMessage,
  ephemeralKey,
  type PairChallenge,
  type PairingTranscript,
  type PairResult,
  type ProgressEvent,
  pairingProof,
  pairingSecret,
  proofsEqual,
  randomToken,
  type ServerMessage,
  stretchPairingCode,
} from '@hocba/shared/protocol';
import { keepAuditHead } from './audit-heads.js';
import { companionError } from './errors.js';
import { hocbaCommandHere } from './hocba-command.js';
import { type CompanionSettings, companionSettings, extensionOrigin, type Pairing } from './settings.js';

const CHALLENGE_TIMEOUT_MS = 5_000;
/** The companion closes a silent stranger with this when its pre-auth pool is full: try again. */
const CLOSE_TRY_AGAIN = 1013;
const CONNECT_ATTEMPTS = 5;
const ANSWER_TIMEOUT_MS = 60_000;

type Pending = {
  resolve: (message: ServerMessage) => void;
  reject: (error: HocbaError) => void;
  onProgress?: (event: ProgressEvent) => void;
  timer?: ReturnType<typeof setTimeout>;
  /** Sign requests wait as long as progress keeps coming. */
  longRunning: boolean;
};

type Outgoing = { type: string; [key: string]: unknown };

/** An error whose hint says what to run on this PC: `hocba …`, or `hocba.cmd …` on Windows. */
async function hintedError(
  code: 'COMPANION_UNREACHABLE' | 'COMPANION_NOT_PAIRED',
  params: ErrorParams = {},
): Promise<HocbaError> {
  const { command } = await hocbaCommandHere();
  return companionError(code, { ...params, hocba: command });
}

let counter = 0;
const nextId = () => `x${Date.now().toString(36)}.${(counter++).toString(36)}`;

export class CompanionClient {
  private readonly pending = new Map<string, Pending>();
  private closedError: HocbaError | undefined;

  private constructor(
    private readonly socket: WebSocket,
    readonly challenge: ChallengeMessage,
    readonly settings: CompanionSettings,
  ) {
    socket.addEventListener('message', (event) => this.onMessage(String(event.data)));
    socket.addEventListener('close', (event) => this.onClose(event.code));
  }

  /** Opens the socket and waits for the companion's challenge; does not authenticate. */
  static async open(settings?: CompanionSettings): Promise<CompanionClient> {
    const s = settings ?? (await companionSettings());
    const socket = new WebSocket(`ws://127.0.0.1:${s.port}/`);
    const challenge = await new Promise<ChallengeMessage>((resolve, reject) => {
      const unreachable = () => void hintedError('COMPANION_UNREACHABLE', { port: s.port }).then(reject);
      const timer = setTimeout(() => {
        socket.close();
        unreachable();
      }, CHALLENGE_TIMEOUT_MS);
      socket.addEventListener('close', (event) => {
        clearTimeout(timer);
        if (event.code === CLOSE_TRY_AGAIN) reject(companionError('COMPANION_BUSY'));
        else unreachable();
      });
      socket.addEventListener(
        'message',
        (event) => {
          clearTimeout(timer);
          const decoded = decodeServerMessage(String(event.data));
          if (decoded.status === 'ok' && decoded.message.type === 'challenge') resolve(decoded.message);
          else {
            socket.close();
            unreachable();
          }
        },
        { once: true },
      );
    });
    return new CompanionClient(socket, challenge, s);
  }

  /**
   * Opens and authenticates with the stored pairing. Strangers crowding the companion's
   * pre-auth pool push each other out, so a connection closed with "try again" is retried:
   * the extension proves itself within milliseconds of getting in.
   */
  static async connect(settings?: CompanionSettings): Promise<CompanionClient> {
    const s = settings ?? (await companionSettings());
    const pairing = s.pairing;
    if (!pairing) throw await hintedError('COMPANION_NOT_PAIRED');
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      try {
        const client = await CompanionClient.open(s);
        await client.authenticate(pairing);
        return client;
      } catch (error) {
        const code = error instanceof HocbaError ? error.code : '';
        // Crowded: pushed out of the pre-auth pool. Dropped at once before the upgrade: a flood
        // of half-open connections may have pushed ours out (a stopped companion costs one retry).
        const retry =
          (code === 'COMPANION_BUSY' && attempt < CONNECT_ATTEMPTS) ||
          (code === 'COMPANION_UNREACHABLE' && attempt < 2 && Date.now() - started < 1_000);
        if (!retry) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25 * attempt + Math.random() * 50));
      }
    }
  }

  async authenticate(pairing: Pairing): Promise<void> {
    const id = nextId();
    const { message, expectedServerProof } = await createAuth({
      id,
      pairingId: pairing.pairingId,
      secret: pairing.secret,
      origin: extensionOrigin(),
      nonce: this.challenge.nonce,
    });
    let answer: ServerMessage;
    try {
      answer = await this.send(message, id);
    } catch (error) {
      // A refused proof closes the socket: the pairing was revoked or the secret is stale.
      if (error instanceof HocbaError && error.code === 'COMPANION_CLOSED')
        throw await hintedError('COMPANION_NOT_PAIRED');
      throw error;
    }
    if (answer.type !== 'auth.result' || !proofsEqual(answer.serverProof, expectedServerProof)) {
      this.close();
      throw companionError('COMPANION_IMPOSTER', { port: this.settings.port });
    }
  }

  /**
   * During an open `hocba pair` window: proves knowledge of the one-time code, after the
   * companion has proved it first (shared/src/protocol/pairing.ts), and derives the secret;
   * neither the code nor the secret crosses the socket. Authenticate with the result next.
   */
  async pair(code: string, label: string): Promise<Pairing> {
    const own = await ephemeralKey();
    const clientNonce = randomToken();
    const startId = nextId();
    const challenge = (await this.send(
      { v: 1, type: 'pair.start', id: startId, clientNonce, clientKey: own.publicKey, label },
      startId,
    )) as PairChallenge;
    if (challenge.type !== 'pair.challenge')
      throw companionError('COMPANION_IMPOSTER', { port: this.settings.port });
    const transcript: PairingTranscript = {
      origin: extensionOrigin(),
      nonce: this.challenge.nonce,
      clientNonce,
      clientKey: own.publicKey,
      serverKey: challenge.serverKey,
      salt: challenge.salt,
      iterations: challenge.iterations,
    };
    const k = await stretchPairingCode(code, challenge.salt, challenge.iterations);
    if (!proofsEqual(challenge.serverProof, await pairingProof(k, 'server', transcript))) {
      // A typo, or a program on the port that does not know the code: either way, stop here.
      this.close();
      throw companionError('PAIRING_CODE_MISMATCH', { port: this.settings.port });
    }
    const confirmId = nextId();
    const answer = (await this.send(
      { v: 1, type: 'pair.confirm', id: confirmId, proof: await pairingProof(k, 'client', transcript) },
      confirmId,
    )) as PairResult;
    const secret = await pairingSecret(k, own, challenge.serverKey, transcript);
    return { pairingId: answer.pairingId, secret };
  }

  /** Sends a request (an id is added) and resolves with its answer; progress events go to `onProgress`. */
  request(message: Outgoing, onProgress?: (event: ProgressEvent) => void): Promise<ServerMessage> {
    const id = nextId();
    return this.send({ v: 1, ...message, id }, id, onProgress);
  }

  close(): void {
    this.socket.close();
  }

  private send(
    message: object,
    id: string,
    onProgress?: (event: ProgressEvent) => void,
  ): Promise<ServerMessage> {
    if (this.closedError || this.socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(this.closedError ?? companionError('COMPANION_CLOSED'));
    }
    return new Promise((resolve, reject) => {
      const entry: Pending = { resolve, reject, longRunning: (message as Outgoing).type === 'sign' };
      if (onProgress) entry.onProgress = onProgress;
      this.pending.set(id, entry);
      this.arm(id, entry);
      this.socket.send(JSON.stringify(message));
    });
  }

  private arm(id: string, entry: Pending): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      this.pending.delete(id);
      entry.reject(companionError('COMPANION_TIMEOUT', { seconds: ANSWER_TIMEOUT_MS / 1000 }));
    }, ANSWER_TIMEOUT_MS);
  }

  private onMessage(data: string): void {
    const decoded = decodeServerMessage(data);
    if (decoded.status !== 'ok') return;
    const message = decoded.message;
    const id = 'id' in message ? message.id : null;
    if (id === null || id === undefined) {
      if (message.type === 'error')
        this.closedError = new HocbaError(message.error.code, message.error.message);
      return;
    }
    const entry = this.pending.get(id);
    if (!entry) return;
    if (message.type === 'progress') {
      if (entry.longRunning) this.arm(id, entry);
      entry.onProgress?.(message);
      return;
    }
    clearTimeout(entry.timer);
    this.pending.delete(id);
    // The companion's signed audit head: kept in the extension too (audit-heads.ts).
    if (message.type === 'sign.result' && message.auditHead)
      void keepAuditHead(message.auditHead).catch(() => undefined);
    if (message.type === 'error') {
      entry.reject(new HocbaError(message.error.code, message.error.message, message.error.details as never));
    } else {
      entry.resolve(message);
    }
  }

  private onClose(code?: number): void {
    const error =
      this.closedError ?? companionError(code === CLOSE_TRY_AGAIN ? 'COMPANION_BUSY' : 'COMPANION_CLOSED');
    this.closedError = error;
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(error);
      this.pending.delete(id);
    }
  }
}
