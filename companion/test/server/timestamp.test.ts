/**
 * Time-stamps and revocation data from the companion, with openssl's TSA and OCSP responder
 * on loopback: a class signed B-LT in one batch with one PIN (time-stamp in each signature,
 * OCSP of the chain and the TSA's in /DSS); the TSA unreachable → TIMESTAMP_UNREACHABLE,
 * the batch stops, and going on at B-B is the user's choice, recorded in the audit log.
 */

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PdfDocument, signatureContents } from '@hocba/shared/pdf';
import { createTrustStore, verifyPdf } from '@hocba/shared/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, pkiWithOcsp, type TestPki } from '../../../shared/test/support/pki.js';
import { type RunningServer, startTsa } from '../../../shared/test/support/servers.js';
import { archiveStatus, restampFile } from '../../src/archive/restamp.js';
import type { Pairing } from '../../src/pairing/index.js';
import { SOFTHSM_MODULE } from '../../src/pkcs11/index.js';
import { createSoftHsmToken } from '../../src/pkcs11/softhsm-token.js';
import { defaultEngine } from '../../src/signing/default-engine.js';
import { type ChildOutput, childOutput } from '../support/child-output.js';
import { EXTENSION_ORIGIN, TestClient } from '../support/client.js';
import { startTestCompanion, type TestCompanion } from '../support/companion.js';
import { makeNssDb, pdfsig } from '../support/pdfsig.js';
import { validRecords } from '../support/records.js';
import { caObject, signerObject, TEST_PIN } from '../support/token.js';

function spawnAsync(
  cmd: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; input: string; encoding: 'utf8' },
): Promise<ChildOutput> {
  const child = spawn(cmd, args, { env: options.env });
  const output = childOutput(child);
  child.stdin.end(options.input);
  return output;
}

type Message = Awaited<ReturnType<TestClient['request']>>;

let pki: TestPki;
let ocsp: RunningServer;
let tsa: RunningServer;
let tokenDir: string;
let serial: string;
let confPath: string;
let work: string;
let nss: string;
/** Files the batches produced, for the verification-time checks. */
const made: { blt?: Uint8Array; bb?: Uint8Array; bltLta?: Uint8Array; bbLta?: Uint8Array } = {};
const running: { t: TestCompanion; client: TestClient }[] = [];

beforeAll(async () => {
  ({ pki, ocsp } = await pkiWithOcsp());
  tsa = await startTsa(pki);
  tokenDir = mkdtempSync(join(tmpdir(), 'hocba-token-ts-'));
  const token = createSoftHsmToken({
    dir: tokenDir,
    label: 'HOCBA-TS',
    pin: TEST_PIN,
    objects: [signerObject(pki, 'gvcn'), caObject(pki)],
  });
  process.env.SOFTHSM2_CONF = token.confPath;
  serial = token.serial;
  confPath = token.confPath;
  work = mkdtempSync(join(tmpdir(), 'hocba-ts-'));
  nss = makeNssDb(join(work, 'nss'), pki);
}, 180_000);

afterAll(async () => {
  // Kept for the hand checks with pdfsig and pyHanko (test-output is not committed).
  const out = join(import.meta.dirname, '../../../test-output/timestamp');
  mkdirSync(out, { recursive: true });
  if (made.blt) writeFileSync(join(out, 'class-B-LT.pdf'), made.blt);
  if (made.bb) writeFileSync(join(out, 'class-B-B.pdf'), made.bb);
  if (made.bltLta) writeFileSync(join(out, 'class-B-LT-LTA.pdf'), made.bltLta);
  if (made.bbLta) writeFileSync(join(out, 'class-B-B-LTA.pdf'), made.bbLta);
  if (pki) writeFileSync(join(out, 'ca.pem'), pki.ca.certPem);
  if (pki) writeFileSync(join(out, 'root.pem'), pki.root.certPem);
  for (const r of running) {
    r.client.close();
    await r.t.companion.close();
    rmSync(r.t.dataDir, { recursive: true, force: true });
  }
  await ocsp?.close();
  await tsa?.close();
  rmSync(tokenDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  if (pki) rmSync(pki.dir, { recursive: true, force: true });
});

async function companionWith(engineOptions: Parameters<typeof defaultEngine>[0]) {
  const t = await startTestCompanion({ engine: await defaultEngine(engineOptions) });
  const pairing: Pairing = t.companion.pairings.add(EXTENSION_ORIGIN, 'test');
  const client = await TestClient.open(t.companion.port);
  await client.auth(pairing);
  running.push({ t, client });
  return { t, client };
}

/** One login (one PIN), one batch of records as GVCN; the result and each document's progress. */
async function signBatch(
  client: TestClient,
  batchId: string,
  records: object[],
  extra: Record<string, unknown> = {},
): Promise<{ result: Message; progress: Message[]; logins: number }> {
  const documents = records.map((record, i) => ({ docId: `d${i}`, name: `HS ${i}`, kind: 'record', record }));
  const batch = { serial, pin: TEST_PIN, batchId, certificateId: '01', role: 'gvcn', documents, extra };
  return { ...(await client.signBatch(batch)), logins: 1 };
}

const auditLines = (t: TestCompanion) =>
  readFileSync(join(t.dataDir, 'audit.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('a configured time-stamp server', () => {
  it('B-LT: a class of 3 in one batch, one PIN; time-stamp in each signature, OCSP in /DSS; verifier and pdfsig accept', {
    timeout: 180_000,
  }, async () => {
    const { t, client } = await companionWith({ timestampUrl: tsa.url, level: 'B-LT' });
    const before = { tsa: tsa.requests };
    const records = validRecords(3, 21);
    const { result, progress } = await signBatch(client, 'class-blt', records);
    expect(result).toMatchObject({ status: 'completed', signed: ['d0', 'd1', 'd2'], notSigned: [] });
    expect(progress.map((p) => p.level)).toEqual(['B-LT', 'B-LT', 'B-LT']);
    expect(tsa.requests - before.tsa).toBe(3);
    const trust = createTrustStore({ anchors: [pki.root.certPem] });
    for (const [i, p] of progress.entries()) {
      const pdf = new Uint8Array(Buffer.from(p.pdfBase64 as string, 'base64'));
      // Time-stamp token in the signature, within the last minutes.
      const doc = new PdfDocument(pdf);
      const dss = doc.resolveDict(doc.catalog().get('DSS'));
      expect(dss, 'a /DSS').toBeDefined();
      expect((doc.resolve(dss!.get('OCSPs')) as unknown[]).length).toBeGreaterThanOrEqual(1);
      // /VRI keyed by the SHA-1 of the signature's /Contents as stored (iText, pyHanko).
      const sigDict = /\/Contents\s*<([0-9a-fA-F]+)>/.exec(Buffer.from(pdf).toString('latin1'))!;
      const key = createHash('sha1').update(Buffer.from(sigDict[1]!, 'hex')).digest('hex').toUpperCase();
      const vri = doc.resolveDict(dss!.get('VRI'));
      expect(doc.resolveDict(vri?.get(key))?.get('OCSP'), `VRI ${key}`).toBeDefined();
      const [cms] = signatureContents(pdf);
      expect(cms).toBeDefined();
      const report = await verifyPdf(pdf, { trust });
      expect(report.signatures[0]?.integrity.status).toBe('INTACT');
      // The time the verifier relies on is the TSA's, not the PC's clock.
      expect(report.signatures[0]?.timeSource).toBe('TIMESTAMP');
      expect(report.signatures[0]?.timestamp).toMatchObject({ status: 'INTACT', trust: 'TRUSTED' });
      expect(report.signatures[0]?.trust.revocationSource).toBeTruthy();
      made.blt ??= pdf;
      const file = join(work, `blt-${i}.pdf`);
      writeFileSync(file, pdf);
      const check = pdfsig(nss, file);
      expect(check.valid, check.output).toBe(1);
      expect(check.output).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
    }
    const signed = auditLines(t).filter((l) => l.event === 'document.signed');
    expect(signed.map((l) => l.level)).toEqual(['B-LT', 'B-LT', 'B-LT']);
    expect(auditLines(t).filter((l) => l.event === 'login.succeeded')).toHaveLength(1);
  });

  it('TSA unreachable: TIMESTAMP_UNREACHABLE (vi + en), the batch stops; going on at B-B is recorded in the audit log', {
    timeout: 120_000,
  }, async () => {
    const dead = `http://127.0.0.1:${await freePort()}/tsa`;
    const { t, client } = await companionWith({ timestampUrl: dead, networkTimeoutMs: 3000 });
    const records = validRecords(2, 22);
    const first = await signBatch(client, 'class-down', records);
    expect(first.result).toMatchObject({ status: 'failed', signed: [] });
    expect(first.progress[0]).toMatchObject({ status: 'failed', error: { code: 'TIMESTAMP_UNREACHABLE' } });
    const err = first.progress[0]!.error as { message: { vi: string; en: string } };
    expect(err.message.vi).toContain('dấu thời gian');
    expect(err.message.vi).toContain(dead);
    expect(err.message.en).toContain('B-B');
    expect(first.progress[0]!.pdfBase64).toBeUndefined();
    // The second was not tried (no second wait for a dead server).
    expect((first.result.notSigned as { error: { code: string } }[])[1]?.error.code).toBe('NOT_REACHED');
    expect(auditLines(t).some((l) => l.event === 'timestamp.skipped')).toBe(false);

    const again = await signBatch(client, 'class-down', records, { withoutTimestamp: true });
    expect(again.result).toMatchObject({ status: 'completed', signed: ['d0', 'd1'] });
    expect(again.progress.map((p) => p.level)).toEqual(['B-B', 'B-B']);
    made.bb = new Uint8Array(Buffer.from(again.progress[0]!.pdfBase64 as string, 'base64'));
    const skipped = auditLines(t).filter((l) => l.event === 'timestamp.skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ batchId: 'class-down', role: 'gvcn' });
    expect(
      auditLines(t)
        .filter((l) => l.event === 'document.signed')
        .map((l) => l.level),
    ).toEqual(['B-B', 'B-B']);
  });
});

describe('the verifier at a verification time (hocba verify --at)', () => {
  const codes = (r: { warnings?: { code: string }[] }) => (r.warnings ?? []).map((w) => w.code);
  it("today: no expiry warnings; the B-T/B-LT time is the TSA's, the B-B time is claimed", async () => {
    const trust = createTrustStore({ anchors: [pki.root.certPem] });
    const blt = await verifyPdf(made.blt!, { trust });
    expect(blt.verdict).toBe('valid');
    expect(codes(blt)).not.toContain('TIME_NOT_PROVEN_BEFORE_EXPIRY');
    expect(codes(blt)).not.toContain('TIMESTAMP_EXPIRED');
    expect(blt.signatures[0]!.timeSource).toBe('TIMESTAMP');
    const bb = await verifyPdf(made.bb!, { trust });
    expect(bb.signatures[0]!.timeSource).toMatch(/^CLAIMED_/);
    expect(codes(bb)).toContain('TIME_CLAIMED');
    expect(codes(bb)).not.toContain('TIME_NOT_PROVEN_BEFORE_EXPIRY');
  });

  it("past the signer's expiry: B-B is valid with warnings (time not proven); the time-stamped file is proven, and told its TSA certificate needs an archive time-stamp", async () => {
    const trust = createTrustStore({ anchors: [pki.root.certPem] });
    // 20 years on: every test certificate but the root and CA (5 years) has expired.
    const at = new Date(Date.now() + 20 * 365 * 86400_000);
    const bb = await verifyPdf(made.bb!, { trust, now: at });
    expect(bb.verifiedAt).toBe(at.toISOString());
    expect(bb.verdict).toBe('valid');
    expect(bb.level).toBe('valid_with_warnings');
    const w = bb.warnings!.find((x) => x.code === 'TIME_NOT_PROVEN_BEFORE_EXPIRY');
    expect(w?.message.vi).toContain('hết hạn');
    expect(w?.message.en).toContain('claimed time');
    const blt = await verifyPdf(made.blt!, { trust, now: at });
    expect(blt.verdict).toBe('valid');
    expect(codes(blt)).not.toContain('TIME_NOT_PROVEN_BEFORE_EXPIRY');
    expect(codes(blt)).toContain('TIMESTAMP_EXPIRED');
  });
});

describe('hocba archive status / restamp (B-LTA)', () => {
  it('lists what needs a stamp, adds a document time-stamp over the /DSS, keeps every earlier version', {
    timeout: 120_000,
  }, async () => {
    const folder = join(work, 'archive');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'blt.pdf'), made.blt!);
    writeFileSync(join(folder, 'bb.pdf'), made.bb!);
    const before = archiveStatus(folder);
    expect(before.map((s) => [s.file, s.level, s.needsRestamp])).toEqual([
      ['bb.pdf', 'B-B', true],
      ['blt.pdf', 'B-LT', false],
    ]);
    expect(before[1]!.dueBy! < before[1]!.expires!).toBe(true);
    // Ten years on, the B-LT file is due too.
    expect(archiveStatus(folder, { now: new Date(Date.now() + 10 * 365 * 86400_000) })[1]!.needsRestamp).toBe(
      true,
    );

    const trust = createTrustStore({ anchors: [pki.root.certPem] });
    for (const file of ['bb.pdf', 'blt.pdf']) {
      const old = readFileSync(join(folder, file));
      const r = await restampFile(folder, file, { timestampUrl: tsa.url });
      expect(r.revocationProblem).toBeUndefined();
      expect(readFileSync(join(folder, r.previous))).toEqual(old);
      const pdf = new Uint8Array(readFileSync(join(folder, file)));
      // An incremental update: the earlier bytes stay as they were.
      expect(Buffer.from(pdf.subarray(0, old.length)).equals(old)).toBe(true);
      const report = await verifyPdf(pdf, { trust });
      expect(report.verdict).toBe('valid');
      const stamp = report.signatures.find((s) => s.kind === 'DOCUMENT_TIMESTAMP');
      expect(stamp?.status).toBe('TOTAL_PASSED');
      writeFileSync(join(work, `lta-${file}`), pdf);
      const check = pdfsig(nss, join(work, `lta-${file}`));
      // pdfsig does not list document time-stamps; the signature it checks stays valid under it.
      expect(check.valid, check.output).toBe(1);
      // Twenty years on: the signer's certificate has expired, the document time-stamp proves
      // the signature existed before, so no "time not proven" even for the former B-B file.
      const later = await verifyPdf(pdf, { trust, now: new Date(Date.now() + 20 * 365 * 86400_000) });
      expect(later.verdict).toBe('valid');
      expect((later.warnings ?? []).map((w) => w.code)).not.toContain('TIME_NOT_PROVEN_BEFORE_EXPIRY');
      made[file === 'bb.pdf' ? 'bbLta' : 'bltLta'] = pdf;
    }
    expect(archiveStatus(folder).map((s) => [s.level, s.needsRestamp])).toEqual([
      ['B-B', false],
      ['B-LTA', false],
    ]);
  });
});

describe('hocba sign with a time-stamp server', () => {
  const hocba = fileURLToPath(new URL('../../bin/hocba.js', import.meta.url));
  // Asynchronous: the TSA answers from this process, so it must not be blocked meanwhile.
  const run = (dataDir: string, extra: string[], file: string) =>
    spawnAsync(
      'node',
      [
        hocba,
        'sign',
        '--role',
        'teacher',
        '--out',
        join(dataDir, 'out'),
        '--data-dir',
        dataDir,
        '--pin-stdin',
        '--module',
        SOFTHSM_MODULE,
        ...extra,
        file,
      ],
      { env: { ...process.env, SOFTHSM2_CONF: confPath }, input: `${TEST_PIN}\n`, encoding: 'utf8' },
    );

  it('prints the level per file; a dead TSA is a clear error with the way on; --without-timestamp signs B-B, audited', {
    timeout: 120_000,
  }, async () => {
    const dataDir = join(work, 'cli');
    mkdirSync(dataDir, { recursive: true });
    const file = join(work, 'hs.json');
    writeFileSync(file, JSON.stringify(validRecords(1, 31)[0]));
    const ok = await run(dataDir, ['--tsa', tsa.url, '--level', 'B-LT'], file);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/✓ .*hs\.signed\.pdf\s+B-LT\s+sha256=/);
    expect(ok.stderr).toContain(`${tsa.url} (B-LT)`);

    const dead = `http://127.0.0.1:1/tsa`;
    const down = await run(dataDir, ['--tsa', dead], file);
    expect(down.status).toBe(1);
    expect(down.stderr).toContain('dấu thời gian');
    expect(down.stderr).toContain('--without-timestamp');

    const bb = await run(dataDir, ['--tsa', dead, '--without-timestamp'], file);
    expect(bb.status, bb.stderr).toBe(0);
    expect(bb.stdout).toMatch(/\s+B-B\s+sha256=/);
    const audit = readFileSync(join(dataDir, 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"event":"timestamp.skipped"');
  });
});
