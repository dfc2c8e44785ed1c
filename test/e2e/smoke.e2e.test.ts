/**
 * Smoke: the built extension loads in Debian Chromium, its service worker reaches a Node
 * `ws` server on 127.0.0.1 with the extension's origin, answers the companion's challenge
 * with a pairing proof only a holder of the secret can make.
 */
import type { AddressInfo } from 'node:net';
import { computeClientProof, randomToken } from '@hocba/shared/protocol';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { EXTENSION_ORIGIN, extensionWorker, launchWithExtension } from '../support/browser.js';

interface Arrival {
  origin: string | undefined;
  host: string | undefined;
  nonce: string;
  message: Record<string, unknown>;
}

describe('smoke: the built extension runs in Debian Chromium and reaches a loopback server', () => {
  let browser: Browser;
  let server: WebSocketServer;
  let arrival: Promise<Arrival>;

  beforeAll(async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    arrival = new Promise((resolve) => {
      server.on('connection', (socket, request) => {
        const nonce = randomToken();
        socket.send(
          JSON.stringify({
            v: 1,
            type: 'challenge',
            nonce,
            companion: { version: '0.0.0', protocol: 1 },
            pairing: 'closed',
          }),
        );
        socket.once('message', (data) =>
          resolve({
            origin: request.headers.origin,
            host: request.headers.host,
            nonce,
            message: JSON.parse(String(data)),
          }),
        );
      });
    });
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('finds the service worker; its auth arrives with the extension origin and a valid proof', async () => {
    const worker = await extensionWorker(browser);
    const port = (server.address() as AddressInfo).port;
    const pairing = { pairingId: 'p-smoke', secret: randomToken() };
    // What the options page stores after pairing; the worker re-probes the companion on change.
    await worker.evaluate(
      (p, s) => chrome.storage.local.set({ companionPort: p, pairing: s }),
      port,
      pairing,
    );
    const { origin, host, nonce, message } = await arrival;
    expect(origin).toBe(EXTENSION_ORIGIN);
    expect(host).toBe(`127.0.0.1:${port}`);
    expect(message).toMatchObject({ v: 1, type: 'auth', pairingId: 'p-smoke' });
    const expected = await computeClientProof({
      secret: pairing.secret,
      origin: EXTENSION_ORIGIN,
      pairingId: 'p-smoke',
      nonce,
      clientNonce: String(message.clientNonce),
    });
    expect(message.proof).toBe(expected);
  });
});
