/**
 * `hocba doctor` on the broken set-ups an IT technician meets, beyond doctor.test.ts: two
 * tokens on one PC, a token with a key but no certificate, a driver path that is a folder or
 * a library that is not PKCS#11 (or a 32-bit one), a broken pairings.json, a pairing this
 * PC's companion does not know (stale), and a program on the port that says nothing. Each
 * names the problem and the next step, Vietnamese first, without a stack trace.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { type DoctorReport, EXTENSION_ORIGIN } from '../../src/deploy/doctor/index.js';
import { pairingAndPortChecks } from '../../src/deploy/doctor/pc-checks.js';
import { fileKind, moduleLoadFinding } from '../../src/deploy/doctor/token-checks.js';
import { memoryLogger } from '../../src/log/index.js';
import { PairingStore } from '../../src/pairing/index.js';
import { createSoftHsmToken, SOFTHSM_MODULE } from '../../src/pkcs11/index.js';
import { startCompanion } from '../../src/server/index.js';
import { type ChildOutput, childOutput } from '../support/child-output.js';
import { testEngine } from '../support/engine.js';
import { caObject, signerObject, TEST_PIN, testPki } from '../support/token.js';

const hocba = fileURLToPath(new URL('../../bin/hocba.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hocba-doctor-setups-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildOutput> {
  const full: NodeJS.ProcessEnv = { ...process.env, HOCBA_MODULE_SEARCH: '0', ...env };
  delete full.HOCBA_MODULE;
  return childOutput(spawn('node', [hocba, ...args], { env: full }));
}

function check(report: DoctorReport, id: string) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

let store: string;

beforeAll(async () => {
  const pki = await testPki();
  const dir = join(work, 'tokens');
  const ca = caObject(pki);
  // One PC, three tokens: the teacher's, the principal's, and one whose key was made but
  // whose certificate was never loaded (softhsm2-util imports the key alone).
  createSoftHsmToken({
    dir,
    label: 'GV-LAN',
    pin: TEST_PIN,
    objects: [signerObject(pki, 'gvcn'), ca],
  });
  createSoftHsmToken({
    dir,
    label: 'HT-MINH',
    pin: TEST_PIN,
    objects: [signerObject(pki, 'principal')],
  });
  store = createSoftHsmToken({ dir, label: 'KHOA-RIENG', pin: TEST_PIN, objects: [] }).confPath;
  execFileSync(
    'softhsm2-util',
    [
      '--import',
      pki.signers.seal.keyPath,
      '--token',
      'KHOA-RIENG',
      '--label',
      'Con dấu',
      '--id',
      '03',
      '--pin',
      TEST_PIN,
    ],
    { env: { ...process.env, SOFTHSM2_CONF: store }, stdio: 'ignore' },
  );
}, 120_000);

describe('hocba doctor: tokens and drivers', () => {
  it('two tokens and a key without its certificate: every token listed, the one with no certificate named with the fix', {
    timeout: 60_000,
  }, async () => {
    const dataDir = join(work, 'data-tokens');
    const out = await run(
      ['doctor', '--json', '--data-dir', dataDir, '--module', SOFTHSM_MODULE, '--port', '1'],
      {
        SOFTHSM2_CONF: store,
      },
    );
    expect(out.stderr).toBe('');
    const report = JSON.parse(out.stdout) as DoctorReport;
    const tokens = check(report, 'tokens');
    expect(tokens.status).toBe('ok');
    for (const label of ['GV-LAN', 'HT-MINH', 'KHOA-RIENG']) expect(tokens.summary).toContain(label);
    const certificates = check(report, 'certificates');
    expect(certificates.status).toBe('error');
    expect(certificates.findings.map((f) => f.code)).toEqual(['NO_CERTIFICATE']);
    expect(certificates.findings[0]?.message.vi).toContain('Token KHOA-RIENG');
    expect(certificates.findings[0]?.message.vi).toContain('chưa được nạp vào token');
    expect(check(report, 'pin').summary).toContain('HT-MINH: bình thường / ok');
    expect(out.status).toBe(1);
  });

  it('a folder, a library that is not PKCS#11: each named as what it is, with what to do', {
    timeout: 60_000,
  }, async () => {
    const dataDir = join(work, 'data-modules');
    for (const [module, code, words] of [
      [work, 'MODULE_NOT_A_FILE', 'là một thư mục'],
      ['/usr/lib/x86_64-linux-gnu/libz.so.1', 'MODULE_NOT_PKCS11', 'không phải driver PKCS#11'],
    ] as const) {
      const out = await run(['doctor', '--json', '--data-dir', dataDir, '--module', module, '--port', '1']);
      const report = JSON.parse(out.stdout) as DoctorReport;
      const found = check(report, 'module');
      expect(found.status, module).toBe('error');
      expect(
        found.findings.map((f) => f.code),
        module,
      ).toEqual([code]);
      expect(found.findings[0]?.message.vi, module).toContain(words);
      expect(found.findings[0]?.message.vi, module).toContain('install --module');
    }
  });

  it('the loader’s words for a 32-bit driver (Linux and Windows) read as the wrong architecture', () => {
    for (const reason of [
      '/opt/vendor/libp11.so: wrong ELF class: ELFCLASS32',
      'C:\\Windows\\SysWOW64\\viettel-ca_v6.dll: %1 is not a valid Win32 application. (193)',
    ])
      expect(moduleLoadFinding('P', reason, 'linux').code, reason).toBe('MODULE_WRONG_ARCHITECTURE');
    expect(moduleLoadFinding('P', 'file too short', 'linux').code).toBe('MODULE_LOAD_FAILED');
  });

  it('a file that is no library at all (a text file, an empty one, an installer named .so) is said to be one, with where to look', () => {
    const text = join(work, 'driver-notes.so');
    writeFileSync(text, 'Hướng dẫn cài driver\n');
    const empty = join(work, 'empty.so');
    writeFileSync(empty, '');
    expect([
      fileKind(text),
      fileKind(empty),
      fileKind(SOFTHSM_MODULE),
      fileKind(join(work, 'none.so')),
    ]).toEqual(['other', 'other', 'library', 'unknown']);
    // Windows answers 193 for a text file as for a 32-bit DLL: the file's bytes decide.
    const windows = moduleLoadFinding(
      'C:\\drv\\x.dll',
      '%1 is not a valid Win32 application. (193)',
      'win32',
      'other',
    );
    expect(windows.code).toBe('MODULE_NOT_A_LIBRARY');
    expect(windows.message.vi).toContain('không phải thư viện');
    expect(windows.message.vi).toContain('install --module');
    expect(moduleLoadFinding(text, `${text}: file too short`, 'linux', fileKind(text)).code).toBe(
      'MODULE_NOT_A_LIBRARY',
    );
  });
});

describe('hocba doctor: a Windows file by its PE header', () => {
  /** A tiny PE: the MZ stub, e_lfanew at 0x3C, "PE\\0\\0", the COFF Machine and Characteristics. */
  function pe(machine: number, characteristics: number, at = 0x80, size = at + 24): Buffer {
    const b = Buffer.alloc(size);
    b.write('MZ', 0, 'latin1');
    b.writeUInt32LE(at, 0x3c);
    if (at + 24 <= size) {
      b.write('PE\0\0', at, 'latin1');
      b.writeUInt16LE(machine, at + 4);
      b.writeUInt16LE(characteristics, at + 22);
    }
    return b;
  }
  const file = (name: string, bytes: Buffer) => {
    const path = join(work, name);
    writeFileSync(path, bytes);
    return path;
  };
  const LOADER_193 = '%1 is not a valid Win32 application. (193)';

  it('a 32-bit setup.exe named as the driver is no library (an installer), not "install the 64-bit driver"', () => {
    const setup = file('setup.exe', pe(0x14c, 0x0102));
    expect(fileKind(setup)).toBe('program');
    const f = moduleLoadFinding(setup, LOADER_193, 'win32', fileKind(setup));
    expect(f.code).toBe('MODULE_NOT_A_LIBRARY');
    expect(f.message.vi).toContain('chương trình .exe');
    expect(f.message.en).toContain('not a .dll');
    // A 64-bit program alike.
    expect(fileKind(file('tool64.exe', pe(0x8664, 0x0022)))).toBe('program');
  });

  it('a 32-bit DLL is said to be one, whatever the loader answered; a 64-bit DLL goes on as before', () => {
    const dll32 = file('vnpt-ca32.dll', pe(0x14c, 0x2102));
    expect(fileKind(dll32)).toBe('library32');
    const f = moduleLoadFinding(dll32, 'The specified module could not be found.', 'win32', fileKind(dll32));
    expect(f.code).toBe('MODULE_WRONG_ARCHITECTURE');
    expect(f.message.en).toContain('the file is a 32-bit library');
    const dll64 = file('vnpt-ca64.dll', pe(0x8664, 0x2022));
    expect(fileKind(dll64)).toBe('library');
    expect(moduleLoadFinding(dll64, 'no C_GetFunctionList', 'win32', 'library').code).toBe(
      'MODULE_NOT_PKCS11',
    );
    expect(moduleLoadFinding(dll64, LOADER_193, 'win32', 'library').code).toBe('MODULE_WRONG_ARCHITECTURE');
    const elf32 = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]);
    expect(fileKind(file('libp11-32.so', elf32))).toBe('library32');
  });

  it('an MZ without a PE header, or with one past its end, is no library; one past what is read is unknown', () => {
    const dos = pe(0x14c, 0x2102);
    dos.write('XX', 0x80, 'latin1');
    expect(fileKind(file('dos.dll', dos))).toBe('other');
    expect(fileKind(file('cut.dll', pe(0x14c, 0x2102, 0x80, 0x90)))).toBe('other');
    expect(fileKind(file('mz.dll', Buffer.from('MZ')))).toBe('other');
    const far = pe(0x8664, 0x2022, 0xfffffff0, 4096);
    expect(fileKind(file('far.dll', far))).toBe('unknown');
  });
});

describe('hocba doctor: pairing and port', () => {
  it('a broken pairings.json: an error naming the file and the way out; no stack trace, on screen or in hocba pair', {
    timeout: 60_000,
  }, async () => {
    const dataDir = join(work, 'data-broken-pairings');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'pairings.json'), '{"pairings": [');
    const checks = await pairingAndPortChecks(loadConfig({ dataDir, port: 1 }, {}), 'linux');
    const pairing = checks.find((c) => c.id === 'pairing')!;
    expect(pairing.status).toBe('error');
    expect(pairing.findings.map((f) => f.code)).toEqual(['PAIRINGS_INVALID']);
    expect(pairing.findings[0]?.message.vi).toContain(join(dataDir, 'pairings.json'));
    expect(pairing.findings[0]?.message.vi).toContain('“hocba pair”');

    const screen = await run(['doctor', '--data-dir', dataDir, '--port', '1', '--module', work]);
    expect(screen.stderr).toBe('');
    expect(screen.stdout).toContain('Tệp ghép nối');
    expect(screen.stdout).not.toContain('    at ');
    expect(screen.status).toBe(1);
    const pair = await run(['pair', '--list', '--data-dir', dataDir]);
    expect(pair.status).toBe(1);
    expect(pair.stderr).toContain('Tệp ghép nối');
    expect(pair.stderr).not.toContain('    at ');
  });

  it('a stale pairing (the companion on the port does not know it): COMPANION_UNCONFIRMED, says to pair again', async () => {
    // The companion runs with another data folder, where this PC's pairing is unknown.
    const companion = await startCompanion({
      config: loadConfig({ dataDir: join(work, 'other-user'), port: 0, module: SOFTHSM_MODULE }, {}),
      engine: testEngine(),
      version: '9.8.7-test',
      log: memoryLogger(),
    });
    try {
      const dataDir = join(work, 'data-stale');
      new PairingStore(dataDir).add(EXTENSION_ORIGIN, 'old');
      const checks = await pairingAndPortChecks(loadConfig({ dataDir, port: companion.port }, {}), 'linux');
      const port = checks.find((c) => c.id === 'port')!;
      expect(port.status).toBe('warning');
      expect(port.findings.map((f) => f.code)).toEqual(['COMPANION_UNCONFIRMED']);
      expect(port.findings[0]?.message.vi).toContain('“hocba pair”');
    } finally {
      await companion.close();
    }
  });

  it('the companion not running: the fix follows how it was installed (none, systemd, XDG autostart)', async () => {
    const free: Server = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const { port } = free.address() as AddressInfo;
    await new Promise((resolve) => free.close(resolve));
    for (const [autostart, code, words] of [
      [undefined, 'COMPANION_NOT_RUNNING', '“hocba install”'],
      ['systemd', 'COMPANION_NOT_RUNNING_SYSTEMD', 'systemctl --user restart hocba-companion'],
      ['xdg', 'COMPANION_NOT_RUNNING_XDG', 'Đăng xuất rồi đăng nhập lại'],
    ] as const) {
      const dataDir = join(work, `data-not-running-${autostart ?? 'none'}`);
      mkdirSync(dataDir, { recursive: true });
      if (autostart) writeFileSync(join(dataDir, 'install-manifest.json'), JSON.stringify({ autostart }));
      const checks = await pairingAndPortChecks(loadConfig({ dataDir, port }, {}), 'linux');
      const found = checks.find((c) => c.id === 'port')!;
      expect(
        found.findings.map((f) => f.code),
        String(autostart),
      ).toEqual([code]);
      expect(found.findings[0]?.message.vi, String(autostart)).toContain(words);
      // systemctl is advice only where systemd runs the companion.
      if (autostart !== 'systemd') expect(found.findings[0]?.message.vi).not.toContain('systemctl');
    }
  });

  it('a program on the port that says nothing: PORT_TAKEN, with the command that names it', {
    timeout: 30_000,
  }, async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const config = loadConfig({ dataDir: join(work, 'data-port'), port }, {});
      const linux = (await pairingAndPortChecks(config, 'linux')).find((c) => c.id === 'port')!;
      expect(linux.status).toBe('error');
      expect(linux.findings.map((f) => f.code)).toEqual(['PORT_TAKEN']);
      expect(linux.summary).toContain('no answer');
      // The answer is on the summary line; the English fix is English only.
      expect(linux.findings[0]?.message.en).not.toContain('không trả lời');
      expect(linux.findings[0]?.message.vi).toContain(`ss -ltnp 'sport = :${port}'`);
      const windows = (await pairingAndPortChecks(config, 'win32')).find((c) => c.id === 'port')!;
      expect(windows.findings[0]?.message.vi).toContain(`netstat -ano | findstr :${port}`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
