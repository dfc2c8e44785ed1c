/**
 * The audit log's crash safety (roll forward) and its tamper evidence (anchors signed with
 * the test PKI's real keys, journals and archive as cross-checks). Every tampering the
 * issue lists is either detected here or shown undetectable without a kept head, as
 * docs/audit.md says.
 */
import { spawnSync } from 'node:child_process';
import { constants, createPrivateKey, sign as cryptoSign, X509Certificate } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../test/pki/index.mjs';
import { Archive } from '../../src/archive/index.js';
import { type AuditAnchor, AuditLog, lineHash, verifyAudit } from '../../src/audit/index.js';
import { testPki } from '../support/token.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await testPki();
}, 60_000);

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-audit-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type Signer = 'principal' | 'ecdsa';
function signWith(who: Signer, algorithm: AuditAnchor['algorithm']) {
  const entity = pki.signers[who];
  const key = createPrivateKey(entity.keyPem);
  const certificate = new Uint8Array(new X509Certificate(entity.certPem).raw);
  const sign = async (statement: Uint8Array) => ({
    signature: new Uint8Array(
      algorithm === 'rsa-pss-sha256'
        ? cryptoSign('sha256', statement, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
        : cryptoSign('sha256', statement, key),
    ),
    algorithm,
  });
  return { certificate, sign };
}

const started = { event: 'companion.started', version: 't', port: 1 } as const;
const finished = (batchId: string) =>
  ({
    event: 'batch.finished',
    pairingId: 'p',
    batchId,
    status: 'completed',
    signed: 1,
    notSigned: 0,
  }) as const;

function readLines(dir: string): Record<string, unknown>[] {
  return readFileSync(join(dir, 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A data folder with a log of a few lines, one anchored batch, then a few more lines. */
async function anchoredLog(
  algorithm: AuditAnchor['algorithm'] = 'rsa-pkcs1-sha256',
  who: Signer = 'principal',
) {
  const dir = temp();
  const log = new AuditLog(join(dir, 'audit.jsonl'));
  log.append(started);
  log.append({ event: 'login.succeeded', pairingId: 'p', token: 'T', serial: 'S' });
  log.append(finished('b1'));
  const { certificate, sign } = signWith(who, algorithm);
  const anchor = await log.anchor('b1', certificate, sign);
  log.append({ event: 'logout', pairingId: 'p', serial: 'S', reason: 'batch finished' });
  return { dir, log, anchor, path: join(dir, 'audit.jsonl') };
}

const verify = (dir: string, heads?: unknown[]) =>
  verifyAudit({
    log: join(dir, 'audit.jsonl'),
    journals: join(dir, 'batches'),
    archive: join(dir, 'archive'),
    ...(heads ? { heads } : {}),
  });

/** Re-chains lines from scratch (what someone who can write the folder can do) and rewrites the head. */
function rechain(dir: string, lines: Record<string, unknown>[]) {
  let prev = '0'.repeat(64);
  const out: string[] = [];
  lines.forEach((l, i) => {
    const text = JSON.stringify({ ...l, seq: i + 1, prev });
    out.push(text);
    prev = lineHash(text);
  });
  writeFileSync(join(dir, 'audit.jsonl'), `${out.join('\n')}\n`);
  writeFileSync(join(dir, 'audit.head'), JSON.stringify({ seq: out.length, hash: prev }));
}

describe('audit log: crash safety', () => {
  it('a kill between the line and the head rename: the next start moves the head up, one chain', () => {
    const dir = temp();
    const path = join(dir, 'audit.jsonl');
    const log = new AuditLog(path);
    log.append(started);
    const headBefore = readFileSync(join(dir, 'audit.head'), 'utf8');
    log.append(finished('b1'));
    // What the kill leaves: the second line on disk, the head still naming the first.
    writeFileSync(join(dir, 'audit.head'), headBefore);
    expect(verify(dir)).toMatchObject({
      status: 'intact',
      notes: [expect.stringContaining('one line behind')],
    });
    const restarted = new AuditLog(path);
    restarted.append(started);
    const lines = readLines(dir);
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(lines.some((l) => l.event === 'audit.headMismatch')).toBe(false);
    expect(verify(dir)).toMatchObject({ status: 'intact', lines: 3, notes: [] });
  });

  it('a kill after a group of lines, before its one head write: a head k lines behind is moved up', () => {
    const dir = temp();
    const path = join(dir, 'audit.jsonl');
    const log = new AuditLog(path);
    log.append(started);
    log.append(started);
    const headBefore = readFileSync(join(dir, 'audit.head'), 'utf8');
    log.appendAll([finished('b1'), finished('b2'), finished('b3'), finished('b4')]);
    writeFileSync(join(dir, 'audit.head'), headBefore);
    expect(verify(dir)).toMatchObject({
      status: 'intact',
      notes: [expect.stringContaining('4 lines behind')],
    });
    new AuditLog(path).append(started);
    const lines = readLines(dir);
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(lines.some((l) => l.event === 'audit.headMismatch')).toBe(false);
    expect(verify(dir)).toMatchObject({ status: 'intact', lines: 7, notes: [] });
  });

  it('a head at the genesis with a whole group after it (first group of a new log) is moved up', () => {
    const dir = temp();
    const path = join(dir, 'audit.jsonl');
    new AuditLog(path).appendAll([started, finished('b1'), finished('b2')]);
    writeFileSync(join(dir, 'audit.head'), JSON.stringify({ seq: 0, hash: '0'.repeat(64) }));
    new AuditLog(path).append(started);
    expect(readLines(dir).some((l) => l.event === 'audit.headMismatch')).toBe(false);
    expect(verify(dir)).toMatchObject({ status: 'intact', lines: 4 });
  });

  it('a head k lines behind whose chain does not link to the end: a mismatch, recorded', () => {
    const dir = temp();
    const path = join(dir, 'audit.jsonl');
    const log = new AuditLog(path);
    log.append(started);
    const headBefore = readFileSync(join(dir, 'audit.head'), 'utf8');
    log.appendAll([finished('b1'), finished('b2'), finished('b3')]);
    // A line inside the lag rewritten (its hash changes, the next line's prev no longer matches).
    const text = readFileSync(path, 'utf8').split('\n');
    text[2] = text[2]!.replace('"b2"', '"bX"');
    writeFileSync(path, text.join('\n'));
    writeFileSync(join(dir, 'audit.head'), headBefore);
    expect(verify(dir).status).toBe('broken');
    new AuditLog(path);
    expect(readLines(dir).at(-1)).toMatchObject({ event: 'audit.headMismatch', headSeq: 1, logSeq: 4 });
  });

  it('a head behind that names a line the log does not have (hash differs): a mismatch', () => {
    const dir = temp();
    const path = join(dir, 'audit.jsonl');
    const log = new AuditLog(path);
    log.appendAll([started, finished('b1'), finished('b2')]);
    writeFileSync(join(dir, 'audit.head'), JSON.stringify({ seq: 1, hash: 'e'.repeat(64) }));
    new AuditLog(path);
    expect(readLines(dir).at(-1)).toMatchObject({ event: 'audit.headMismatch', headSeq: 1, logSeq: 3 });
  });

  it('a head ahead of the log (its tail cut): a mismatch, recorded', () => {
    const dir = temp();
    const path = join(dir, 'audit.jsonl');
    const log = new AuditLog(path);
    log.appendAll([started, finished('b1'), finished('b2'), finished('b3')]);
    const head = readFileSync(join(dir, 'audit.head'), 'utf8');
    // The last two lines cut off; the head still names line 4.
    writeFileSync(path, `${readFileSync(path, 'utf8').split('\n').slice(0, 2).join('\n')}\n`);
    writeFileSync(join(dir, 'audit.head'), head);
    expect(verify(dir).status).toBe('broken');
    new AuditLog(path);
    expect(readLines(dir).at(-1)).toMatchObject({ event: 'audit.headMismatch', headSeq: 4, logSeq: 2 });
  });

  it('a kill inside the write (torn last line): cut off, recorded, chain intact', () => {
    const dir = temp();
    const path = join(dir, 'audit.jsonl');
    new AuditLog(path).append(started);
    appendFileSync(path, '{"seq":2,"time":"2026-');
    expect(verify(dir).notes[0]).toContain('unfinished');
    new AuditLog(path).append(started);
    const lines = readLines(dir);
    expect(lines.map((l) => l.event)).toEqual(['companion.started', 'audit.tornLine', 'companion.started']);
    expect(lines[1]).toMatchObject({ bytes: 22 });
    expect(verify(dir)).toMatchObject({ status: 'intact', lines: 3 });
  });

  it('a head that disagrees with the log is recorded in the log, never silently overwritten', () => {
    const dir = temp();
    const path = join(dir, 'audit.jsonl');
    const log = new AuditLog(path);
    log.append(started);
    log.append(started);
    writeFileSync(join(dir, 'audit.head'), JSON.stringify({ seq: 9, hash: 'f'.repeat(64) }));
    expect(verify(dir).status).toBe('broken');
    new AuditLog(path);
    expect(readLines(dir).at(-1)).toMatchObject({ event: 'audit.headMismatch', headSeq: 9, logSeq: 2 });
  });

  it('two writers (companion and `hocba pair`) interleave without a duplicate line number', () => {
    const dir = temp();
    const path = join(dir, 'audit.jsonl');
    const a = new AuditLog(path);
    const b = new AuditLog(path);
    for (let i = 0; i < 20; i++) (i % 3 ? a : b).append(started);
    expect(readLines(dir).map((l) => l.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(verify(dir).status).toBe('intact');
  });
});

describe('audit log: anchors and tampering', () => {
  it.each([
    ['rsa-pkcs1-sha256', 'principal'],
    ['rsa-pss-sha256', 'principal'],
    ['ecdsa-p256-sha256', 'ecdsa'],
  ] as const)('a head signed with %s verifies and names its signer', async (algorithm, who) => {
    const { dir, anchor } = await anchoredLog(algorithm, who);
    expect(anchor).toMatchObject({ seq: 3, batchId: 'b1', algorithm });
    const report = verify(dir);
    expect(report).toMatchObject({ status: 'intact', lines: 5, anchors: { count: 1, lastSeq: 3 } });
    expect(report.unanchoredLines).toBe(2);
  });

  it('cut tail below a signed head, with the head rewritten to match: detected', async () => {
    const { dir } = await anchoredLog();
    rechain(dir, readLines(dir).slice(0, 2));
    const report = verify(dir);
    expect(report.status).toBe('broken');
    expect(report.problems.map((p) => p.reason).join('\n')).toMatch(/line 3 was signed .* cut/);
  });

  it('a line before a signed head rewritten and the chain recomputed: detected', async () => {
    const { dir } = await anchoredLog();
    const lines = readLines(dir);
    lines[1] = { ...lines[1], serial: 'OTHER' };
    rechain(dir, lines);
    expect(
      verify(dir)
        .problems.map((p) => p.reason)
        .join('\n'),
    ).toMatch(/line 3 differs .* rewritten/);
  });

  it('a line deleted and the rest re-chained: detected (by the signed head before it, by the journal after it)', async () => {
    const { dir } = await anchoredLog();
    const lines = readLines(dir);
    rechain(dir, [lines[0]!, ...lines.slice(2)]);
    expect(verify(dir).status).toBe('broken');

    // After the last signed head: the journal names a signed file the log must mention.
    const second = await anchoredLog();
    const archive = new Archive(join(second.dir, 'archive'));
    const archived = archive.store('b2', 'd1', new Uint8Array([1, 2, 3]));
    const entry = {
      event: 'document.signed',
      pairingId: 'p',
      batchId: 'b2',
      docId: 'd1',
      name: 'n',
      role: 'gvcn',
      signer: 's',
      certificateSha256: 'c'.repeat(64),
      inputSha256: 'a'.repeat(64),
      sha256: 'b'.repeat(64),
      archived,
      algorithm: 'rsa-pkcs1-sha256',
    } as const;
    second.log.append(entry);
    const { event: _e, ...journal } = entry;
    mkdirSync(join(second.dir, 'batches'));
    writeFileSync(join(second.dir, 'batches', 'b2.jsonl'), `${JSON.stringify(journal)}\n`);
    expect(verify(second.dir).status).toBe('intact');
    rechain(
      second.dir,
      readLines(second.dir).filter((l) => l.event !== 'document.signed'),
    );
    const report = verify(second.dir);
    expect(report.status).toBe('broken');
    expect(report.problems.map((p) => p.reason).join('\n')).toContain('has no document.signed line');
  });

  it('the anchors file deleted and the anchored line removed: detected; a forged signature: detected', async () => {
    const { dir } = await anchoredLog();
    rmSync(join(dir, 'audit.anchors.jsonl'));
    expect(verify(dir).problems[0]?.reason).toContain('audit.anchors.jsonl is missing');

    const other = await anchoredLog();
    const anchors = readFileSync(join(other.dir, 'audit.anchors.jsonl'), 'utf8');
    const forged = JSON.parse(anchors) as AuditAnchor;
    forged.hash = 'e'.repeat(64);
    writeFileSync(join(other.dir, 'audit.anchors.jsonl'), `${JSON.stringify(forged)}\n`);
    expect(
      verify(other.dir)
        .problems.map((p) => p.reason)
        .join('\n'),
    ).toContain('signature does not verify');
  });

  it('wiped log and head: detected while the archive, journals or anchors remain', async () => {
    const { dir } = await anchoredLog();
    rmSync(join(dir, 'audit.jsonl'));
    rmSync(join(dir, 'audit.head'));
    expect(verify(dir)).toMatchObject({
      status: 'broken',
      reason: expect.stringContaining('1 signed head exists'),
    });
  });

  it('everything wiped: undetectable on the PC alone, detected against a head the extension kept', async () => {
    const { dir, anchor } = await anchoredLog();
    for (const f of ['audit.jsonl', 'audit.head', 'audit.anchors.jsonl']) rmSync(join(dir, f));
    expect(verify(dir).status).toBe('missing');
    expect(verify(dir, [anchor])).toMatchObject({
      status: 'broken',
      reason: expect.stringContaining('kept head'),
    });

    // A fresh log started over after the wipe: the kept head shows it.
    const log = new AuditLog(join(dir, 'audit.jsonl'));
    for (let i = 0; i < 5; i++) log.append(started);
    expect(verify(dir).status).toBe('intact');
    expect(verify(dir, [anchor]).problems[0]?.reason).toMatch(/line 3 differs .*kept head 1.*rewritten/);
  });

  it('cut tail after the last signed head: undetectable on the PC alone (documented), detected with a kept head', async () => {
    const { dir, log } = await anchoredLog();
    const { sign, certificate } = signWith('principal', 'rsa-pkcs1-sha256');
    log.append(finished('b2'));
    const kept = await log.anchor('b2', certificate, sign);
    const lines = readLines(dir);
    // Cut the second anchor and what follows, and its copy in the anchors file.
    rechain(dir, lines.slice(0, kept.seq - 1));
    const anchorsFile = join(dir, 'audit.anchors.jsonl');
    writeFileSync(anchorsFile, `${readFileSync(anchorsFile, 'utf8').split('\n')[0]}\n`);
    expect(verify(dir).status).toBe('intact');
    expect(verify(dir, [kept]).status).toBe('broken');
  });

  it('missing log with nothing else: "missing", not an error', () => {
    expect(existsSync(join(temp(), 'audit.jsonl'))).toBe(false);
    expect(verify(temp()).status).toBe('missing');
  });
});

describe('hocba audit verify (the built CLI)', () => {
  const hocba = new URL('../../bin/hocba.js', import.meta.url).pathname;
  const cli = (args: string[]) =>
    spawnSync('node', [hocba, 'audit', 'verify', ...args], { encoding: 'utf8' });

  it('reports signed heads when intact; with --head, a wiped folder is caught', async () => {
    const { dir, anchor } = await anchoredLog();
    const intact = cli(['--data-dir', dir]);
    expect(intact.status).toBe(0);
    expect(intact.stdout).toContain('1 signed head, up to line 3');
    expect(JSON.parse(cli(['--data-dir', dir, '--json']).stdout)).toMatchObject({
      status: 'intact',
      lines: 5,
    });

    const heads = join(temp(), 'hocba-audit-heads.json');
    writeFileSync(heads, JSON.stringify([anchor]));
    for (const f of ['audit.jsonl', 'audit.head', 'audit.anchors.jsonl']) rmSync(join(dir, f));
    expect(cli(['--data-dir', dir]).status).toBe(1);
    const caught = cli(['--data-dir', dir, '--head', heads]);
    expect(caught.status).toBe(1);
    expect(caught.stderr).toContain('kept head names line 3');
  });
});
