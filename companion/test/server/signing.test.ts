/**
 * The companion end to end over its socket, with a real SoftHSM2 token: status, tokens,
 * login (wrong PIN, final try), batches in one login, cancel, a token pulled mid-batch and
 * the resume, the archive and the audit — and the PIN nowhere on disk.
 */
import { createPublicKey, createVerify } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit, verifyAuditLog } from '../../src/audit/index.js';
import type { Pairing } from '../../src/pairing/index.js';
import { EXTENSION_ORIGIN, TestClient } from '../support/client.js';
import { startTestCompanion, type TestCompanion } from '../support/companion.js';
import { TRAILER } from '../support/engine.js';
import { validRecords } from '../support/records.js';
import { principalSign, recordDocuments } from '../support/sign-request.js';
import { IDS, makeTestToken, TEST_PIN } from '../support/token.js';

const WRONG_PIN = '87654321';
let t: TestCompanion;
let pairing: Pairing;
let serial: string;
let tokenDir: string;
let principalPem: string;
let client: TestClient;

const pool = validRecords(200);
const record = (i: number) => pool[i % pool.length]!;
const docs = (n: number, prefix = 'd') =>
  recordDocuments(
    Array.from({ length: n }, (_, i) => record(i)),
    prefix,
    (i) => `Học sinh ${i}, lớp 5A`,
  );

function signMessage(id: string, batchId: string, documents: object[], total = documents.length) {
  return principalSign(serial, id, batchId, documents, { total, algorithm: 'rsa-pkcs1-sha256' });
}

async function login(c = client) {
  return c.request({
    type: 'login',
    id: `login-${Math.random().toString(36).slice(2)}`,
    token: { serial },
    pin: TEST_PIN,
  });
}

/** The test engine appends the token's signature: check it with the principal's certificate. */
function tokenSigned(pdfBase64: string): boolean {
  const bytes = Buffer.from(pdfBase64, 'base64');
  const text = bytes.toString('latin1');
  const at = text.lastIndexOf(TRAILER);
  const [, , signature] = text.slice(at + TRAILER.length).split(' ');
  return createVerify('sha256')
    .update(bytes.subarray(0, at))
    .verify(createPublicKey(principalPem), Buffer.from(signature!, 'base64'));
}

beforeAll(async () => {
  const made = await makeTestToken('HOCBA-SRV');
  tokenDir = made.dir;
  serial = made.token.serial;
  principalPem = made.pki.signers.principal.certPem;
  t = await startTestCompanion();
  pairing = t.companion.pairings.add(EXTENSION_ORIGIN, 'test');
  client = await TestClient.open(t.companion.port);
  await client.auth(pairing);
}, 60_000);

afterAll(async () => {
  client?.close();
  await t?.companion.close();
  rmSync(tokenDir, { recursive: true, force: true });
  rmSync(t.dataDir, { recursive: true, force: true });
});

describe('status and tokens', () => {
  it('reports the module, the token and no session', async () => {
    const status = await client.request({ type: 'status', id: 's1' });
    expect(status).toMatchObject({
      type: 'status.result',
      module: { status: 'loaded', path: '/usr/lib/softhsm/libsofthsm2.so' },
      token: 'present',
      tokens: 1,
      session: 'loggedOut',
      companion: { version: '0.0.0-test', protocol: 1 },
    });
  });

  it('lists the token and its certificates in words', async () => {
    const reply = await client.request({ type: 'listTokens', id: 't1' });
    const tokens = reply.tokens as {
      serial: string;
      certificates: { id: string; subject: { text: string } }[];
    }[];
    expect(tokens[0]?.serial).toBe(serial);
    expect(tokens[0]?.certificates.find((c) => c.id === IDS.principal)?.subject.text).toContain(
      'Trần Văn Minh · Hiệu trưởng',
    );
  });
});

describe('login', () => {
  it('answers a wrong PIN with a typed Vietnamese error, and refuses signing without a login', async () => {
    const reply = await client.request({ type: 'login', id: 'l1', token: { serial }, pin: WRONG_PIN });
    expect(reply).toMatchObject({
      type: 'error',
      id: 'l1',
      error: { code: expect.stringMatching(/^PIN_INCORRECT/) },
    });
    expect((reply.error as { message: { vi: string } }).message.vi).toMatch(/^Mã PIN không đúng/);
    const sign = await client.request(signMessage('s0', 'b0', docs(1)));
    expect(sign).toMatchObject({ type: 'error', error: { code: 'NOT_LOGGED_IN' } });
  });

  it('asks for confirmation before the final try (fault-injected: SoftHSM never reports it)', async () => {
    const faults = t.faults()!;
    faults.faults = { pinFlags: pkcs11js.CKF_USER_PIN_FINAL_TRY };
    const before = faults.calls.filter((c) => c === 'C_Login').length;
    const refused = await client.request({ type: 'login', id: 'l2', token: { serial }, pin: TEST_PIN });
    expect(refused).toMatchObject({ type: 'error', error: { code: 'PIN_FINAL_TRY_CONFIRM' } });
    expect(faults.calls.filter((c) => c === 'C_Login').length).toBe(before);
    const confirmed = await client.request({
      type: 'login',
      id: 'l3',
      token: { serial },
      pin: TEST_PIN,
      confirmFinalTry: true,
    });
    expect(confirmed).toMatchObject({
      type: 'login.result',
      status: 'loggedIn',
      token: { serial, label: 'HOCBA-SRV' },
    });
    faults.faults = {};
    expect(await client.request({ type: 'logout', id: 'lo1' })).toMatchObject({ status: 'loggedOut' });
  });

  it('reports a locked PIN (fault-injected)', async () => {
    const faults = t.faults()!;
    faults.faults = { pinLocked: true };
    expect(await client.request({ type: 'login', id: 'l4', token: { serial }, pin: TEST_PIN })).toMatchObject(
      {
        error: { code: 'PIN_LOCKED' },
      },
    );
    faults.faults = {};
  });
});

describe('batches', () => {
  it('signs a batch with one login, streams progress, archives every file, then logs out', async () => {
    expect(await login()).toMatchObject({ type: 'login.result' });
    const result = await client.request(signMessage('s1', 'batch-1', docs(20)));
    expect(result).toMatchObject({
      type: 'sign.result',
      status: 'completed',
      batch: 'closed',
      notSigned: [],
    });
    expect(result.signed).toHaveLength(20);
    const progress = [];
    for (let i = 0; i < 20; i++)
      progress.push(await client.next((m) => m.type === 'progress' && m.batchId === 'batch-1'));
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const p of progress) {
      expect(p.status).toBe('signed');
      expect(tokenSigned(p.pdfBase64 as string)).toBe(true);
      const archived = readFileSync(join(t.dataDir, 'archive', p.archived as string));
      expect(archived.toString('base64')).toBe(p.pdfBase64);
    }
    // The batch is over: the login ended with it.
    expect(await client.request({ type: 'status', id: 's2' })).toMatchObject({ session: 'loggedOut' });
    expect(await client.request(signMessage('s1b', 'batch-1b', docs(1)))).toMatchObject({
      error: { code: 'NOT_LOGGED_IN' },
    });
  });

  it('takes a batch in several parts with one login', async () => {
    await login();
    const first = await client.request(signMessage('p1', 'batch-parts', docs(3, 'a'), 6));
    expect(first).toMatchObject({ status: 'completed', batch: 'open' });
    const second = await client.request(signMessage('p2', 'batch-parts', docs(3, 'b'), 6));
    expect(second).toMatchObject({ status: 'completed', batch: 'closed' });
    expect(await client.request({ type: 'status', id: 's3' })).toMatchObject({ session: 'loggedOut' });
  });

  it('refuses a document that differs from the one the user previewed', async () => {
    await login();
    const doc = { ...docs(1, 'x')[0]!, sha256: 'f'.repeat(64) };
    const result = await client.request(signMessage('c1', 'batch-changed', [doc]));
    expect(result).toMatchObject({
      status: 'completed',
      signed: [],
      notSigned: [{ docId: 'x0', error: { code: 'DOCUMENT_CHANGED' } }],
    });
  });

  it('refuses a record that does not match the format, per document, and signs the rest', async () => {
    await login();
    const bad = {
      docId: 'bad',
      name: 'Hỏng',
      kind: 'record',
      record: { format: 'hocba-tieuhoc', version: 1 },
    };
    const result = await client.request(signMessage('v1', 'batch-invalid', [bad, ...docs(1, 'ok')]));
    expect(result).toMatchObject({
      status: 'completed',
      signed: ['ok0'],
      notSigned: [{ docId: 'bad', error: { code: 'RECORD_INVALID' } }],
    });
  });

  it('cancel stops after the current document; signed ones stay signed and reported', async () => {
    await login();
    const firstProgress = client.next((m) => m.type === 'progress' && m.batchId === 'batch-cancel');
    const result = client.reply('k1');
    client.send({ v: 1, ...signMessage('k1', 'batch-cancel', docs(200, 'k'), 200) });
    await firstProgress;
    expect(await client.request({ type: 'cancel', id: 'k2', batchId: 'batch-cancel' })).toMatchObject({
      status: 'cancelling',
    });
    const final = await result;
    expect(final).toMatchObject({ type: 'sign.result', status: 'cancelled', batch: 'closed' });
    const signed = final.signed as string[];
    const notSigned = final.notSigned as { docId: string; error: { code: string } }[];
    expect(signed.length).toBeGreaterThan(0);
    expect(signed.length).toBeLessThan(200);
    expect(signed.length + notSigned.length).toBe(200);
    expect(notSigned.every((n) => n.error.code === 'CANCELLED')).toBe(true);
    const files = readdirSync(join(t.dataDir, 'archive')).find((d) => d.startsWith('batch-cancel'))!;
    expect(readdirSync(join(t.dataDir, 'archive', files)).filter((f) => f.endsWith('.pdf'))).toHaveLength(
      signed.length,
    );
    expect(await client.request({ type: 'status', id: 's4' })).toMatchObject({ session: 'loggedOut' });
  });

  it('a token pulled mid-batch keeps what was signed; the resumed batch signs only the rest', async () => {
    const faults = t.faults()!;
    await login();
    faults.signs = 0;
    faults.faults = { removeAfterSigns: 4 };
    const all = docs(10, 'r');
    const broken = await client.request(signMessage('r1', 'batch-pulled', all));
    expect(broken).toMatchObject({
      type: 'sign.result',
      status: 'failed',
      batch: 'closed',
      error: { code: 'TOKEN_REMOVED' },
    });
    expect(broken.signed).toEqual(['r0', 'r1', 'r2', 'r3']);
    const notSigned = broken.notSigned as { docId: string; error: { code: string } }[];
    expect(notSigned.map((n) => n.docId)).toEqual(['r4', 'r5', 'r6', 'r7', 'r8', 'r9']);
    expect(notSigned[0]?.error.code).toBe('TOKEN_REMOVED');
    expect(notSigned[1]?.error.code).toBe('NOT_REACHED');
    expect(await client.request({ type: 'status', id: 's5' })).toMatchObject({ token: 'absent' });
    expect(await login()).toMatchObject({ error: { code: 'TOKEN_NOT_FOUND' } });

    faults.reinsert();
    faults.signs = 0;
    expect(await login()).toMatchObject({ type: 'login.result' });
    const resumed = await client.request(signMessage('r2', 'batch-pulled', all));
    expect(resumed).toMatchObject({ status: 'completed', batch: 'closed', notSigned: [] });
    expect(resumed.signed).toHaveLength(10);
    // Only the six not signed before, and the audit log's head (signed in the same login).
    expect(faults.signs).toBe(6 + 1);
    expect(broken.auditHead).toBeUndefined(); // the token was gone: no anchor
    expect(resumed.auditHead).toMatchObject({ batchId: 'batch-pulled', seq: expect.any(Number) });
    const statuses = client.received
      .filter((m) => m.type === 'progress' && m.id === 'r2')
      .map((m) => m.status);
    expect(statuses.filter((s) => s === 'alreadySigned')).toHaveLength(4);
  });

  it('logout mid-batch stops it cleanly; a login during a batch is refused', async () => {
    await login();
    const firstProgress = client.next((m) => m.type === 'progress' && m.batchId === 'batch-logout');
    const result = client.reply('m1');
    client.send({ v: 1, ...signMessage('m1', 'batch-logout', docs(150, 'm'), 150) });
    await firstProgress;
    expect(await login()).toMatchObject({ type: 'error', error: { code: 'BATCH_BUSY' } });
    expect(await client.request({ type: 'logout', id: 'm2' })).toMatchObject({ status: 'loggedOut' });
    const final = await result;
    expect(final).toMatchObject({ status: 'cancelled', batch: 'closed' });
    expect((final.signed as string[]).length + (final.notSigned as unknown[]).length).toBe(150);
    expect(t.companion.tokens.session).toBeUndefined();
  });

  it('a second batch while one runs is refused (they would share the token session)', async () => {
    await login();
    const firstProgress = client.next((m) => m.type === 'progress' && m.batchId === 'batch-one');
    const result = client.reply('c1');
    client.send({ v: 1, ...signMessage('c1', 'batch-one', docs(120, 'c'), 120) });
    await firstProgress;
    expect(await client.request(signMessage('c2', 'batch-two', docs(2, 'd'), 2))).toMatchObject({
      type: 'error',
      error: { code: 'BATCH_BUSY' },
    });
    expect(await result).toMatchObject({ status: 'completed', batch: 'closed' });
  });

  it('a dropped connection ends its login', async () => {
    const other = await TestClient.open(t.companion.port);
    await other.auth(pairing);
    expect(await login(other)).toMatchObject({ type: 'login.result' });
    other.close();
    await other.closed;
    await new Promise((r) => setTimeout(r, 50));
    expect(await client.request({ type: 'status', id: 's6' })).toMatchObject({ session: 'loggedOut' });
    expect(t.companion.tokens.session).toBeUndefined();
  });
});

describe('audit and secrets', () => {
  it('a finding the signer overrode in the sign window is recorded with the signed document', async () => {
    await login();
    const doc = { ...docs(1, 'ov')[0], overridden: ['TT27-SCORE-INVALID'] };
    expect(await client.request(signMessage('ov1', 'batch-overridden', [doc]))).toMatchObject({
      status: 'completed',
    });
    const lines = readFileSync(join(t.dataDir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const signed = lines.filter((l) => l.event === 'document.signed' && l.batchId === 'batch-overridden');
    expect(signed).toEqual([expect.objectContaining({ docId: 'ov0', overridden: ['TT27-SCORE-INVALID'] })]);
    // Only rule codes: a sentence (or anything else) in their place is refused before signing.
    expect(
      await client.request(
        signMessage('ov2', 'batch-overridden-2', [{ ...docs(1, 'ow')[0], overridden: ['xin chào <b>'] }]),
      ),
    ).toMatchObject({ type: 'error' });
  });

  it('the audit log records each signed document with its hash and verifies intact', () => {
    const path = join(t.dataDir, 'audit.jsonl');
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const signed = lines.filter((l) => l.event === 'document.signed');
    expect(signed.length).toBeGreaterThanOrEqual(20 + 6 + 10);
    expect(signed[0]).toMatchObject({
      role: 'principal',
      pairingId: pairing.id,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(signed[0].signer).toContain('Trần Văn Minh');
    expect(lines.some((l) => l.event === 'login.failed' && /^PIN_INCORRECT/.test(l.code))).toBe(true);
    const report = verifyAudit({
      log: path,
      journals: join(t.dataDir, 'batches'),
      archive: join(t.dataDir, 'archive'),
    });
    expect(report).toMatchObject({ status: 'intact', lines: lines.length, problems: [] });
    // Each batch part ended with the head signed by the signer's token, in the same login.
    expect(report.anchors.count).toBeGreaterThan(0);
    expect(report.anchors.signers.join(' ')).toContain('Minh');
    expect(verifyAuditLog(path).status).toBe('intact');
  });

  it('the PIN (right or wrong) appears in no log, audit, journal or pairing file', () => {
    const texts = [t.logLines.join('\n')];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (!path.includes(`${join(t.dataDir, 'archive')}`)) texts.push(readFileSync(path, 'latin1'));
      }
    };
    walk(t.dataDir);
    expect(texts.length).toBeGreaterThan(3);
    expect(existsSync(join(t.dataDir, 'audit.jsonl'))).toBe(true);
    for (const text of texts) {
      expect(text).not.toContain(TEST_PIN);
      expect(text).not.toContain(WRONG_PIN);
    }
  });
});
