/**
 * Fault injection: the built companion (dist/) in a child process SIGKILLs itself at each
 * step of sign → archive → journal → audit line → audit head → report (HOCBA_TEST_CRASH_AT),
 * then a fresh companion starts on the same data folder. After the restart the audit log
 * verifies (chain, head, signed heads, journals, archive), every signed file the first run
 * produced is named in the log, and the resumed batch returns every document once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/index.js';
import type { CrashPoint } from '../../src/crash/index.js';
import { PairingStore } from '../../src/pairing/index.js';
import { SOFTHSM_MODULE } from '../../src/pkcs11/index.js';
import { EXTENSION_ORIGIN, TestClient } from '../support/client.js';
import { validRecords } from '../support/records.js';
import { IDS, makeTestToken, TEST_PIN } from '../support/token.js';

const child = fileURLToPath(new URL('../support/companion-child.mjs', import.meta.url));
let tokenDir: string;
let serial: string;
let baseEnv: NodeJS.ProcessEnv;
const dirs: string[] = [];
const running: ChildProcess[] = [];

function startChild(dataDir: string, crashAt?: string, groupWindowMs?: number) {
  const env = {
    ...baseEnv,
    ...(crashAt ? { HOCBA_TEST_CRASH_AT: crashAt } : {}),
    ...(groupWindowMs ? { HOCBA_TEST_GROUP_WINDOW_MS: String(groupWindowMs) } : {}),
  };
  const proc = spawn('node', [child, dataDir, SOFTHSM_MODULE], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  running.push(proc);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    proc.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  const port = new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0]!) as { port: number }).port);
    });
    void exited.then((how) => reject(new Error(`child exited (${String(how)}) before listening`)));
  });
  return { proc, port, exited };
}

beforeAll(async () => {
  const made = await makeTestToken('HOCBA-CRASH');
  tokenDir = made.dir;
  serial = made.token.serial;
  baseEnv = { ...process.env, SOFTHSM2_CONF: made.token.confPath };
}, 60_000);

afterAll(() => {
  for (const proc of running) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  rmSync(tokenDir, { recursive: true, force: true });
});

const TOTAL = 5;
const records = validRecords(TOTAL);
const documents = records.map((record, i) => ({
  docId: `c${i}`,
  name: `Học sinh ${i}`,
  kind: 'record',
  record,
}));
const signMessage = (id: string) => ({
  type: 'sign',
  id,
  batchId: 'crash-batch',
  token: { serial },
  certificateId: IDS.gvcn,
  role: 'gvcn',
  algorithm: 'rsa-pkcs1-sha256',
  total: TOTAL,
  documents,
});

async function signIn(port: number, pairing: { id: string; secret: string }) {
  const client = await TestClient.open(port);
  await client.auth(pairing);
  expect(await client.request({ type: 'login', id: 'l', token: { serial }, pin: TEST_PIN })).toMatchObject({
    type: 'login.result',
  });
  return client;
}

function logLines(dataDir: string) {
  return readFileSync(join(dataDir, 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const report = (dataDir: string) =>
  verifyAudit({
    log: join(dataDir, 'audit.jsonl'),
    journals: join(dataDir, 'batches'),
    archive: join(dataDir, 'archive'),
  });

// Audit lines before the first document: companion.started (1), login.succeeded (2); the
// document crash points count documents. Each kill lands on the second document.
const cases: [CrashPoint, string][] = [
  ['sign.signed', 'sign.signed#2'],
  ['sign.archived', 'sign.archived#2'],
  ['sign.journaled', 'sign.journaled#2'],
  ['audit.line', 'audit.line#4'],
  ['audit.head', 'audit.head#4'],
  ['sign.reported', 'sign.reported#2'],
];

describe('killed at each step of signing', () => {
  it.each(cases)(
    'killed at %s: after a restart the log verifies and nothing signed is lost',
    async (_point, crashAt) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'hocba-crash-'));
      dirs.push(dataDir);
      const pairing = new PairingStore(dataDir).add(EXTENSION_ORIGIN);

      const first = startChild(dataDir, crashAt);
      const a = await signIn(await first.port, pairing);
      a.send({ v: 1, ...signMessage('s1') });
      expect(await first.exited).toBe('SIGKILL');
      await a.closed;
      const archiveDir = join(dataDir, 'archive');
      const filesAfterKill = (readdirSync(archiveDir, { recursive: true }) as string[]).filter((f) =>
        f.endsWith('.pdf'),
      );

      // Restart: roll forward, then resume the batch.
      const second = startChild(dataDir);
      const b = await signIn(await second.port, pairing);
      const afterRestart = report(dataDir);
      expect(afterRestart.problems).toEqual([]);
      expect(afterRestart.status).toBe('intact');
      const result = await b.request(signMessage('s2'));
      expect(result).toMatchObject({
        type: 'sign.result',
        status: 'completed',
        notSigned: [],
        batch: 'closed',
      });
      expect(result.signed).toHaveLength(TOTAL);
      expect(result.auditHead).toMatchObject({ batchId: 'crash-batch' });
      b.close();
      second.proc.kill('SIGTERM');
      await second.exited;

      const final = report(dataDir);
      expect(final).toMatchObject({ status: 'intact', problems: [] });
      expect(final.anchors.count).toBeGreaterThanOrEqual(1);
      const lines = logLines(dataDir);
      expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
      // Every signed file the killed run left is named in the log; every returned file too.
      const mentioned = new Set(
        lines
          .filter((l) => l.event === 'document.signed' || l.event === 'archive.unrecorded')
          .map((l) => l.archived),
      );
      for (const f of filesAfterKill) expect(mentioned).toContain(f);
      const progress = b.received.filter((m) => m.type === 'progress' && m.id === 's2');
      expect(new Set(progress.map((m) => m.docId)).size).toBe(TOTAL);
      for (const m of progress) {
        expect(['signed', 'alreadySigned']).toContain(m.status);
        const archived = readFileSync(join(archiveDir, m.archived as string));
        expect(archived.toString('base64')).toBe(m.pdfBase64);
        expect(
          lines.some((l) => l.event === 'document.signed' && l.docId === m.docId && l.sha256 === m.sha256),
        ).toBe(true);
      }
      // The first document was finished before the kill: it comes back, not signed again.
      expect(progress.find((m) => m.docId === 'c0')?.status).toBe('alreadySigned');
    },
    60_000,
  );
});

// Several documents signed and archived share one group's fsyncs, and are reported only after
// them. A window wider than the batch makes the whole batch one group, whatever the load.
const groupCases: [string, string, number][] = [
  // The third document journaled: three signed, archived and journaled, none flushed or reported.
  ['inside a group, after the third journal line', 'sign.journaled#3', 3],
  // Audit lines: companion.started (1), login.succeeded (2), then the group's five in one write:
  // killed before the head is written, so the head is five lines behind the log.
  ["after the group's audit lines, before its one head write", 'audit.line#3', TOTAL],
];

describe('killed inside a group of signed documents', () => {
  it.each(groupCases)(
    'killed %s: nothing was reported, nothing is lost, a resend resumes',
    async (_what, crashAt, signedBeforeKill) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'hocba-crash-'));
      dirs.push(dataDir);
      const pairing = new PairingStore(dataDir).add(EXTENSION_ORIGIN);
      const first = startChild(dataDir, crashAt, 60_000);
      const a = await signIn(await first.port, pairing);
      a.send({ v: 1, ...signMessage('s1') });
      expect(await first.exited).toBe('SIGKILL');
      await a.closed;
      // Several documents signed, none reported: the group's reports wait for its fsyncs.
      expect(a.received.filter((m) => m.type === 'progress')).toEqual([]);
      const archiveDir = join(dataDir, 'archive');
      const filesAfterKill = (readdirSync(archiveDir, { recursive: true }) as string[]).filter((f) =>
        f.endsWith('.pdf'),
      );
      expect(filesAfterKill).toHaveLength(signedBeforeKill);

      const second = startChild(dataDir);
      const b = await signIn(await second.port, pairing);
      expect(report(dataDir)).toMatchObject({ status: 'intact', problems: [] });
      const result = await b.request(signMessage('s2'));
      expect(result).toMatchObject({
        type: 'sign.result',
        status: 'completed',
        notSigned: [],
        batch: 'closed',
      });
      b.close();
      second.proc.kill('SIGTERM');
      await second.exited;

      const lines = logLines(dataDir);
      expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
      // A head behind the log whose chain links is moved up, not recorded as a mismatch.
      expect(lines.some((l) => l.event === 'audit.headMismatch')).toBe(false);
      expect(report(dataDir)).toMatchObject({ status: 'intact', problems: [] });
      const progress = b.received.filter((m) => m.type === 'progress' && m.id === 's2');
      expect(progress.map((m) => m.docId)).toEqual(documents.map((d) => d.docId));
      // What the killed run signed comes back from the journal, not signed a second time.
      expect(progress.map((m) => m.status)).toEqual(
        documents.map((_, i) => (i < signedBeforeKill ? 'alreadySigned' : 'signed')),
      );
      for (const m of progress) {
        expect(readFileSync(join(archiveDir, m.archived as string)).toString('base64')).toBe(m.pdfBase64);
        const signedLines = lines.filter((l) => l.event === 'document.signed' && l.docId === m.docId);
        expect(signedLines.map((l) => l.sha256)).toEqual([m.sha256]);
      }
      const archived = (readdirSync(archiveDir, { recursive: true }) as string[]).filter((f) =>
        f.endsWith('.pdf'),
      );
      expect(archived).toHaveLength(TOTAL);
    },
    60_000,
  );
});

describe('resume after a restart', () => {
  it('a GVCN batch resumed as principal is refused, never answered with the GVCN files', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hocba-crash-'));
    dirs.push(dataDir);
    const pairing = new PairingStore(dataDir).add(EXTENSION_ORIGIN);
    const first = startChild(dataDir, 'sign.reported#2');
    const a = await signIn(await first.port, pairing);
    a.send({ v: 1, ...signMessage('s1') });
    expect(await first.exited).toBe('SIGKILL');

    const second = startChild(dataDir);
    const b = await signIn(await second.port, pairing);
    const asPrincipal = await b.request({
      ...signMessage('s2'),
      role: 'principal',
      certificateId: IDS.principal,
    });
    expect(asPrincipal).toMatchObject({ type: 'error', error: { code: 'BATCH_MISMATCH' } });
    expect(b.received.filter((m) => m.type === 'progress' && m.id === 's2')).toEqual([]);
    // The GVCN signer resumes it.
    const resumed = await b.request(signMessage('s3'));
    expect(resumed).toMatchObject({ type: 'sign.result', status: 'completed', notSigned: [] });
    b.close();
    second.proc.kill('SIGTERM');
    await second.exited;
    expect(report(dataDir)).toMatchObject({ status: 'intact', problems: [] });
  }, 60_000);

  it('two documents with the same id in one batch are refused before anything is signed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hocba-crash-'));
    dirs.push(dataDir);
    const pairing = new PairingStore(dataDir).add(EXTENSION_ORIGIN);
    const run = startChild(dataDir);
    const c = await signIn(await run.port, pairing);
    const twice = {
      ...signMessage('d1'),
      batchId: 'dup',
      documents: [documents[0], { ...documents[1], docId: 'c0' }],
    };
    expect(await c.request(twice)).toMatchObject({ type: 'error', error: { code: 'DUPLICATE_DOCUMENT_ID' } });
    c.close();
    run.proc.kill('SIGTERM');
    await run.exited;
  }, 60_000);
});
