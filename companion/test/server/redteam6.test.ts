/**
 * Red team, session 12 (round six): the companion attacked from outside by a client that is
 * paired but hostile. A paired client that sends requests and never reads the answers: each
 * answer (a token list carries every certificate, ~11 KiB) waits in the companion's memory,
 * so 40 bytes in held kilobytes, without bound. The companion must stop reading such a
 * client once its queue is full, serve others meanwhile, and answer everything, in order,
 * once it reads again. The bound is lowered here (1 MiB) so the test takes seconds; the
 * same attack on the real bound (16 MiB) with the child's RSS: test/redteam6-trial.
 */

import { rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/client.js';
import { pairedCompanion } from '../support/paired-companion.js';
import { makeTestToken } from '../support/token.js';

let tokenDir: string;

beforeAll(async () => {
  const made = await makeTestToken('HOCBA-RT6');
  tokenDir = made.dir;
}, 60_000);
afterAll(() => rmSync(tokenDir, { recursive: true, force: true }));
const outbound = { pauseBytes: 1024 * 1024, resumeBytes: 256 * 1024, checkMs: 20 };
const paired = pairedCompanion({ outbound });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a paired client that never reads its answers', { timeout: 60_000 }, () => {
  it('is no longer read once its answers fill the queue: memory bounded, others served, every request answered once it reads', async () => {
    const client = await TestClient.open(paired.port);
    paired.opened.push(client.ws);
    await client.auth(paired.pairing);
    const one = await client.request({ type: 'listTokens', id: 'size' });
    const answerBytes = JSON.stringify(one).length;
    expect(answerBytes).toBeGreaterThan(2_000);
    // Answers for the bound and more than the kernel's socket buffers hold (loopback: the
    // sender's up to 4 MiB, tcp_wmem; the reader's window stays small when it never reads).
    const requests = Math.ceil((outbound.pauseBytes + 8 * 1024 * 1024) / answerBytes);
    const socket = (client.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    for (let i = 0; i < requests; i++) client.ws.send(`{"v":1,"type":"listTokens","id":"t${i}"}`);
    let peak = 0;
    let last = -1;
    let still = 0;
    // Until the queue stops moving: the companion stopped reading, or answered everything.
    for (let waited = 0; waited < 30_000 && still < 10; waited += 100) {
      await sleep(100);
      const queued = paired.t.companion.occupancy().outboundBytes;
      peak = Math.max(peak, queued);
      still = queued === last ? still + 1 : 0;
      last = queued;
    }
    // The bound, plus the one answer that crossed it.
    expect(peak).toBeGreaterThan(outbound.pauseBytes);
    expect(peak).toBeLessThanOrEqual(outbound.pauseBytes + answerBytes + 1_024);
    // Another extension page is served meanwhile.
    const other = await TestClient.open(paired.port);
    paired.opened.push(other.ws);
    await other.auth(paired.pairing);
    expect(await other.request({ type: 'status', id: 's' })).toMatchObject({ type: 'status.result' });
    other.close();
    socket.resume();
    const order: number[] = [];
    while (order.length < requests) {
      const m = await client.next((x) => x.type === 'listTokens.result');
      order.push(Number((m.id as string).slice(1)));
    }
    expect(order).toEqual(Array.from({ length: requests }, (_, i) => i));
    expect(await client.request({ type: 'status', id: 'after' })).toMatchObject({ type: 'status.result' });
    client.close();
  });

  it('a ping flood whose pongs are not read: the socket is cut (ws: 60 pongs pending at most), the page then served', async () => {
    const client = await TestClient.open(paired.port);
    paired.opened.push(client.ws);
    await client.auth(paired.pairing);
    const socket = (client.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    // More pongs than the kernel's loopback buffers hold (the reader's window may grow to 32 MiB).
    const payload = Buffer.alloc(125, 7);
    const pings = Math.ceil((40 * 1024 * 1024) / 127);
    for (let i = 0; i < pings; i++) client.ws.ping(payload);
    let peak = 0;
    const cut = await Promise.race([
      client.closed.then(() => true),
      (async () => {
        for (let waited = 0; waited < 30_000; waited += 100) {
          await sleep(100);
          peak = Math.max(peak, paired.t.companion.occupancy().outboundBytes);
        }
        return false;
      })(),
    ]);
    expect(cut).toBe(true);
    expect(peak).toBeLessThan(64 * 1024);
    const other = await TestClient.open(paired.port);
    paired.opened.push(other.ws);
    await other.auth(paired.pairing);
    expect(await other.request({ type: 'status', id: 'after-pings' })).toMatchObject({
      type: 'status.result',
    });
    other.close();
  });
});
