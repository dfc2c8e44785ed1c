/**
 * The Firefox build in Firefox ESR: the background (an event page in Firefox) reads the
 * managed settings IT puts in policies.json under the gecko ID (whose Preferences policy also
 * fixes the moz-extension origin the companion pairs with), opens ws://127.0.0.1 (not
 * upgraded to wss:// — the manifest's CSP sees to that) with its moz-extension origin and a
 * valid pairing proof; the content script checks a class in demo portal A as in Chromium.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeClientProof, randomToken } from '@hocba/shared/protocol';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { outputPath } from '../support/browser.js';
import {
  extensionPolicies,
  FIREFOX_ORIGIN,
  GECKO_ID,
  launchFirefoxWithExtension,
} from '../support/firefox.js';
import { openPage } from '../support/navigation.js';
import { loginPortal } from '../support/portals.js';
import { clickToolbar, inToolbar, toolbarText } from '../support/toolbar.js';

interface Arrival {
  origin: string | undefined;
  host: string | undefined;
  nonce: string;
  message: Record<string, unknown>;
}

describe('Firefox ESR runs the Firefox build', () => {
  let browser: Browser;
  let extensionId: string;
  let server: WebSocketServer;
  let arrival: Promise<Arrival>;
  let portals: Awaited<ReturnType<typeof startDemoPortals>>;
  const pairing = { pairingId: 'p-firefox', secret: randomToken() };

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
    portals = await startDemoPortals({ dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')) });
    const port = (server.address() as AddressInfo).port;
    // What IT's policies.json holds: the extension's fixed origin and its managed settings.
    ({ browser, extensionId } = await launchFirefoxWithExtension(
      extensionPolicies({ companionPort: port, pairing }),
    ));
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
    await portals?.close();
  });

  it('installs under its gecko ID; the background reaches the companion port with a valid proof', async () => {
    expect(extensionId).toBe(GECKO_ID);
    const port = (server.address() as AddressInfo).port;
    const { origin, host, nonce, message } = await Promise.race([
      arrival,
      new Promise<never>((_, reject) =>
        setTimeout(
          () =>
            reject(new Error('no auth on the companion port in 30 s (ws:// upgraded to wss:// by a CSP?)')),
          30_000,
        ),
      ),
    ]);
    expect(origin).toBe(FIREFOX_ORIGIN);
    expect(host).toBe(`127.0.0.1:${port}`);
    expect(message).toMatchObject({ v: 1, type: 'auth', pairingId: pairing.pairingId });
    const expected = await computeClientProof({
      secret: pairing.secret,
      origin: FIREFOX_ORIGIN,
      pairingId: pairing.pairingId,
      nonce,
      clientNonce: String(message.clientNonce),
    });
    expect(message.proof).toBe(expected);
  });

  it('the content script checks a class in portal A', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await loginPortal(page, portals.urlA, 'gvcn');
    await openPage(page, `${portals.urlA}/lop/4a`, 'open class 4A (portal A)');
    await clickToolbar(page, '[data-hocba-action="check"]');
    await inToolbar(page, '[data-hocba="summary"]');
    const summary = await toolbarText(page, '[data-hocba="summary"]');
    expect(summary).toMatch(/^35 học sinh: \d+ đầy đủ, \d+ có lỗi, \d+ chỉ có cảnh báo\.$/);
    await page.screenshot({ path: outputPath('firefox-portal-a.png') });
    await page.close();
  });
});
