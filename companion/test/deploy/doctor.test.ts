/**
 * `hocba doctor --json` against SoftHSM: a good token (with our companion on the port), no
 * token, an expired certificate, a wrong module path, and another program on the port. Each
 * run is a child process with its own SOFTHSM2_CONF (SoftHSM reads it once per process).
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CertificateInfo } from '@hocba/shared/protocol';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import {
  type DoctorReport,
  EXTENSION_ORIGIN,
  judgeCertificate,
  runDoctor,
} from '../../src/deploy/doctor/index.js';
import { memoryLogger } from '../../src/log/index.js';
import { PairingStore } from '../../src/pairing/index.js';
import {
  createSoftHsmToken,
  FaultInjectingModule,
  Pkcs11Module,
  SOFTHSM_MODULE,
  writeSoftHsmConfig,
} from '../../src/pkcs11/index.js';
import { startCompanion } from '../../src/server/index.js';
import { type ChildOutput, childOutput } from '../support/child-output.js';
import { testEngine } from '../support/engine.js';
import { caObject, signerObject, TEST_PIN, testPki } from '../support/token.js';

const hocba = fileURLToPath(new URL('../../bin/hocba.js', import.meta.url));
const dirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A port nobody listens on: bound then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs `hocba doctor` asynchronously: the companion or the foreign server under test live in this process. */
function runHocba(
  args: string[],
  softhsmConf: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<ChildOutput> {
  // This shell's HOCBA_MODULE is not the test's; a test may set its own in extraEnv.
  const env: NodeJS.ProcessEnv = { ...process.env, SOFTHSM2_CONF: softhsmConf };
  delete env.HOCBA_MODULE;
  Object.assign(env, extraEnv);
  return childOutput(spawn('node', [hocba, ...args], { env }));
}

async function doctor(
  args: string[],
  softhsmConf: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; report: DoctorReport }> {
  const out = await runHocba(['doctor', '--json', ...args], softhsmConf, extraEnv);
  expect(out.stderr).toBe('');
  return { status: out.status, report: JSON.parse(out.stdout) as DoctorReport };
}

const OPENSC = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';

function check(report: DoctorReport, id: string) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

describe('hocba doctor --json (SoftHSM)', () => {
  let goodConf: string;
  let expiredConf: string;
  let emptyConf: string;

  beforeAll(async () => {
    const pki = await testPki();
    goodConf = createSoftHsmToken({
      dir: tempDir('hocba-doctor-good-'),
      label: 'TRUONG-KIM-DONG',
      pin: TEST_PIN,
      objects: [signerObject(pki, 'gvcn'), signerObject(pki, 'principal'), caObject(pki)],
    }).confPath;
    expiredConf = createSoftHsmToken({
      dir: tempDir('hocba-doctor-expired-'),
      label: 'HET-HAN',
      pin: TEST_PIN,
      objects: [
        signerObject(pki, 'expired'),
        {
          id: '06',
          label: 'Không ký',
          keyPath: pki.signers.noSigningUsage.keyPath,
          certDerPath: pki.signers.noSigningUsage.certDerPath,
        },
      ],
    }).confPath;
    // A SoftHSM store with no initialised token: the module loads, one empty slot.
    emptyConf = writeSoftHsmConfig(tempDir('hocba-doctor-empty-'));
  });

  it('a good token, paired, with our companion on the port: every check ok but autostart', async () => {
    const dataDir = tempDir('hocba-doctor-data-');
    new PairingStore(dataDir).add(EXTENSION_ORIGIN, 'test');
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    const companion = await startCompanion({
      config: loadConfig({ dataDir, port: 0, module: SOFTHSM_MODULE }, {}),
      engine: testEngine(),
      version: '9.8.7-test',
      log: memoryLogger(),
    });
    try {
      const { status, report } = await doctor(
        ['--data-dir', dataDir, '--module', SOFTHSM_MODULE, '--port', String(companion.port)],
        goodConf,
      );
      expect(check(report, 'module').status).toBe('ok');
      expect(check(report, 'tokens')).toMatchObject({ status: 'ok', findings: [] });
      expect(check(report, 'tokens').summary).toContain('TRUONG-KIM-DONG');
      expect(check(report, 'certificates')).toMatchObject({ status: 'ok', findings: [] });
      expect(check(report, 'certificates').details).toHaveLength(2);
      expect(check(report, 'pin')).toMatchObject({
        status: 'ok',
        summary: 'TRUONG-KIM-DONG: bình thường / ok',
      });
      expect(check(report, 'config')).toMatchObject({ status: 'ok', findings: [] });
      expect(check(report, 'port').status).toBe('ok');
      expect(check(report, 'port').summary).toContain('9.8.7-test');
      expect(check(report, 'pairing').status).toBe('ok');
      // How it was paired, in words (not the store's "code").
      expect(check(report, 'pairing').summary).toContain('(ghép bằng mã “hocba pair” / paired with a code)');
      expect(check(report, 'dataDir').status).toBe('ok');
      expect(['ok', 'warning']).toContain(check(report, 'disk').status);
      expect(check(report, 'log').status).toBe('ok');
      expect(check(report, 'autostart').status).toBe('warning');
      expect(report.status).toBe('warning');
      expect(status).toBe(0);
    } finally {
      await companion.close();
    }
  });

  it('no token: a warning that says to plug it in; certificates and PIN skipped', async () => {
    const dataDir = tempDir('hocba-doctor-data-');
    const { status, report } = await doctor(
      ['--data-dir', dataDir, '--module', SOFTHSM_MODULE, '--port', String(await freePort())],
      emptyConf,
    );
    expect(check(report, 'module').status).toBe('ok');
    const tokens = check(report, 'tokens');
    expect(tokens.status).toBe('warning');
    expect(tokens.findings.map((f) => f.code)).toEqual(['NO_TOKEN']);
    expect(tokens.findings[0]?.message.vi).toContain('Cắm token');
    expect(check(report, 'certificates').status).toBe('skipped');
    expect(check(report, 'pin').status).toBe('skipped');
    expect(check(report, 'port')).toMatchObject({
      status: 'warning',
      findings: [{ code: 'COMPANION_NOT_RUNNING' }],
    });
    expect(check(report, 'pairing').findings.map((f) => f.code)).toEqual(['NOT_PAIRED']);
    expect(status).toBe(0);
  });

  it('an expired certificate (and one without signing key usage): errors, exit code 1', async () => {
    const dataDir = tempDir('hocba-doctor-data-');
    const { status, report } = await doctor(
      ['--data-dir', dataDir, '--module', SOFTHSM_MODULE, '--port', String(await freePort())],
      expiredConf,
    );
    const certificates = check(report, 'certificates');
    expect(certificates.status).toBe('error');
    expect(certificates.findings.map((f) => f.code).sort()).toEqual(
      ['CERT_EXPIRED', 'CERT_NO_SIGNING_USAGE', 'NO_SIGNING_CERTIFICATE'].sort(),
    );
    const expired = certificates.findings.find((f) => f.code === 'CERT_EXPIRED')!;
    expect(expired.message.vi).toContain('đã hết hạn ngày 2021-01-01');
    expect(expired.message.en).toContain('expired on 2021-01-01');
    expect(report.status).toBe('error');
    expect(status).toBe(1);
  });

  it('a wrong module path: module error with the fix, token checks skipped, exit code 1', async () => {
    const dataDir = tempDir('hocba-doctor-data-');
    const { status, report } = await doctor(
      [
        '--data-dir',
        dataDir,
        '--module',
        '/usr/lib/khong-co/libvendor-pkcs11.so',
        '--port',
        String(await freePort()),
      ],
      emptyConf,
      // Only the configured module: the drivers found on this PC (OpenSC) are the next test's.
      { HOCBA_MODULE_SEARCH: '0' },
    );
    const module = check(report, 'module');
    expect(module.status).toBe('error');
    // Named with --module: the hint says to check that path, not to edit a config.json.
    expect(module.findings.map((f) => f.code)).toEqual(['MODULE_OPTION_MISSING']);
    expect(module.findings[0]?.message.vi).toContain('ghi sau --module');
    expect(module.findings[0]?.message.vi).not.toContain('config.json');
    for (const id of ['tokens', 'certificates', 'pin'])
      expect(check(report, id)).toMatchObject({ status: 'skipped', findings: [{ code: 'NEEDS_MODULE' }] });
    expect(status).toBe(1);
  });

  it('every driver on the PC: a configured module that is missing is an error, the drivers found still load and their tokens are checked', async () => {
    // OpenSC is installed by scripts/setup.sh: a real second PKCS#11 module on this machine.
    expect(existsSync(OPENSC), `${OPENSC} (apt-get install opensc)`).toBe(true);
    const dataDir = tempDir('hocba-doctor-data-');
    const { status, report } = await doctor(
      [
        '--data-dir',
        dataDir,
        '--module',
        '/usr/lib/khong-co/libvendor-pkcs11.so',
        '--port',
        String(await freePort()),
      ],
      goodConf,
    );
    const module = check(report, 'module');
    expect(module.status).toBe('error');
    expect(module.findings.map((f) => f.code)).toEqual(['MODULE_OPTION_MISSING']);
    expect(module.summary).toContain(`${OPENSC}: OpenSC`);
    // OpenSC sees no token, but the driver IT chose is the one to fix: not "plug it in".
    expect(check(report, 'tokens')).toMatchObject({
      status: 'warning',
      findings: [{ code: 'NO_TOKEN_DRIVER_BROKEN' }],
    });
    expect(check(report, 'tokens').findings[0]?.message.vi).toContain(
      '/usr/lib/khong-co/libvendor-pkcs11.so',
    );
    expect(status).toBe(1);

    // SoftHSM configured and OpenSC found: both loaded, SoftHSM's token listed, all ok.
    const both = await doctor(
      ['--data-dir', dataDir, '--module', SOFTHSM_MODULE, '--port', String(await freePort())],
      goodConf,
    );
    const modules = check(both.report, 'module');
    expect(modules.status).toBe('ok');
    expect((modules.details as { modules: { path: string; status: string }[] }).modules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: SOFTHSM_MODULE, status: 'loaded', source: 'configured' }),
        expect.objectContaining({ path: OPENSC, status: 'loaded', source: 'found' }),
      ]),
    );
    expect(check(both.report, 'tokens').summary).toContain('TRUONG-KIM-DONG');

    // A driver found on the PC that fails to load (here OpenSC, made to fail): reported as a
    // warning with its path, and the configured module's token is still checked and ok.
    process.env.SOFTHSM2_CONF = goodConf;
    const result = await runDoctor({
      config: loadConfig({ dataDir, port: await freePort(), module: SOFTHSM_MODULE }, {}),
      version: 'test',
      loadModule: (path) => {
        if (path === OPENSC) throw new Error('LoadLibrary: wrong architecture');
        return Pkcs11Module.load(path);
      },
    });
    const failing = check(result, 'module');
    expect(failing.status).toBe('warning');
    expect(failing.findings.map((f) => [f.code, f.message.en.includes(OPENSC)])).toEqual([
      ['MODULE_LOAD_FAILED', true],
    ]);
    expect(check(result, 'tokens')).toMatchObject({ status: 'ok' });
    expect(check(result, 'tokens').summary).toContain('TRUONG-KIM-DONG');
  });

  it('PIN counters: a wrong PIN (real SoftHSM) gives COUNT_LOW; final try and locked (fault-injected) are reported', async () => {
    const pki = await testPki();
    const conf = createSoftHsmToken({
      dir: tempDir('hocba-doctor-pin-'),
      label: 'SAI-PIN',
      pin: TEST_PIN,
      objects: [signerObject(pki, 'gvcn')],
    }).confPath;
    const wrong = spawnSync(
      'pkcs11-tool',
      ['--module', SOFTHSM_MODULE, '--login', '--pin', '00000000', '--list-objects'],
      { env: { ...process.env, SOFTHSM2_CONF: conf }, encoding: 'utf8' },
    );
    expect(wrong.stderr).toContain('CKR_PIN_INCORRECT');
    const dataDir = tempDir('hocba-doctor-data-');
    const port = String(await freePort());
    const { report } = await doctor(
      ['--data-dir', dataDir, '--module', SOFTHSM_MODULE, '--port', port],
      conf,
    );
    expect(check(report, 'pin')).toMatchObject({ status: 'warning', findings: [{ code: 'PIN_COUNT_LOW' }] });

    // SoftHSM never reaches the final try or a lock: the same doctor, in process, through the
    // fault-injecting wrapper around the real module.
    process.env.SOFTHSM2_CONF = goodConf;
    const config = loadConfig({ dataDir, port: Number(port), module: SOFTHSM_MODULE }, {});
    for (const [flag, status, code] of [
      [pkcs11js.CKF_USER_PIN_FINAL_TRY, 'warning', 'PIN_FINAL_TRY'],
      [pkcs11js.CKF_USER_PIN_LOCKED, 'error', 'PIN_LOCKED'],
    ] as const) {
      const result = await runDoctor({
        config,
        version: 'test',
        loadModule: (path) => {
          const wrapper = new FaultInjectingModule(Pkcs11Module.load(path).api);
          wrapper.faults = { pinFlags: flag };
          return new Pkcs11Module(wrapper, path);
        },
      });
      expect(check(result, 'pin')).toMatchObject({ status, findings: [{ code }] });
    }
  });

  it('a missing module named in config.json, or in HOCBA_MODULE: each hint names where to fix it', async () => {
    const dataDir = tempDir('hocba-doctor-data-');
    const missing = '/usr/lib/khong-co/libvendor-pkcs11.so';
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ module: missing, moduleSearch: false }));
    const fromFile = await doctor(['--data-dir', dataDir, '--port', String(await freePort())], emptyConf);
    const fileHint = check(fromFile.report, 'module').findings;
    expect(fileHint.map((f) => f.code)).toEqual(['MODULE_FILE_MISSING']);
    expect(fileHint[0]?.message.vi).toContain(join(dataDir, 'config.json'));

    rmSync(join(dataDir, 'config.json'));
    const fromEnv = await doctor(['--data-dir', dataDir, '--port', String(await freePort())], emptyConf, {
      HOCBA_MODULE: missing,
      HOCBA_MODULE_SEARCH: '0',
    });
    const envHint = check(fromEnv.report, 'module').findings;
    expect(envHint.map((f) => f.code)).toEqual(['MODULE_ENV_MISSING']);
    expect(envHint[0]?.message.vi).toContain('HOCBA_MODULE');
  });

  it('a broken config.json: reported with its path and the fix, every other check still run, no stack trace', async () => {
    const dataDir = tempDir('hocba-doctor-data-');
    writeFileSync(join(dataDir, 'config.json'), '{"module": "/usr/lib/softhsm/libsofthsm2.so",');
    const { status, report } = await doctor(
      ['--data-dir', dataDir, '--module', SOFTHSM_MODULE, '--port', String(await freePort())],
      goodConf,
    );
    const config = check(report, 'config');
    expect(config).toMatchObject({ status: 'error', findings: [{ code: 'CONFIG_INVALID' }] });
    expect(config.findings[0]?.message.vi).toContain(join(dataDir, 'config.json'));
    expect(config.findings[0]?.message.vi).toContain('hocba install');
    // The rest is checked with the defaults (and the command line): the token is still seen.
    expect(check(report, 'tokens').summary).toContain('TRUONG-KIM-DONG');
    expect(status).toBe(1);

    // A value of the wrong type is the same finding, with the schema's words.
    writeFileSync(join(dataDir, 'config.json'), '{"port": "18127"}');
    const typed = await doctor(['--data-dir', dataDir, '--port', String(await freePort())], emptyConf);
    expect(check(typed.report, 'config').findings[0]?.message.en).toContain('port');

    // The human screen: Vietnamese then English, and no stack trace.
    const screen = await runHocba(['doctor', '--data-dir', dataDir], emptyConf);
    expect(screen.stderr).toBe('');
    expect(screen.stdout).toMatch(/\[LỖI {5}\] Tệp cấu hình \/ Configuration file \(error\)/);
    expect(screen.stdout).not.toContain('    at ');
  });

  it('no config.json yet: ok, and says the defaults are used', async () => {
    const dataDir = tempDir('hocba-doctor-data-');
    const { report } = await doctor(['--data-dir', dataDir, '--port', String(await freePort())], emptyConf);
    expect(check(report, 'config')).toMatchObject({ status: 'ok' });
    expect(check(report, 'config').summary).toContain('dùng mặc định / none yet, defaults');
  });

  it('a file that is no library at all (/etc/hostname): MODULE_NOT_A_LIBRARY, with where to look', async () => {
    const dataDir = tempDir('hocba-doctor-data-');
    const { report } = await doctor(
      ['--data-dir', dataDir, '--module', '/etc/hostname', '--port', String(await freePort())],
      emptyConf,
    );
    expect(check(report, 'module').findings.map((f) => f.code)).toEqual(['MODULE_NOT_A_LIBRARY']);
  });

  it('another program on the port, and errors in the log: both reported, the human screen in Vietnamese first', async () => {
    const dataDir = tempDir('hocba-doctor-data-');
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    appendFileSync(
      join(dataDir, 'logs', 'companion.log'),
      `${new Date().toISOString()} ERROR module failed to load {"path":"/x.so","errorCode":"MODULE_LOAD_FAILED"}\n`,
    );
    const other: Server = createServer((_req, res) => res.end('hello from another program'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as AddressInfo).port;
    try {
      const { status, report } = await doctor(
        ['--data-dir', dataDir, '--module', SOFTHSM_MODULE, '--port', String(port)],
        goodConf,
      );
      expect(check(report, 'port')).toMatchObject({ status: 'error', findings: [{ code: 'PORT_TAKEN' }] });
      expect(check(report, 'port').summary).toContain('HTTP 200');
      expect(check(report, 'log')).toMatchObject({ status: 'warning', findings: [{ code: 'LOG_ERRORS' }] });
      expect(String((check(report, 'log').details as string[])[0])).toContain('module failed to load');
      expect(status).toBe(1);

      const screen = (
        await runHocba(
          ['doctor', '--data-dir', dataDir, '--module', SOFTHSM_MODULE, '--port', String(port)],
          goodConf,
        )
      ).stdout;
      const vi = screen.indexOf('đang bị một chương trình khác dùng');
      const en = screen.indexOf('is used by another program');
      expect(vi).toBeGreaterThan(0);
      expect(en).toBeGreaterThan(vi);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

describe('judgeCertificate', () => {
  const base = {
    subject: { text: 'Trần Văn Minh', commonName: 'Trần Văn Minh' },
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2026-01-20T00:00:00.000Z',
    validity: 'valid',
    keyUsage: 'signing',
  } as unknown as CertificateInfo;

  it('warns 30 days before expiry, not before', () => {
    expect(judgeCertificate(base, new Date('2025-12-01T00:00:00Z')).status).toBe('ok');
    const soon = judgeCertificate(base, new Date('2026-01-01T00:00:00Z'));
    expect(soon.status).toBe('warning');
    expect(soon.findings[0]).toMatchObject({ code: 'CERT_EXPIRING', details: { days: 19 } });
  });
});
