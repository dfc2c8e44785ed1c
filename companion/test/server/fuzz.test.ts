/**
 * The fuzz suite: 10,000 malformed messages from a paired client to the built companion in
 * its own process. Zero crashes (the process lives, nothing reached the last-resort handler),
 * every answer a typed error carrying the request id when one was readable, the connection
 * still serving, memory flat after warm-up, all within 60 s. Seeded: HOCBA_FUZZ_SEED=<n>
 * replays a run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeRequest, protocolError } from '@hocba/shared/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PairingStore } from '../../src/pairing/index.js';
import { EXTENSION_ORIGIN, TestClient } from '../support/client.js';
import { fuzzer } from '../support/fuzz.js';

const SEED = Number(process.env.HOCBA_FUZZ_SEED ?? 20261201);
const MESSAGES = 10_000;
const WARM_UP = 2_000;
const child = fileURLToPath(new URL('../support/fuzz-child.mjs', import.meta.url));
const deepRecord = readFileSync(new URL('../fixtures/deep-record.json', import.meta.url), 'utf8').trim();

let dataDir: string;
let proc: ChildProcess;
let port: number;
const stdoutLines: string[] = [];
let lineWaiter: ((line: string) => void) | undefined;
let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hocba-fuzz-'));
  proc = spawn(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=512', child, dataDir, '/nonexistent/libnone.so'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  proc.on('exit', (code, signal) => {
    exit = { code, signal };
  });
  let buffer = '';
  proc.stdout!.on('data', (chunk) => {
    buffer += chunk;
    let at = buffer.indexOf('\n');
    while (at >= 0) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      if (lineWaiter) {
        const w = lineWaiter;
        lineWaiter = undefined;
        w(line);
      } else stdoutLines.push(line);
      at = buffer.indexOf('\n');
    }
  });
  const first = await nextLine();
  port = (JSON.parse(first) as { port: number }).port;
}, 60_000);

afterAll(() => {
  proc?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function nextLine(): Promise<string> {
  const queued = stdoutLines.shift();
  if (queued !== undefined) return Promise.resolve(queued);
  return new Promise((resolve) => {
    lineWaiter = resolve;
  });
}

async function heap(): Promise<number> {
  proc.stdin!.write('mem\n');
  return (JSON.parse(await nextLine()) as { heapUsed: number }).heapUsed;
}

const KNOWN_CODES = new Set(Object.keys(protocolError.catalog));

describe(`fuzz: ${MESSAGES} malformed messages from a paired client (seed ${SEED})`, () => {
  it('0 crashes, every answer typed, memory flat after warm-up, within 60 s', async () => {
    const pairing = new PairingStore(dataDir).add(EXTENSION_ORIGIN, 'fuzz');
    const client = await TestClient.open(port);
    expect(await client.auth(pairing)).toMatchObject({ type: 'auth.result' });
    const next = fuzzer(SEED, deepRecord);
    const started = Date.now();
    const byHow = new Map<string, number>();
    let warmHeap = 0;
    for (let i = 0; i < MESSAGES; i++) {
      if (i === WARM_UP) warmHeap = await heap();
      const frame = next();
      byHow.set(frame.how.split(':')[1]!, (byHow.get(frame.how.split(':')[1]!) ?? 0) + 1);
      const expected = decodeRequest(
        typeof frame.data === 'string' ? frame.data : new Uint8Array(frame.data),
      );
      if (expected.status !== 'error') throw new Error('generator made a valid message');
      client.ws.send(frame.data);
      const answer = (await Promise.race([
        client.next(),
        client.closed.then((c) => ({ type: 'closed', ...c })),
      ])) as Record<string, unknown> & {
        type: string;
        error?: { code: string; message: { vi: string; en: string } };
      };
      const context = `message ${i} (seed ${SEED}, ${frame.how}): ${String(frame.data).slice(0, 200)}`;
      expect(answer.type, context).toBe('error');
      expect(KNOWN_CODES.has(answer.error!.code), context).toBe(true);
      expect(answer.error!.code, context).toBe(expected.error.code);
      expect(answer.error!.message.vi.length, context).toBeGreaterThan(10);
      expect(answer.error!.message.en.length, context).toBeGreaterThan(10);
      expect(answer.id, context).toBe(expected.id);
    }
    const elapsed = Date.now() - started;
    const endHeap = await heap();
    // Still serving, the same connection: a valid request gets its answer.
    expect(await client.request({ type: 'logout', id: 'after-fuzz' })).toMatchObject({
      type: 'logout.result',
    });
    client.close();
    expect(exit).toBeUndefined();
    const log = readFileSync(join(dataDir, 'logs', 'companion.log'), 'utf8');
    expect(log).not.toMatch(/uncaught error|internal error/);
    console.log(
      `fuzz seed ${SEED}: ${MESSAGES} messages in ${(elapsed / 1000).toFixed(1)} s; heap after warm-up ${(warmHeap / 1048576).toFixed(1)} MiB, at end ${(endHeap / 1048576).toFixed(1)} MiB; kinds ${JSON.stringify(Object.fromEntries(byHow))}`,
    );
    expect(elapsed).toBeLessThan(60_000);
    expect(endHeap - warmHeap).toBeLessThan(8 * 1024 * 1024);
  }, 120_000);
});
