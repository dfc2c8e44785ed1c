/**
 * `hocba sign` by hand, as IT or a clerk runs it against SoftHSM tokens: the "no token"
 * answer names the drivers and, with SoftHSM installed, what the demo token needs; two
 * tokens that fit the role are refused with both named, before the PIN; --token picks one;
 * the principal's copy of a signed file is `x.signed.pdf`, and a second run never writes
 * over the first; the same command run again (after a kill) resumes its batch and signs
 * nothing twice.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSoftHsmToken, SOFTHSM_MODULE, writeSoftHsmConfig } from '../src/pkcs11/index.js';
import { validRecords } from './support/records.js';
import { caObject, signerObject, TEST_PIN, testPki } from './support/token.js';

const hocba = fileURLToPath(new URL('../bin/hocba.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hocba-sign-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let twoTokens: string;
let emptyStore: string;
const record = join(work, 'hs-an.json');

beforeAll(async () => {
  const pki = await testPki();
  const dir = join(work, 'two');
  // Two tokens in one SoftHSM store: a teacher's and a principal's, both persons' certificates,
  // each with the issuing CA's certificate, as a CA's token carries it.
  const ca = caObject(pki);
  createSoftHsmToken({
    dir,
    label: 'GV-LAN',
    pin: TEST_PIN,
    objects: [signerObject(pki, 'gvcn'), ca],
  });
  twoTokens = createSoftHsmToken({
    dir,
    label: 'HT-MINH',
    pin: TEST_PIN,
    objects: [signerObject(pki, 'principal'), ca],
  }).confPath;
  emptyStore = writeSoftHsmConfig(join(work, 'empty'));
  writeFileSync(record, JSON.stringify(validRecords(1, 7)[0]));
}, 120_000);

function sign(args: string[], env: NodeJS.ProcessEnv) {
  const clean: NodeJS.ProcessEnv = { ...process.env, HOCBA_MODULE_SEARCH: '0', ...env };
  delete clean.HOCBA_MODULE;
  if (env.SOFTHSM2_CONF === undefined) delete clean.SOFTHSM2_CONF;
  return spawnSync('node', [hocba, 'sign', '--data-dir', join(work, 'data'), '--pin-stdin', ...args], {
    env: clean,
    input: `${TEST_PIN}\n`,
    encoding: 'utf8',
  });
}

describe('hocba sign by hand (SoftHSM)', () => {
  it('no token in the store: NO_TOKEN with the driver named, and what SOFTHSM2_CONF should be', {
    timeout: 120_000,
  }, () => {
    const r = sign([record, '--role', 'teacher', '--out', join(work, 'x'), '--module', SOFTHSM_MODULE], {
      SOFTHSM2_CONF: emptyStore,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Không thấy USB token nào.*\[NO_TOKEN\]$/m);
    expect(r.stderr).toContain(SOFTHSM_MODULE);
    expect(r.stderr).not.toContain('Không thấy token .');
    expect(r.stderr).not.toContain('Ký bằng / signing with');
    // SOFTHSM2_CONF unset: SoftHSM reads the machine's store; the hint says so.
    const unset = sign(
      [record, '--role', 'teacher', '--out', join(work, 'x'), '--module', SOFTHSM_MODULE],
      {},
    );
    expect(unset.status).toBe(1);
    expect(unset.stderr).toContain('SOFTHSM2_CONF chưa đặt');
  });

  it('--out that is a file: refused before the token and the PIN, in both languages', () => {
    const file = join(work, 'not-a-folder');
    writeFileSync(file, 'x');
    const r = sign([record, '--role', 'teacher', '--out', file, '--module', SOFTHSM_MODULE], {
      SOFTHSM2_CONF: twoTokens,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('không phải thư mục ghi được');
    expect(r.stderr).toContain('is not a folder that can be written');
    expect(r.stderr).not.toContain('Ký bằng / signing with');
  });

  it('two tokens that fit the role: refused before the PIN, both named; --token signs with the one named', {
    timeout: 240_000,
  }, () => {
    const out = join(work, 'out');
    const base = [record, '--role', 'teacher', '--out', out, '--module', SOFTHSM_MODULE];
    const both = sign(base, { SOFTHSM2_CONF: twoTokens });
    expect(both.status).toBe(1);
    expect(both.stderr).toContain('SEVERAL_TOKENS');
    expect(both.stderr).toContain('GV-LAN (serial');
    expect(both.stderr).toContain('HT-MINH (serial');
    expect(both.stderr).not.toContain('Ký bằng / signing with');

    const wrong = sign([...base, '--token', 'HOCBA-DEMO'], { SOFTHSM2_CONF: twoTokens });
    expect(wrong.status).toBe(1);
    // The order of slots is SoftHSM's: both are named, in whichever order.
    expect(wrong.stderr).toContain('Không thấy token “HOCBA-DEMO” (token đang cắm: ');
    expect(wrong.stderr).toMatch(/token đang cắm: .*GV-LAN \(serial/);
    expect(wrong.stderr).toMatch(/token đang cắm: .*HT-MINH \(serial/);

    const picked = sign([...base, '--token', 'GV-LAN'], { SOFTHSM2_CONF: twoTokens });
    expect(picked.status, picked.stderr).toBe(0);
    expect(picked.stderr).toContain('(GV-LAN)');
    expect(readdirSync(out)).toEqual(['hs-an.signed.pdf']);

    // The principal signs the signed copy into another folder: one ".signed", not two.
    const countersign = [join(out, 'hs-an.signed.pdf'), '--role', 'principal', '--out', join(work, 'duyet')];
    const principal = sign([...countersign, '--module', SOFTHSM_MODULE, '--token', 'HT-MINH'], {
      SOFTHSM2_CONF: twoTokens,
    });
    expect(principal.status, principal.stderr).toBe(0);
    expect(readdirSync(join(work, 'duyet'))).toEqual(['hs-an.signed.pdf']);

    // The same command again: the same batch, nothing signed twice; the file there is kept.
    const again = sign([...base, '--token', 'GV-LAN'], { SOFTHSM2_CONF: twoTokens });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('signed before, kept');
    expect(readdirSync(out)).toEqual(['hs-an.signed.pdf']);
    // The record changed: signed anew, beside the first file, never over it.
    writeFileSync(record, JSON.stringify(validRecords(2, 7)[1]));
    const changed = sign([...base, '--token', 'GV-LAN'], { SOFTHSM2_CONF: twoTokens });
    expect(changed.status, changed.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['hs-an-2.signed.pdf', 'hs-an.signed.pdf']);
  });

  it('killed mid-run (SIGKILL after the 2nd file), then run again: the batch resumes, nothing signed twice', {
    timeout: 240_000,
  }, () => {
    const out = join(work, 'killed-out');
    const data = join(work, 'killed-data');
    const files = validRecords(3, 9).map((r, i) => {
      const path = join(work, `lop-${i}.json`);
      writeFileSync(path, JSON.stringify(r));
      return path;
    });
    const args = [
      ...files,
      '--role',
      'teacher',
      '--out',
      out,
      '--module',
      SOFTHSM_MODULE,
      '--token',
      'GV-LAN',
    ];
    const run = (env: NodeJS.ProcessEnv) =>
      spawnSync('node', [hocba, 'sign', '--data-dir', data, '--pin-stdin', ...args], {
        env: { ...process.env, HOCBA_MODULE_SEARCH: '0', SOFTHSM2_CONF: twoTokens, ...env },
        input: `${TEST_PIN}\n`,
        encoding: 'utf8',
      });
    const killed = run({ HOCBA_TEST_CRASH_AT: 'sign.reported#2' });
    expect(killed.signal).toBe('SIGKILL');
    expect(readdirSync(out).sort()).toEqual(['lop-0.signed.pdf', 'lop-1.signed.pdf']);
    const before = readdirSync(out).map((f) => readFileSync(join(out, f)));

    const again = run({});
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout.match(/signed before, kept/g)).toHaveLength(2);
    expect(again.stderr).toMatch(/[23] đã ký ở lần chạy trước, không ký lại/);
    expect(readdirSync(out).sort()).toEqual(['lop-0.signed.pdf', 'lop-1.signed.pdf', 'lop-2.signed.pdf']);
    // The files the killed run wrote are untouched.
    expect(['lop-0.signed.pdf', 'lop-1.signed.pdf'].map((f) => readFileSync(join(out, f)))).toEqual(before);
    // Three documents, three signatures in the audit log.
    const signedLines = readFileSync(join(data, 'audit.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"document.signed"'));
    expect(signedLines).toHaveLength(3);
  });
});
