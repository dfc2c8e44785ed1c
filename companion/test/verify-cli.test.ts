import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, testPki } from '../../shared/test/verify/helpers.js';
import { appendUpdate, basePdf, signField } from '../../shared/test/verify/pdf-fixtures.js';
import type { TestPki } from '../../test/pki/index.mjs';

const bin = join(import.meta.dirname, '../bin/hocba.js');
let pki: TestPki;
let dir: string;

beforeAll(async () => {
  pki = await testPki();
  execFileSync('npx', ['tsc', '-b'], { cwd: join(import.meta.dirname, '../..'), stdio: 'ignore' });
  dir = tempDir();
  mkdirSync(join(dir, 'class'));
  const good = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki);
  writeFileSync(join(dir, 'class', 'a-good.pdf'), good);
  const text = 'BT (Toan 10) Tj ET';
  writeFileSync(
    join(dir, 'class', 'b-attacked.pdf'),
    appendUpdate(good, [{ num: 4, body: `<< /Length ${text.length} >>\nstream\n${text}\nendstream` }]),
  );
  writeFileSync(join(dir, 'good.pdf'), good);
  writeFileSync(
    join(dir, 'revoked.pdf'),
    signField(basePdf(), 8, 'hocba.principal', pki.signers.revoked, pki),
  );
  mkdirSync(join(dir, 'many'));
  for (let i = 0; i < 40; i++)
    writeFileSync(
      join(dir, 'many', `hs-${String(i).padStart(2, '0')}.pdf`),
      i === 17 ? good.subarray(0, 900) : good,
    );
  // Enough files for a worker thread beside the main thread (verify-pool.ts: 48 a lane).
  mkdirSync(join(dir, 'lots'));
  for (let i = 0; i < 110; i++)
    writeFileSync(
      join(dir, 'lots', `hs-${String(i).padStart(3, '0')}.pdf`),
      i === 61 ? good.subarray(0, 900) : i === 99 ? 'not a pdf' : good,
    );
}, 120_000);

const run = (...args: string[]) => spawnSync('node', [bin, 'verify', ...args], { encoding: 'utf8' });

describe('hocba verify', () => {
  it('a reader that stops early (| head): a quiet stop, no EPIPE crash', async () => {
    // 110 files' JSON reports are far more than a pipe holds: writes go on after the close.
    const child = spawn('node', [bin, 'verify', '--json', join(dir, 'lots')], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|Error:/);
    expect([0, 1]).toContain(code);
  }, 60_000);

  it('valid file with an admin anchor: exit 0, Vietnamese report', () => {
    const r = run(join(dir, 'good.pdf'), '--anchors', pki.root.certPath);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('HỢP LỆ');
    expect(r.stdout).toContain('Nguyễn Thị Lan [CCCD:001190012345]');
    // One signature reads as one (not "1 chữ ký đều hợp lệ" / "all 1 signatures").
    expect(r.stdout).toContain('  Học bạ còn nguyên vẹn từ khi ký; chữ ký của Nguyễn Thị Lan hợp lệ.\n');
    expect(r.stdout).toContain(
      '  (The record is intact since signing; the signature of Nguyễn Thị Lan is valid.)\n',
    );
  });

  it('a directory with an attacked file: exit 1, --json shape', () => {
    const r = run(join(dir, 'class'), '--json', '--trust', pki.root.certPath);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as {
      files: {
        file: string;
        verdict: string;
        signatures: { subIndication: string | null; signer: { id: string } }[];
      }[];
    };
    expect(out.files.map((f) => [f.file.split('/').pop(), f.verdict])).toEqual([
      ['a-good.pdf', 'valid'],
      ['b-attacked.pdf', 'invalid'],
    ]);
    expect(out.files[1]?.signatures[0]?.subIndication).toBe('MODIFIED_AFTER_SIGNING');
    // The four-level verdict is an added field; the existing ones keep their values.
    const levels = (out.files as unknown as { level: string; warnings: { code: string }[] }[]).map((f) => [
      f.level,
      f.warnings.map((w) => w.code),
    ]);
    expect(levels).toEqual([
      ['valid_with_warnings', ['LOCAL_ROOT', 'TIME_CLAIMED']],
      ['invalid', []],
    ]);
    expect(out.files[0]?.signatures[0]?.signer.id).toBe('CCCD:001190012345');
  });

  it('without the test root the signer is not trusted: exit 1', () => {
    const r = run(join(dir, 'good.pdf'));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('CHƯA XÁC ĐỊNH');
  });

  it('110 files on worker threads and the main thread: streamed in order, bad files found, same JSON as one by one', () => {
    const r = run(join(dir, 'lots'), '--json', '--anchors', pki.root.certPath);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { files: { file: string; verdict: string; verifiedAt: string }[] };
    expect(out.files.map((f) => f.file.split('/').pop())).toEqual(
      Array.from({ length: 110 }, (_, i) => `hs-${String(i).padStart(3, '0')}.pdf`),
    );
    expect(out.files.filter((f) => f.verdict !== 'valid').map((f) => f.file.split('/').pop())).toEqual([
      'hs-061.pdf',
      'hs-099.pdf',
    ]);
    // The streamed document is what JSON.stringify(body, null, 2) of the whole gives.
    expect(r.stdout).toBe(`${JSON.stringify(out, null, 2)}\n`);
    // And each entry is what verifying that file alone gives (the time of checking aside).
    const alone = JSON.parse(
      run(join(dir, 'lots', 'hs-061.pdf'), '--json', '--anchors', pki.root.certPath).stdout,
    );
    expect({ ...alone.files[0], verifiedAt: null }).toEqual({ ...out.files[61], verifiedAt: null });
  });

  it('40 files (main thread, several in flight), in order, one truncated file found', () => {
    const r = run(join(dir, 'many'), '--json', '--anchors', pki.root.certPath);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { files: { file: string; verdict: string }[] };
    expect(out.files).toHaveLength(40);
    expect(out.files.map((f) => f.file.split('/').pop())).toEqual(
      Array.from({ length: 40 }, (_, i) => `hs-${String(i).padStart(2, '0')}.pdf`),
    );
    expect(out.files.filter((f) => f.verdict !== 'valid').map((f) => f.file.split('/').pop())).toEqual([
      'hs-17.pdf',
    ]);
  });

  it('bad usage: exit 2', () => {
    expect(run().status).toBe(2);
    expect(run('--bogus', 'x.pdf').status).toBe(2);
    expect(run(join(dir, 'missing.pdf')).status).toBe(2);
  });

  it('--crl takes the CA list as PEM or DER: a revoked signer is invalid either way; a file with no CRL is refused', () => {
    const file = join(dir, 'revoked.pdf');
    // Without revocation data the signer is not known to be revoked: the CRL is what decides.
    expect(run(file, '--json', '--anchors', pki.root.certPath).status).toBe(0);
    for (const crl of [pki.crl.pemPath, pki.crl.derPath]) {
      const r = run(file, '--json', '--anchors', pki.root.certPath, '--crl', crl);
      expect(r.status).toBe(1);
      const out = JSON.parse(r.stdout) as {
        files: { verdict: string; signatures: { subIndication: string }[] }[];
      };
      expect([out.files[0]?.verdict, out.files[0]?.signatures[0]?.subIndication]).toEqual([
        'invalid',
        'REVOKED',
      ]);
    }
    const notCrl = run(file, '--anchors', pki.root.certPath, '--crl', pki.root.certPath);
    expect(notCrl.status).toBe(2);
    expect(notCrl.stderr).toContain('X509 CRL');
  });
});
