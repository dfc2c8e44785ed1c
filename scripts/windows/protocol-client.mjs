/**
 * The Linux-side client of the Wine smoke test: what the extension's service worker does
 * (challenge, auth with a pairing's proof, requests), over `ws`, with the protocol's own
 * proof functions from the built @hocba/shared.
 */
import { computeClientProof, computeServerProof, randomToken } from '@hocba/shared/protocol';
import WebSocket from 'ws';

export class ProtocolClient {
  constructor(ws, origin, challenge) {
    this.ws = ws;
    this.origin = origin;
    this.challenge = challenge;
    this.waiting = new Map();
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      const waiter = this.waiting.get(message.id);
      if (waiter && message.type !== 'progress') {
        this.waiting.delete(message.id);
        waiter(message);
      }
    });
  }

  /** Connects and waits for the challenge. */
  static open(port, origin) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { origin, handshakeTimeout: 5000 });
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('no challenge within 10 s'));
      }, 10_000);
      ws.once('message', (data) => {
        clearTimeout(timer);
        resolve(new ProtocolClient(ws, origin, JSON.parse(String(data))));
      });
      ws.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Retries until the companion answers (it may still be starting), up to `timeoutMs`. */
  static async waitFor(port, origin, timeoutMs) {
    const until = Date.now() + timeoutMs;
    let last;
    while (Date.now() < until) {
      try {
        return await ProtocolClient.open(port, origin);
      } catch (error) {
        last = error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    throw new Error(`nothing answers on 127.0.0.1:${port} after ${timeoutMs / 1000} s (${last?.message})`);
  }

  request(message, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${message.type}`)), timeoutMs);
      this.waiting.set(message.id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.ws.send(JSON.stringify({ v: 1, ...message }));
    });
  }

  async auth(pairing) {
    const clientNonce = randomToken();
    const proof = await computeClientProof({
      secret: pairing.secret,
      origin: this.origin,
      pairingId: pairing.id,
      nonce: this.challenge.nonce,
      clientNonce,
    });
    const reply = await this.request({
      type: 'auth',
      id: 'auth-1',
      pairingId: pairing.id,
      clientNonce,
      proof,
    });
    if (reply.type === 'auth.result') {
      const expected = await computeServerProof({
        secret: pairing.secret,
        origin: this.origin,
        pairingId: pairing.id,
        nonce: this.challenge.nonce,
        clientNonce,
      });
      if (reply.serverProof !== expected) throw new Error('the companion’s proof is wrong');
    }
    return reply;
  }

  close() {
    this.ws.close();
  }
}
