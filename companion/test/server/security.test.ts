/**
 * The companion's locked doors: every stranger is refused before anything reaches the token.
 * Each test names the attack it plays.
 */

import { readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { ephemeralKey, LIMITS, randomToken } from '@hocba/shared/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_FAILURES_PER_ORIGIN, type Pairing } from '../../src/pairing/index.js';
import { EXTENSION_ORIGIN, OTHER_EXTENSION_ORIGIN, TestClient, upgradeStatus } from '../support/client.js';
import { startTestCompanion, type TestCompanion } from '../support/companion.js';
import { makeTestToken } from '../support/token.js';

let t: TestCompanion;
let port: number;
let pairing: Pairing;
let other: Pairing;
let tokenDir: string;

beforeAll(async () => {
  tokenDir = (await makeTestToken('HOCBA-SEC')).dir;
  t = await startTestCompanion();
  port = t.companion.port;
  pairing = t.companion.pairings.add(EXTENSION_ORIGIN, 'test');
  other = t.companion.pairings.add(OTHER_EXTENSION_ORIGIN, 'other');
}, 60_000);

afterAll(async () => {
  await t?.companion.close();
  rmSync(tokenDir, { recursive: true, force: true });
  rmSync(t.dataDir, { recursive: true, force: true });
});

/** Nothing may have touched the token: the module is not even loaded. */
function expectTokenUntouched() {
  expect(t.faults()).toBeUndefined();
}

describe('the socket', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect((t.companion.server.address() as AddressInfo).address).toBe('127.0.0.1');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      const outcome = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${external.address}:${port}/`, { origin: EXTENSION_ORIGIN });
        ws.on('open', () => resolve('open'));
        ws.on('error', (error) => resolve((error as NodeJS.ErrnoException).code ?? error.message));
      });
      expect(outcome).toBe('ECONNREFUSED');
    }
  });
});

describe('the upgrade refuses strangers with 403', () => {
  it('a web page (the portal, or any site) by its Origin', async () => {
    expect(await upgradeStatus(port, { origin: 'https://vnedu.vn' })).toBe(403);
    expect(await upgradeStatus(port, { origin: 'http://localhost:8080' })).toBe(403);
    expect(await upgradeStatus(port, { origin: 'null' })).toBe(403);
  });

  it('a connection without Origin (a local program pretending)', async () => {
    expect(await upgradeStatus(port, { origin: null })).toBe(403);
  });

  it('a foreign extension, paired with nothing', async () => {
    expect(await upgradeStatus(port, { origin: 'chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' })).toBe(
      403,
    );
    expect(
      await upgradeStatus(port, { origin: 'moz-extension://0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0' }),
    ).toBe(403);
  });

  it('a DNS-rebinding Host, even with a paired Origin', async () => {
    expect(await upgradeStatus(port, { host: `evil.example:${port}` })).toBe(403);
    expect(await upgradeStatus(port, { host: `127.0.0.1:${port + 1}` })).toBe(403);
    expect(await upgradeStatus(port, { host: '127.0.0.1' })).toBe(403);
  });

  it('accepts the paired extension on 127.0.0.1 and localhost', async () => {
    expect(await upgradeStatus(port)).toBe(101);
    expect(await upgradeStatus(port, { host: `localhost:${port}` })).toBe(101);
    expectTokenUntouched();
  });
});

describe('the first message must prove the pairing', () => {
  it('refuses a wrong secret and closes the socket', async () => {
    const client = await TestClient.open(port);
    const reply = await client.auth({ id: pairing.id, secret: other.secret });
    expect(reply).toMatchObject({ type: 'error', id: 'auth-1', error: { code: 'AUTH_FAILED' } });
    expect((await client.closed).code).toBe(1008);
    expectTokenUntouched();
  });

  it("refuses another extension's pairing used from this origin", async () => {
    const client = await TestClient.open(port);
    const reply = await client.auth(other);
    expect(reply).toMatchObject({ type: 'error', error: { code: 'AUTH_FAILED' } });
    await client.closed;
  });

  it('refuses a replayed proof on a new connection', async () => {
    const first = await TestClient.open(port);
    const message = await first.authMessage(pairing);
    expect(await first.request(message)).toMatchObject({ type: 'auth.result', status: 'authenticated' });
    first.close();
    const second = await TestClient.open(port);
    expect(second.challenge.nonce).not.toBe(first.challenge.nonce);
    expect(await second.request(message)).toMatchObject({ type: 'error', error: { code: 'AUTH_FAILED' } });
    expect((await second.closed).code).toBe(1008);
  });

  it('refuses any operation before the proof, without touching the token', async () => {
    for (const type of ['status', 'listTokens', 'logout']) {
      const client = await TestClient.open(port);
      expect(await client.request({ type, id: 'x1' })).toMatchObject({
        type: 'error',
        error: { code: 'NOT_AUTHENTICATED' },
      });
      await client.closed;
    }
    const client = await TestClient.open(port);
    client.send({ v: 1, type: 'login', id: 'l1', token: { serial: 'x' }, pin: '12345678' });
    expect(await client.next((m) => m.type === 'error')).toMatchObject({
      error: { code: 'NOT_AUTHENTICATED' },
    });
    await client.closed;
    expectTokenUntouched();
  });

  it('refuses an oversized or malformed first message and closes', async () => {
    const big = await TestClient.open(port);
    big.send({ v: 1, type: 'auth', id: 'a', padding: 'x'.repeat(LIMITS.preAuthMessageBytes) });
    expect(await big.next((m) => m.type === 'error')).toMatchObject({ error: { code: 'MESSAGE_TOO_LARGE' } });
    await big.closed;
    const junk = await TestClient.open(port);
    junk.ws.send('{"v":1,"type":');
    expect(await junk.next((m) => m.type === 'error')).toMatchObject({ error: { code: 'MESSAGE_NOT_JSON' } });
    await junk.closed;
    expectTokenUntouched();
  });

  it("a stranger guessing codes is stopped per origin; the teacher's extension still pairs", async () => {
    const stranger = 'chrome-extension://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    const teacher = 'chrome-extension://cccccccccccccccccccccccccccccccc';
    expect(await upgradeStatus(port, { origin: stranger })).toBe(403);
    const window = t.companion.pairings.openWindow(5);
    for (let i = 0; i < MAX_FAILURES_PER_ORIGIN; i++) {
      const client = await TestClient.open(port, { origin: stranger });
      expect(client.challenge.pairing).toBe('open');
      // The guesser cannot get past the companion's proof with a wrong code, so it forges a confirm.
      const start = await client.request({
        type: 'pair.start',
        id: `s${i}`,
        clientNonce: randomToken(),
        clientKey: (await ephemeralKey()).publicKey,
      });
      expect(start).toMatchObject({
        type: 'pair.challenge',
        iterations: window.iterations,
        salt: window.salt,
      });
      const reply = await client.request({ type: 'pair.confirm', id: `c${i}`, proof: randomToken() });
      expect(reply).toMatchObject({ type: 'error', error: { code: 'PAIRING_CODE_INVALID' } });
      await client.closed;
    }
    const locked = await TestClient.open(port, { origin: stranger });
    expect(
      await locked.request({
        type: 'pair.start',
        id: 's',
        clientNonce: randomToken(),
        clientKey: (await ephemeralKey()).publicKey,
      }),
    ).toMatchObject({ type: 'error', error: { code: 'PAIRING_TOO_MANY_ATTEMPTS' } });
    await locked.closed;
    // The window is still open for everyone else: the teacher pairs with the right code.
    const client = await TestClient.open(port, { origin: teacher });
    const paired = await client.pair(window.code.toLowerCase(), { label: 'Chrome' });
    if (paired.status !== 'paired') throw new Error(JSON.stringify(paired.reply));
    expect(await client.auth({ id: paired.pairingId, secret: paired.secret })).toMatchObject({
      type: 'auth.result',
    });
    client.close();
  });

  it('pairing: the code and the secret never cross the socket, and the companion proves first', async () => {
    const newcomer = 'chrome-extension://dddddddddddddddddddddddddddddddd';
    const window = t.companion.pairings.openWindow(5);
    const client = await TestClient.open(port, { origin: newcomer });
    const sent: string[] = [];
    const original = client.ws.send.bind(client.ws);
    client.ws.send = ((data: string) => {
      sent.push(String(data));
      original(data);
    }) as typeof client.ws.send;
    const paired = await client.pair(`${window.code.slice(0, 4)}-${window.code.slice(4)}`);
    if (paired.status !== 'paired') throw new Error(JSON.stringify(paired.reply));
    const wire = [...sent, ...paired.replies.map((m) => JSON.stringify(m))].join('\n');
    expect(wire).not.toContain(window.code);
    expect(wire).not.toContain(paired.secret);
    // The companion stored the very secret the extension derived.
    expect(t.companion.pairings.findById(paired.pairingId)?.secret).toBe(paired.secret);
    expect(await client.auth({ id: paired.pairingId, secret: paired.secret })).toMatchObject({
      type: 'auth.result',
    });
    client.close();
    // The code was consumed: the window is closed, so a second newcomer is refused at the door.
    expect(await upgradeStatus(port, { origin: 'chrome-extension://eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee' })).toBe(
      403,
    );
  });

  it('an extension with the wrong code learns the companion does not match and sends no proof', async () => {
    const window = t.companion.pairings.openWindow(5);
    const client = await TestClient.open(port, {
      origin: 'chrome-extension://ffffffffffffffffffffffffffffffff',
    });
    await expect(client.pair('ZZZZ-ZZZZ')).rejects.toThrow('companion proof wrong');
    expect(client.received.filter((m) => m.type === 'error')).toHaveLength(0);
    client.close();
    // Nothing was counted against anyone: no proof was sent.
    expect(t.companion.pairings.checkAttempt('chrome-extension://ffffffffffffffffffffffffffffffff')).toBe(
      'allowed',
    );
    t.companion.pairings.closeWindow();
    void window;
  });
});

describe('after the proof, every message is bounded and validated', () => {
  it('answers an oversized message with MESSAGE_TOO_LARGE and stays open', async () => {
    const client = await TestClient.open(port);
    await client.auth(pairing);
    client.ws.send(JSON.stringify({ v: 1, type: 'status', id: 'big', pad: 'x'.repeat(LIMITS.messageBytes) }));
    expect(await client.next((m) => m.type === 'error')).toMatchObject({
      id: null,
      error: { code: 'MESSAGE_TOO_LARGE' },
    });
    expect(await client.request({ type: 'logout', id: 'after' })).toMatchObject({
      type: 'logout.result',
      status: 'notLoggedIn',
    });
    client.close();
  });

  it('answers a record nested 4,200 levels deep (the crash file) with MESSAGE_TOO_DEEP and goes on', async () => {
    const record = readFileSync(new URL('../fixtures/deep-record.json', import.meta.url), 'utf8').trim();
    const client = await TestClient.open(port);
    await client.auth(pairing);
    const frame = `{"v":1,"type":"sign","id":"deep","batchId":"b-deep","token":{"serial":"s"},"certificateId":"01","role":"principal","total":1,"documents":[{"docId":"d1","name":"x","kind":"record","record":${record}}]}`;
    client.ws.send(frame);
    expect(await client.next((m) => m.type === 'error')).toMatchObject({
      error: { code: 'MESSAGE_TOO_DEEP' },
    });
    expect(await client.request({ type: 'logout', id: 'after-deep' })).toMatchObject({
      type: 'logout.result',
    });
    client.close();
  });

  it('a bug in a handler answers INTERNAL_ERROR, is logged with its stack, and the connection goes on', async () => {
    const client = await TestClient.open(port);
    await client.auth(pairing);
    const tokens = t.companion.tokens;
    const original = tokens.listTokens.bind(tokens);
    tokens.listTokens = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'slot')");
    };
    try {
      expect(await client.request({ type: 'listTokens', id: 'bug' })).toMatchObject({
        type: 'error',
        id: 'bug',
        error: { code: 'INTERNAL_ERROR' },
      });
    } finally {
      tokens.listTokens = original;
    }
    expect(t.logLines.some((l) => l.includes('internal error') && l.includes('TypeError'))).toBe(true);
    expect(await client.request({ type: 'logout', id: 'after-bug' })).toMatchObject({
      type: 'logout.result',
    });
    client.close();
  });

  it('survives thousands of malformed messages, answering each, with flat memory', async () => {
    const client = await TestClient.open(port);
    await client.auth(pairing);
    const samples: (() => string)[] = [
      () => '',
      () => 'null',
      () => '[]',
      () => '{"v":1}',
      () => `{"v":1,"type":"sign","id":"s${Math.random()}"}`,
      () => JSON.stringify({ v: 1, type: 'login', id: 'l', token: { serial: 's' }, pin: 'x'.repeat(65) }),
      () => JSON.stringify({ v: 1, type: 'nope', id: 'n' }),
      () => JSON.stringify({ v: 1, type: 'status', id: '../../etc' }),
      () => JSON.stringify({ v: 99, type: 'status', id: 'v' }),
      () =>
        JSON.stringify({
          v: 1,
          type: 'sign',
          id: 's',
          batchId: 'b',
          token: { serial: 's' },
          certificateId: 'zz',
          role: 'king',
          total: 1,
          documents: [],
        }),
      () => `{"v":1,"type":"status","id":"x","__proto__":{"admin":true}}`,
      () => Buffer.from(Array.from({ length: 64 }, () => Math.floor(Math.random() * 256))).toString('latin1'),
    ];
    const rounds = 3000;
    const heapBefore = process.memoryUsage().heapUsed;
    let errors = 0;
    for (let i = 0; i < rounds; i++) {
      client.ws.send(samples[i % samples.length]!());
      await client.next((m) => m.type === 'error');
      errors++;
    }
    expect(errors).toBe(rounds);
    const growth = process.memoryUsage().heapUsed - heapBefore;
    expect(growth).toBeLessThan(64 * 1024 * 1024);
    // Still serving: a valid request gets its answer.
    expect(await client.request({ type: 'logout', id: 'ok' })).toMatchObject({ type: 'logout.result' });
    client.close();
    expect(client.received.filter((m) => m.type !== 'error')).toHaveLength(0);
  });
});
