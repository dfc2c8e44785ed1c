import type { AddressInfo } from 'node:net';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { EXTENSION_ORIGIN, extensionWorker, launchWithExtension } from '../support/browser.js';

interface Arrival {
  origin: string | undefined;
  message: unknown;
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
        socket.once('message', (data) =>
          resolve({ origin: request.headers.origin, message: JSON.parse(String(data)) }),
        );
      });
    });
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('finds the service worker and its hello arrives with the extension origin', async () => {
    const worker = await extensionWorker(browser);
    const port = (server.address() as AddressInfo).port;
    // What the options page does when the user changes the companion port.
    await worker.evaluate((p) => chrome.storage.local.set({ companionPort: p }), port);
    const { origin, message } = await arrival;
    expect(origin).toBe(EXTENSION_ORIGIN);
    expect(message).toMatchObject({ v: 1, type: 'hello', extension: { browser: 'chromium' } });
  });
});
