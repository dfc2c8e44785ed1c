/**
 * A protocol client for tests: what the extension's service worker does, with the Origin
 * and Host headers a test chooses (a browser would not let a page choose them; an attacker's
 * local process could).
 */
import {
  computeClientProof,
  computeServerProof,
  ephemeralKey,
  type PairingTranscript,
  pairingProof,
  pairingSecret,
  proofsEqual,
  randomToken,
  stretchPairingCode,
} from '@hocba/shared/protocol';
import { expect } from 'vitest';
import WebSocket from 'ws';

export const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
export const OTHER_EXTENSION_ORIGIN = 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba';

export type Message = Record<string, unknown> & { type: string };

/** One batch as the sign window sends it: the token, its PIN, the certificate, the role. */
export interface BatchRequest {
  serial: string;
  pin: string;
  batchId: string;
  certificateId: string;
  role: string;
  documents: object[];
  /** More fields of the `sign` message (e.g. withoutTimestamp). */
  extra?: Record<string, unknown>;
}

export interface OpenOptions {
  origin?: string | null;
  host?: string;
}

/** Resolves with the HTTP status when the upgrade is refused. */
export function upgradeStatus(port: number, options: OpenOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.host) headers.host = options.host;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, {
      headers,
      ...(options.origin === null ? {} : { origin: options.origin ?? EXTENSION_ORIGIN }),
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

export class TestClient {
  readonly received: Message[] = [];
  private waiters: { predicate: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  challenge!: Message & { nonce: string };

  private constructor(
    readonly ws: WebSocket,
    readonly origin: string,
  ) {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Message;
      this.received.push(message);
      const index = this.waiters.findIndex((w) => w.predicate(message));
      if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(message);
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static async open(port: number, options: OpenOptions = {}): Promise<TestClient> {
    const origin = options.origin ?? EXTENSION_ORIGIN;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, {
      origin,
      maxPayload: 256 * 1024 * 1024,
      ...(options.host ? { headers: { host: options.host } } : {}),
    });
    const client = new TestClient(ws, origin);
    const challenge = client.next((m) => m.type === 'challenge');
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    client.challenge = (await challenge) as Message & { nonce: string };
    return client;
  }

  /** The next message matching `predicate` (already received ones first). */
  next(predicate: (m: Message) => boolean = () => true): Promise<Message> {
    const seen = this.received.find(predicate);
    if (seen) {
      this.received.splice(this.received.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve) =>
      this.waiters.push({
        predicate,
        resolve: (m) => {
          this.received.splice(this.received.indexOf(m), 1);
          resolve(m);
        },
      }),
    );
  }

  reply(id: string): Promise<Message> {
    return this.next((m) => m.id === id && m.type !== 'progress');
  }

  send(message: object): void {
    this.ws.send(JSON.stringify(message));
  }

  async request(message: Record<string, unknown> & { id: string }): Promise<Message> {
    const reply = this.reply(message.id);
    this.send({ v: 1, ...message });
    return reply;
  }

  /**
   * What the sign window does for one batch: one login (one PIN), one `sign` message. Returns
   * the batch's result and each document's progress message (taken out of `received`), and
   * logs out when the companion left the batch open.
   */
  async signBatch(batch: BatchRequest): Promise<{ result: Message; progress: Message[] }> {
    const { serial, pin, batchId, certificateId, role, documents, extra = {} } = batch;
    const login = await this.request({ type: 'login', id: `login-${batchId}`, token: { serial }, pin });
    expect(login).toMatchObject({ type: 'login.result' });
    const result = await this.request({
      type: 'sign',
      id: `sign-${batchId}`,
      batchId,
      token: { serial },
      certificateId,
      role,
      total: documents.length,
      documents,
      ...extra,
    });
    const progress = this.received.filter((m) => m.type === 'progress' && m.batchId === batchId);
    this.received.splice(0, this.received.length, ...this.received.filter((m) => !progress.includes(m)));
    if (result.batch === 'open') await this.request({ type: 'logout', id: `logout-${batchId}` });
    return { result, progress };
  }

  /** Builds the auth message for a pairing (not sent). */
  async authMessage(pairing: { id: string; secret: string }, id = 'auth-1') {
    const clientNonce = randomToken();
    const proof = await computeClientProof({
      secret: pairing.secret,
      origin: this.origin,
      pairingId: pairing.id,
      nonce: this.challenge.nonce,
      clientNonce,
    });
    return { v: 1, type: 'auth', id, pairingId: pairing.id, clientNonce, proof };
  }

  /** Authenticates and checks the companion's own proof. */
  async auth(pairing: { id: string; secret: string }): Promise<Message> {
    const message = await this.authMessage(pairing);
    const reply = await this.request(message);
    if (reply.type === 'auth.result') {
      const expected = await computeServerProof({
        secret: pairing.secret,
        origin: this.origin,
        pairingId: pairing.id,
        nonce: this.challenge.nonce,
        clientNonce: message.clientNonce,
      });
      if (reply.serverProof !== expected) throw new Error('companion proof wrong');
    }
    return reply;
  }

  /**
   * The extension's side of pairing (as extension/src/companion/client.ts does it). Resolves
   * with the derived pairing, or with the error message the companion answered; throws
   * 'companion proof wrong' when the companion's proof does not match `code` (nothing sent).
   */
  async pair(
    code: string,
    options: { label?: string; confirm?: (proof: string) => string } = {},
  ): Promise<
    | { status: 'paired'; pairingId: string; secret: string; replies: Message[] }
    | { status: 'error'; reply: Message; replies: Message[] }
  > {
    const own = await ephemeralKey();
    const clientNonce = randomToken();
    const challenge = await this.request({
      type: 'pair.start',
      id: 'ps',
      clientNonce,
      clientKey: own.publicKey,
      ...(options.label ? { label: options.label } : {}),
    });
    if (challenge.type !== 'pair.challenge')
      return { status: 'error', reply: challenge, replies: [challenge] };
    const c = challenge as Message & {
      salt: string;
      iterations: number;
      serverKey: string;
      serverProof: string;
    };
    const transcript: PairingTranscript = {
      origin: this.origin,
      nonce: this.challenge.nonce,
      clientNonce,
      clientKey: own.publicKey,
      serverKey: c.serverKey,
      salt: c.salt,
      iterations: c.iterations,
    };
    const k = await stretchPairingCode(code, c.salt, c.iterations);
    if (!proofsEqual(c.serverProof, await pairingProof(k, 'server', transcript)))
      throw new Error('companion proof wrong');
    const proof = await pairingProof(k, 'client', transcript);
    const result = await this.request({
      type: 'pair.confirm',
      id: 'pc',
      proof: options.confirm?.(proof) ?? proof,
    });
    if (result.type !== 'pair.result')
      return { status: 'error', reply: result, replies: [challenge, result] };
    return {
      status: 'paired',
      pairingId: result.pairingId as string,
      secret: await pairingSecret(k, own, c.serverKey, transcript),
      replies: [challenge, result],
    };
  }

  close(): void {
    this.ws.close();
  }
}
