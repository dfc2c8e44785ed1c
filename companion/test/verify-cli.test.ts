import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
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
  // The homeroom teacher's certificate in the principal's field.
  writeFileSync(join(dir, 'spoofed.pdf'), signField(basePdf(), 8, 'HocBa_HieuTruong', pki.signers.gvcn, pki));
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
    // A signed PDF with no record inside is called a PDF, not a học bạ.
    expect(r.stdout).toContain(
      '  Tệp PDF còn nguyên vẹn từ khi ký; chữ ký của Nguyễn Thị Lan hợp lệ. Tệp không chứa dữ liệu học bạ, nên chỉ chữ ký được xác minh.\n',
    );
    expect(r.stdout).toContain(
      '  (The PDF is intact since signing; the signature of Nguyễn Thị Lan is valid. It carries no record data, so only its signatures were verified.)\n',
    );
    expect(r.stdout).not.toContain('Học bạ còn nguyên vẹn');
  });

  it("a teacher's certificate in the principal's field: valid with warnings, shown as the teacher, the mismatch in vi and en", () => {
    const r = run(join(dir, 'spoofed.pdf'), '--anchors', pki.root.certPath);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('HỢP LỆ, CÓ CẢNH BÁO / valid, with warnings');
    expect(r.stdout).toContain(
      '  ! Vai trò không khớp: Nguyễn Thị Lan ký vào ô dành cho Hiệu trưởng, nhưng chứng thư số ghi chức vụ "Giáo viên chủ nhiệm"',
    );
    expect(r.stdout).toContain(
      "    (Role mismatch: Nguyễn Thị Lan signed in the Principal's field, but the certificate gives the title",
    );
    expect(r.stdout).toContain(
      '  - Giáo viên chủ nhiệm / Homeroom teacher (theo chứng thư số, KHÁC ô chữ ký / from the certificate, NOT the field) [HocBa_HieuTruong]: Nguyễn Thị Lan',
    );
    expect(r.stdout).not.toMatch(/- Hiệu trưởng|\(hiệu trưởng\)/);
    const json = JSON.parse(
      run(join(dir, 'spoofed.pdf'), '--json', '--anchors', pki.root.certPath).stdout,
    ) as {
      files: {
        level: string;
        warnings: { code: string }[];
        signatures: { role: string; roleEvidence: unknown }[];
      }[];
    };
    expect(json.files[0]?.level).toBe('valid_with_warnings');
    expect(json.files[0]?.warnings[0]?.code).toBe('ROLE_MISMATCH');
    expect(json.files[0]?.signatures[0]).toMatchObject({
      role: 'gvcn',
      roleEvidence: {
        claimed: 'principal',
        certified: 'gvcn',
        agreement: 'MISMATCH',
      },
    });
    // The right signer in the right field says both sources agree.
    expect(run(join(dir, 'good.pdf'), '--anchors', pki.root.certPath).stdout).toContain(
      '  - Giáo viên chủ nhiệm / Homeroom teacher (theo ô chữ ký và chứng thư số / field and certificate agree) [hocba.gvcn]',
    );
  });

  it('devices, FIFOs and files past the 50 MB cap are refused before reading: a typed report each, exit 1, at once', () => {
    const fifo = join(dir, 'pipe.pdf');
    execFileSync('mkfifo', [fifo]);
    const huge = join(dir, 'huge.pdf');
    writeFileSync(huge, '%PDF-1.7\n');
    truncateSync(huge, 60 * 1024 * 1024); // sparse: no 60 MB written
    const started = Date.now();
    const r = spawnSync('node', [bin, 'verify', '--json', '/dev/zero', fifo, huge, join(dir, 'good.pdf')], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.signal).toBeNull();
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as {
      files: { verdict: string; problems: { code: string; message: string }[] }[];
    };
    expect(out.files.slice(0, 3).map((f) => f.problems[0]?.code)).toEqual([
      'FILE_NOT_REGULAR',
      'FILE_NOT_REGULAR',
      'FILE_TOO_LARGE',
    ]);
    // The good file after them is verified as usual.
    expect((out.files[3] as unknown as { signatures: unknown[] }).signatures).toHaveLength(1);
    expect(out.files[0]?.problems[0]?.message).toBe(
      '"/dev/zero" không phải một tệp thông thường (là thiết bị): không đọc.',
    );
    expect(out.files[1]?.problems[0]?.message).toContain('(là ống dẫn FIFO)');
    expect(out.files[2]?.problems[0]?.message).toContain('62914560 byte, tối đa 52428800 byte');
    const text = run('/dev/zero');
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('FILE_NOT_REGULAR: "/dev/zero" không phải một tệp thông thường');
    // hocba check reads files too: the same refusal, as its bad input (exit 2).
    const check = spawnSync('node', [bin, 'check', '--json', '/dev/zero', fifo], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(check.status).toBe(2);
    expect(check.stdout).toContain('is not a regular file (it is a device)');
    expect(check.stdout).toContain('is not a regular file (it is a FIFO)');
    // hocba sign: refused before a token is opened or a PIN asked.
    const sign = spawnSync(
      'node',
      [
        bin,
        'sign',
        fifo,
        '/dev/zero',
        '--role',
        'teacher',
        '--out',
        join(dir, 'out'),
        '--module',
        '/usr/lib/softhsm/libsofthsm2.so',
        '--data-dir',
        join(dir, 'data'),
      ],
      { encoding: 'utf8', timeout: 30_000, input: '' },
    );
    expect(sign.signal).toBeNull();
    expect(sign.status).not.toBe(0);
    expect(sign.stderr).toContain('FILE_NOT_REGULAR');
    expect(sign.stderr).not.toContain('Ký bằng / signing with');
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
