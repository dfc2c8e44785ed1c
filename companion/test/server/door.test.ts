/**
 * The door under a local attacker: the extension's Origin is public, so any local program
 * can present it. Strangers get bounded time, bytes and slots, and holding every slot does
 * not keep the real extension (the holder of the pairing secret) out.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DOOR } from '../../src/server/server.js';
import { EXTENSION_ORIGIN, TestClient } from '../support/client.js';
import { pairedCompanion } from '../support/paired-companion.js';

const paired = pairedCompanion();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stranger with the extension's Origin that upgrades and then says nothing. */
function silentStranger(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${paired.port}/`, { origin: EXTENSION_ORIGIN });
    paired.opened.push(ws);
    ws.on('error', () => {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', () => reject(new Error('refused')));
  });
}

/** A TCP connection that starts an upgrade request and never finishes its headers. */
function halfOpen(): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(paired.port, '127.0.0.1', () => {
      socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${paired.port}\r\nUpgrade: websocket\r\n`);
      resolve(socket);
    });
    socket.on('error', () => {});
    paired.opened.push(socket);
  });
}

const closedWithin = (socket: Socket) =>
  new Promise<number>((resolve) => {
    const start = Date.now();
    if (socket.destroyed) resolve(0);
    socket.once('close', () => resolve(Date.now() - start));
  });

describe('the door before the proof', () => {
  it('closes a silent stranger at the proof deadline (~2 s)', async () => {
    const ws = await silentStranger();
    const start = Date.now();
    const code = await new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
    const elapsed = Date.now() - start;
    expect(code).toBe(1008);
    expect(elapsed).toBeGreaterThan(DOOR.proofDeadlineMs - 300);
    expect(elapsed).toBeLessThan(DOOR.proofDeadlineMs + 1500);
  });

  it('drops a half-open upgrade at the header deadline (~2 s)', async () => {
    const socket = await halfOpen();
    const elapsed = await closedWithin(socket);
    expect(elapsed).toBeLessThan(DOOR.headerTimeoutMs + 1500);
  });

  it('cuts a stranger announcing a 60 MiB frame after a few KiB', async () => {
    // A raw client, to count what the server accepted before hanging up.
    const socket = connect(paired.port, '127.0.0.1');
    paired.opened.push(socket);
    socket.on('error', () => {});
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${paired.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${Buffer.alloc(16, 7).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
        `Origin: ${EXTENSION_ORIGIN}\r\n\r\n`,
    );
    await new Promise<void>((resolve) =>
      socket.once('data', (d) => (String(d).startsWith('HTTP/1.1 101') ? resolve() : null)),
    );
    const header = Buffer.alloc(14);
    header[0] = 0x82;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(60n * 1024n * 1024n, 2);
    socket.write(header);
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let written = 0;
    const start = Date.now();
    while (!socket.destroyed && socket.writable && written < 60 * 1024 * 1024) {
      const ok = await new Promise<boolean>((resolve) => socket.write(chunk, (error) => resolve(!error)));
      if (!ok) break;
      written += chunk.length;
    }
    // Accepted bytes include what the kernel buffers for the closed socket; the server itself kept ≤ 16 KiB.
    expect(written).toBeLessThan(16 * 1024 * 1024);
    expect(Date.now() - start).toBeLessThan(5_000);
    await sleep(50);
    expect(paired.t.companion.occupancy().preAuth).toBe(0);
  });

  it('bounds half-open connections: the oldest is dropped beyond the cap', async () => {
    const sockets = await Promise.all(Array.from({ length: DOOR.unupgradedSockets + 20 }, () => halfOpen()));
    await sleep(100);
    expect(paired.t.companion.occupancy().unupgraded).toBeLessThanOrEqual(DOOR.unupgradedSockets);
    expect(sockets.slice(0, 20).every((s) => s.destroyed)).toBe(true);
    for (const s of sockets) s.destroy();
  });

  it('the real extension gets in while strangers hold every pre-auth and half-open slot', async () => {
    const holders = await Promise.all(Array.from({ length: DOOR.preAuthSockets }, () => silentStranger()));
    const halves = await Promise.all(Array.from({ length: DOOR.unupgradedSockets }, () => halfOpen()));
    expect(paired.t.companion.occupancy()).toMatchObject({ preAuth: DOOR.preAuthSockets });
    // The attacker keeps refilling: every evicted holder is replaced at once.
    let refilling = true;
    const refill = async () => {
      while (refilling) {
        await silentStranger().catch(() => {});
        await sleep(5);
      }
    };
    const refillers = [refill(), refill()];
    const client = await TestClient.open(paired.port);
    expect(await client.auth(paired.pairing)).toMatchObject({ type: 'auth.result', status: 'authenticated' });
    expect(await client.request({ type: 'logout', id: 'in' })).toMatchObject({ type: 'logout.result' });
    refilling = false;
    await Promise.all(refillers);
    // An evicted stranger was told to try again.
    const evicted = holders[0]!;
    expect(evicted.readyState).toBe(WebSocket.CLOSED);
    client.close();
    for (const s of [...holders, ...halves]) s instanceof WebSocket ? s.terminate() : s.destroy();
  });

  it('sums failed proofs into a few audit lines instead of one fsynced line each', async () => {
    const auditFile = `${paired.t.dataDir}/audit.jsonl`;
    const before = readFileSync(auditFile, 'utf8').split('\n').filter(Boolean).length;
    const attempts = 60;
    for (let i = 0; i < attempts; i++) {
      const client = await TestClient.open(paired.port);
      expect(await client.auth({ id: paired.pairing.id, secret: 'A'.repeat(43) })).toMatchObject({
        error: { code: 'AUTH_FAILED' },
      });
      await client.closed;
    }
    const lines = () =>
      readFileSync(auditFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .slice(before)
        .map((l) => JSON.parse(l) as { event: string; count?: number });
    // The first one at once, the rest pending until the period ends (or the companion stops).
    expect(lines().filter((l) => l.event === 'auth.failures').length).toBeLessThanOrEqual(1);
    expect(lines().some((l) => l.event === 'auth.failed')).toBe(false);
  });
});

describe('authenticated slots', () => {
  it('are separate and bounded: one more than the cap gets TOO_MANY_CONNECTIONS', async () => {
    const clients: TestClient[] = [];
    for (let i = 0; i < DOOR.authenticatedSockets; i++) {
      const client = await TestClient.open(paired.port);
      expect(await client.auth(paired.pairing)).toMatchObject({ type: 'auth.result' });
      clients.push(client);
    }
    const extra = await TestClient.open(paired.port);
    expect(await extra.auth(paired.pairing)).toMatchObject({
      type: 'error',
      error: { code: 'TOO_MANY_CONNECTIONS' },
    });
    await extra.closed;
    clients.pop()!.close();
    await sleep(100);
    const again = await TestClient.open(paired.port);
    expect(await again.auth(paired.pairing)).toMatchObject({ type: 'auth.result' });
    again.close();
    for (const c of clients) c.close();
  });
});
