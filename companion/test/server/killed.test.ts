/**
 * The companion killed (SIGKILL) in the middle of a batch: every archived file is whole,
 * no temporary file survives the restart, and the resumed batch returns what was signed
 * and signs only the rest. Runs the built companion (dist/) in a child process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createPublicKey, createVerify } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PairingStore } from '../../src/pairing/index.js';
import { SOFTHSM_MODULE } from '../../src/pkcs11/index.js';
import { EXTENSION_ORIGIN, TestClient } from '../support/client.js';
import { TRAILER } from '../support/engine.js';
import { validRecords } from '../support/records.js';
import { IDS, makeTestToken, TEST_PIN } from '../support/token.js';

const child = fileURLToPath(new URL('../support/companion-child.mjs', import.meta.url));
let dataDir: string;
let tokenDir: string;
let serial: string;
let principalPem: string;
let env: NodeJS.ProcessEnv;
const running: ChildProcess[] = [];

async function startChild(): Promise<{ process: ChildProcess; port: number }> {
  const proc = spawn('node', [child, dataDir, SOFTHSM_MODULE], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  running.push(proc);
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    proc.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
  return { process: proc, port: (JSON.parse(line) as { port: number }).port };
}

function wholeAndSigned(bytes: Buffer): boolean {
  const text = bytes.toString('latin1');
  const at = text.lastIndexOf(TRAILER);
  if (at < 0) return false;
  const signature = text.slice(at + TRAILER.length).split(' ')[2] ?? '';
  return createVerify('sha256')
    .update(bytes.subarray(0, at))
    .verify(createPublicKey(principalPem), Buffer.from(signature, 'base64'));
}

beforeAll(async () => {
  const made = await makeTestToken('HOCBA-KILL');
  tokenDir = made.dir;
  serial = made.token.serial;
  principalPem = made.pki.signers.principal.certPem;
  env = { ...process.env, SOFTHSM2_CONF: made.token.confPath };
  dataDir = mkdtempSync(join(tmpdir(), 'hocba-killed-'));
}, 60_000);

afterAll(() => {
  for (const proc of running) proc.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(tokenDir, { recursive: true, force: true });
});

describe('companion killed mid-batch', () => {
  it('keeps every signed file whole and resumes without signing twice', async () => {
    const pairing = new PairingStore(dataDir).add(EXTENSION_ORIGIN);
    const total = 200;
    const records = validRecords(total);
    const documents = Array.from({ length: total }, (_, i) => ({
      docId: `k${i}`,
      name: `Học sinh ${i}`,
      kind: 'record',
      record: records[i]!,
    }));
    const sign = (id: string) => ({
      type: 'sign',
      id,
      batchId: 'killed-batch',
      token: { serial },
      certificateId: IDS.principal,
      role: 'principal',
      algorithm: 'rsa-pkcs1-sha256',
      total,
      documents,
    });

    const first = await startChild();
    const a = await TestClient.open(first.port);
    await a.auth(pairing);
    expect(await a.request({ type: 'login', id: 'l', token: { serial }, pin: TEST_PIN })).toMatchObject({
      type: 'login.result',
    });
    a.send({ v: 1, ...sign('s1') });
    const seen: string[] = [];
    while (seen.length < 15) seen.push((await a.next((m) => m.type === 'progress')).docId as string);
    first.process.kill('SIGKILL');
    await a.closed;

    // After the kill: every file under its real name is a whole, token-signed document.
    const archive = join(dataDir, 'archive');
    const batchDir = join(archive, readdirSync(archive)[0]!);
    const files = readdirSync(batchDir);
    const pdfs = files.filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThanOrEqual(15);
    expect(pdfs.length).toBeLessThan(total);
    for (const f of pdfs) expect(wholeAndSigned(readFileSync(join(batchDir, f)))).toBe(true);

    const second = await startChild();
    expect(readdirSync(batchDir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const b = await TestClient.open(second.port);
    await b.auth(pairing);
    expect(await b.request({ type: 'login', id: 'l2', token: { serial }, pin: TEST_PIN })).toMatchObject({
      type: 'login.result',
    });
    const result = await b.request(sign('s2'));
    expect(result).toMatchObject({
      type: 'sign.result',
      status: 'completed',
      batch: 'closed',
      notSigned: [],
    });
    expect(result.signed).toHaveLength(total);
    const progress = b.received.filter((m) => m.type === 'progress');
    const already = progress.filter((m) => m.status === 'alreadySigned').map((m) => m.docId as string);
    // Everything reported before the kill comes back from the archive, not from a new signature.
    for (const docId of seen) expect(already).toContain(docId);
    expect(already.length).toBeGreaterThanOrEqual(pdfs.length - 1);
    expect(progress.filter((m) => m.status === 'signed').length + already.length).toBe(total);
    expect(readdirSync(batchDir).filter((f) => f.endsWith('.pdf'))).toHaveLength(total);
    b.close();
    second.process.kill('SIGTERM');
  });
});
