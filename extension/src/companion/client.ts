/**
 * One authenticated connection to the companion, opened from an extension page or the
 * service worker (never a content script: the companion refuses a portal's Origin).
 *
 *   const client = await CompanionClient.connect();      // challenge → auth → serverProof checked
 *   const status = await client.request({ type: 'status' });
 *
 * A login lives as long as the socket: a batch is signed on one connection.
 */
import { HocbaError } from '@hocba/shared/errors';
import {
  type ChallengeMessage,
  createAuth,
  decodeServerMessage,
  type PairResult,
  type ProgressEvent,
  proofsEqual,
  type ServerMessage,
} from '@hocba/shared/protocol';
import { keepAuditHead } from './audit-heads.js';
import { companionError } from './errors.js';
import { type CompanionSettings, companionSettings, extensionOrigin, type Pairing } from './settings.js';

const CHALLENGE_TIMEOUT_MS = 5_000;
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
    socket.addEventListener('close', () => this.onClose());
  }

  /** Opens the socket and waits for the companion's challenge; does not authenticate. */
  static async open(settings?: CompanionSettings): Promise<CompanionClient> {
    const s = settings ?? (await companionSettings());
    const socket = new WebSocket(`ws://127.0.0.1:${s.port}/`);
    const challenge = await new Promise<ChallengeMessage>((resolve, reject) => {
      const unreachable = () => reject(companionError('COMPANION_UNREACHABLE', { port: s.port }));
      const timer = setTimeout(() => {
        socket.close();
        unreachable();
      }, CHALLENGE_TIMEOUT_MS);
      socket.addEventListener('close', () => {
        clearTimeout(timer);
        unreachable();
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

  /** Opens and authenticates with the stored pairing. */
  static async connect(settings?: CompanionSettings): Promise<CompanionClient> {
    const s = settings ?? (await companionSettings());
    if (!s.pairing) throw companionError('COMPANION_NOT_PAIRED');
    const client = await CompanionClient.open(s);
    await client.authenticate(s.pairing);
    return client;
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
        throw companionError('COMPANION_NOT_PAIRED');
      throw error;
    }
    if (answer.type !== 'auth.result' || !proofsEqual(answer.serverProof, expectedServerProof)) {
      this.close();
      throw companionError('COMPANION_IMPOSTER', { port: this.settings.port });
    }
  }

  /** During an open `hocba pair` window: exchanges the one-time code for a pairing. */
  async pair(code: string, label: string): Promise<Pairing> {
    const id = nextId();
    const answer = (await this.send({ v: 1, type: 'pair', id, code, label }, id)) as PairResult;
    return { pairingId: answer.pairingId, secret: answer.secret };
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

  private onClose(): void {
    const error = this.closedError ?? companionError('COMPANION_CLOSED');
    this.closedError = error;
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(error);
      this.pending.delete(id);
    }
  }
}
