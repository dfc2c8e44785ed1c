/**
 * Red team, session 8: the companion's door and protocol attacked from a local web page or
 * process, with the paired extension served during and after each attack. What rounds one and
 * two left untested: header variants of Origin and Host (forged, doubled, look-alike), frames
 * as a browser would never send them (fragmented, binary, invalid UTF-8, half a frame held
 * open, a ping flood), pairing proofs carried to another connection, ids that look like
 * paths, a cancel racing the sign it cancels, and a flood of pipelined requests.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EXTENSION_ORIGIN, TestClient } from '../support/client.js';
import { pairedCompanion } from '../support/paired-companion.js';
import { validRecords } from '../support/records.js';
import { principalSign, recordDocuments } from '../support/sign-request.js';
import { makeTestToken, TEST_PIN } from '../support/token.js';

let serial: string;
let tokenDir: string;

beforeAll(async () => {
  const made = await makeTestToken('HOCBA-RT3');
  tokenDir = made.dir;
  serial = made.token.serial;
}, 60_000);
// After the token (its SOFTHSM2_CONF), and closed before the token's folder goes.
afterAll(() => rmSync(tokenDir, { recursive: true, force: true }));
const paired = pairedCompanion();

/** The paired extension still gets in and is answered. */
async function extensionServed(): Promise<void> {
  const client = await TestClient.open(paired.port);
  try {
    expect(await client.auth(paired.pairing)).toMatchObject({ type: 'auth.result', status: 'authenticated' });
    expect(await client.request({ type: 'status', id: 'st' })).toMatchObject({ type: 'status.result' });
  } finally {
    client.close();
  }
}

/** A raw upgrade request with exactly these header lines; resolves with the HTTP status line's code. */
function rawUpgrade(lines: string[]): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(paired.port, '127.0.0.1', () => {
      socket.write(
        `GET / HTTP/1.1\r\n${lines.join('\r\n')}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
    });
    paired.opened.push(socket);
    let head = '';
    socket.on('data', (d) => {
      head += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (m) {
        resolve(Number(m[1]));
        socket.destroy();
      }
    });
    socket.on('error', () => resolve(0));
    socket.on('close', () => resolve(0));
  });
}

describe('the upgrade: header variants a page or a local program can send', () => {
  it('refuses every forged, doubled or look-alike Origin and Host with 403, then serves the extension', async () => {
    const host = `Host: 127.0.0.1:${paired.port}`;
    const origin = `Origin: ${EXTENSION_ORIGIN}`;
    const refused: [string, string[]][] = [
      ['Origin "null" (a sandboxed page or data: URL)', [host, 'Origin: null']],
      ['Origin with a trailing slash', [host, `${origin}/`]],
      ['Origin with a path', [host, `${origin}/src/pages/sign/index.html`]],
      ['Origin in capitals', [host, origin.toUpperCase().replace('ORIGIN:', 'Origin:')]],
      [
        'Origin naming the extension as a web host',
        [host, 'Origin: https://abcdefghijklmnopabcdefghijklmnop'],
      ],
      ['Origin doubled (the page first)', [host, 'Origin: https://portal.example', origin]],
      ['Origin doubled (the extension first)', [host, origin, 'Origin: https://portal.example']],
      ['only the old Sec-WebSocket-Origin', [host, `Sec-WebSocket-Origin: ${EXTENSION_ORIGIN}`]],
      ['Host without the port', ['Host: 127.0.0.1', origin]],
      ['Host 127.1 (the same address written short)', [`Host: 127.1:${paired.port}`, origin]],
      ['Host [::1]', [`Host: [::1]:${paired.port}`, origin]],
      ['Host localhost. (trailing dot)', [`Host: localhost.:${paired.port}`, origin]],
      ['Host with a rebinding suffix', [`Host: 127.0.0.1:${paired.port}.rebind.example`, origin]],
      ['Host of another port', [`Host: 127.0.0.1:${paired.port + 1}`, origin]],
      ['Host doubled (the rebinding name first)', [`Host: evil.example:${paired.port}`, host, origin]],
      ['no Host at all', [origin]],
    ];
    const got = await Promise.all(
      refused.map(async ([what, lines]) => [what, await rawUpgrade(lines)] as const),
    );
    for (const [what, status] of got) expect(`${what}: ${status}`).toBe(`${what}: 403`);
    // The exact headers a browser sends are let in (the control: the raw requests are well formed).
    expect(await rawUpgrade([host, origin])).toBe(101);
    await extensionServed();
  });
});

/** A stranger that upgrades with the extension's (public) Origin; the ws client, with its raw socket. */
function stranger(): Promise<{ ws: WebSocket; socket: Socket; challenge: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${paired.port}/`, { origin: EXTENSION_ORIGIN });
    paired.opened.push(ws);
    ws.on('error', () => {});
    const challenge = new Promise<void>((r) => ws.once('message', () => r()));
    ws.once('open', () => resolve({ ws, socket: (ws as unknown as { _socket: Socket })._socket, challenge }));
    ws.once('unexpected-response', () => reject(new Error('refused')));
  });
}

/** How the companion ended a stranger's socket: its close code and reason (1006: cut without a close frame). */
const closed = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );

/** A masked client frame header for a text frame announcing `length` bytes (< 65,536). */
function frameHeader(length: number, fin = true): Buffer {
  const head = Buffer.from([fin ? 0x81 : 0x01, 0x80 | 126, length >> 8, length & 0xff, 1, 2, 3, 4]);
  return head;
}

describe('frames a browser never sends, before the proof', { timeout: 30_000 }, () => {
  it('half a frame held open (slowloris): closed at the proof deadline; the extension gets in meanwhile', async () => {
    const s = await stranger();
    await s.challenge;
    s.socket.write(Buffer.concat([frameHeader(4000), Buffer.alloc(10, 0x20)]));
    const gone = closed(s.ws);
    await extensionServed();
    // Ended by the proof deadline (a frame never completed is no message, so no grace either).
    expect(await gone).toEqual({ code: 1008, reason: 'authentication timeout' });
  });

  it('a ping flood is cut off at the pre-auth byte bound, not left to the deadline', async () => {
    const s = await stranger();
    await s.challenge;
    const gone = closed(s.ws);
    for (let i = 0; i < 2_000 && s.ws.readyState === WebSocket.OPEN; i++) s.ws.ping(Buffer.alloc(100));
    // Cut by the byte bound (the socket destroyed, no close frame), not left to the deadline (1008).
    expect((await gone).code).toBe(1006);
    await extensionServed();
  });

  it('a proof split into many fragments is read whole (ws joins them), as is a proof in a binary frame', async () => {
    const a = await TestClient.open(paired.port);
    const text = JSON.stringify(await a.authMessage(paired.pairing));
    const reply = a.next((m) => m.type !== 'challenge');
    for (let i = 0; i < text.length; i += 7)
      a.ws.send(text.slice(i, i + 7), { fin: i + 7 >= text.length, binary: false });
    expect(await reply).toMatchObject({ type: 'auth.result' });
    a.close();
    const b = await TestClient.open(paired.port);
    const binaryReply = b.next((m) => m.type !== 'challenge');
    b.ws.send(Buffer.from(JSON.stringify(await b.authMessage(paired.pairing))), { binary: true });
    expect(await binaryReply).toMatchObject({ type: 'auth.result' });
    b.close();
  });

  it('fragments past the pre-auth bound, or bytes that are not UTF-8, get a typed answer or the cut', async () => {
    const a = await TestClient.open(paired.port);
    const gone = a.closed;
    for (let i = 0; i < 40 && a.ws.readyState === WebSocket.OPEN; i++)
      a.ws.send('x'.repeat(1024), { fin: false });
    await gone;
    const b = await TestClient.open(paired.port);
    const answer = b.next((m) => m.type === 'error');
    b.ws.send(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), { binary: true });
    expect(await answer).toMatchObject({ error: { code: 'MESSAGE_NOT_JSON' } });
    expect((await b.closed).code).toBe(1008);
    await extensionServed();
  });
});

describe('pairing proofs carried to another connection', { timeout: 120_000 }, () => {
  it("a pair.confirm proof made for one connection's transcript fails on another: a typed refusal", async () => {
    const window = paired.t.companion.pairings.openWindow(5);
    try {
      const a = await TestClient.open(paired.port);
      let carried = '';
      // A completes the exchange up to its proof, which a sniffer copies instead of sending.
      await a
        .pair(window.code, {
          confirm: (proof) => {
            carried = proof;
            return proof.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
          },
        })
        .catch(() => undefined);
      a.close();
      const b = await TestClient.open(paired.port);
      const outcome = await b.pair(window.code, { confirm: () => carried });
      expect(outcome.status).toBe('error');
      if (outcome.status === 'error')
        expect(outcome.reply).toMatchObject({ type: 'error', error: { code: 'PAIRING_CODE_INVALID' } });
      b.close();
      // A pair.confirm with no pair.start before it on this connection: out of order, closed.
      const c = await TestClient.open(paired.port);
      expect(await c.request({ type: 'pair.confirm', id: 'pc', proof: carried })).toMatchObject({
        error: { code: 'PAIRING_OUT_OF_ORDER' },
      });
      expect((await c.closed).code).toBe(1008);
    } finally {
      paired.t.companion.pairings.closeWindow();
    }
    await extensionServed();
  });
});

describe('after the proof: paths in ids, a cancel racing its sign, a pipelined flood', {
  timeout: 120_000,
}, () => {
  const docs = (n: number, prefix: string) => recordDocuments(validRecords(n), prefix);
  const sign = (id: string, batchId: string, documents: object[]) =>
    principalSign(serial, id, batchId, documents);

  it('batch and document ids "..", "../../x", "a/b" are refused or land inside the archive, never beside it', async () => {
    const client = await TestClient.open(paired.port);
    await client.auth(paired.pairing);
    for (const bad of ['../../x', 'a/b', '..\\..\\x', '']) {
      const reply = await client.request(sign(`bad-${bad.length}`, bad, docs(1, 'p')));
      expect(reply).toMatchObject({ type: 'error', error: { code: 'MESSAGE_INVALID' } });
    }
    // ".." is a valid id (letters, digits and . _ : -): signed, and filed under a name of its own.
    await client.request({ type: 'login', id: 'l1', token: { serial }, pin: TEST_PIN });
    const documents = docs(1, '..').map((d) => ({ ...d, docId: '..' }));
    const result = await client.request(sign('dots', '..', documents));
    expect(result).toMatchObject({ type: 'sign.result', status: 'completed', signed: ['..'] });
    const archive = join(paired.t.dataDir, 'archive');
    const folders = readdirSync(archive);
    expect(folders.some((f) => f === '..' || f === '.')).toBe(false);
    for (const f of folders) expect(relative(archive, join(archive, f)).startsWith('..')).toBe(false);
    expect(existsSync(join(dirname(paired.t.dataDir), 'archive'))).toBe(false);
    client.close();
  });

  it('a cancel sent in the same breath as its sign: both answered, what was not signed is CANCELLED, the batch then resumes', async () => {
    const client = await TestClient.open(paired.port);
    await client.auth(paired.pairing);
    await client.request({ type: 'login', id: 'l2', token: { serial }, pin: TEST_PIN });
    const documents = docs(5, 'race');
    const signed = client.reply('race-sign');
    const cancelled = client.reply('race-cancel');
    client.send({ v: 1, ...sign('race-sign', 'race', documents) });
    client.send({ v: 1, type: 'cancel', id: 'race-cancel', batchId: 'race' });
    expect(await cancelled).toMatchObject({ type: 'cancel.result', status: 'cancelling' });
    const result = await signed;
    expect(result).toMatchObject({ type: 'sign.result', status: 'cancelled' });
    const notSigned = result.notSigned as { error: { code: string } }[];
    expect((result.signed as string[]).length + notSigned.length).toBe(5);
    expect(notSigned.every((n) => n.error.code === 'CANCELLED')).toBe(true);
    // A cancel for a batch nobody runs is answered too; the same batch then signs what was left.
    expect(await client.request({ type: 'cancel', id: 'c2', batchId: 'nobody' })).toMatchObject({
      status: 'notRunning',
    });
    await client.request({ type: 'login', id: 'l3', token: { serial }, pin: TEST_PIN });
    const again = await client.request(sign('race-2', 'race', documents));
    expect(again).toMatchObject({ type: 'sign.result', status: 'completed' });
    expect((again.signed as string[]).length).toBe(5);
    client.close();
  });

  it('5,000 requests pipelined at once: each answered with its result or TOO_MANY_REQUESTS, the socket stays', async () => {
    const client = await TestClient.open(paired.port);
    await client.auth(paired.pairing);
    const answers = new Map<string, string>();
    const all = new Promise<void>((resolve) =>
      client.ws.on('message', (data) => {
        const m = JSON.parse(data.toString()) as { id?: string; type: string; error?: { code: string } };
        if (m.id?.startsWith('f')) answers.set(m.id, m.type === 'error' ? m.error!.code : m.type);
        if (answers.size === 5_000) resolve();
      }),
    );
    for (let i = 0; i < 5_000; i++) client.ws.send(JSON.stringify({ v: 1, type: 'status', id: `f${i}` }));
    await all;
    const kinds = new Set(answers.values());
    for (const kind of kinds) expect(['status.result', 'TOO_MANY_REQUESTS']).toContain(kind);
    expect(kinds.has('status.result')).toBe(true);
    expect(await client.request({ type: 'status', id: 'after' })).toMatchObject({ type: 'status.result' });
    client.close();
    await extensionServed();
  });
});
