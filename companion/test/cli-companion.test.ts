/**
 * The companion's CLI as IT staff, the demo and the e2e suite use it: `hocba serve` in a
 * child process (port 0, its own data folder, SoftHSM through SOFTHSM2_CONF), `hocba pair`
 * (--add for demo/test mode, the code flow, --list, --revoke) and `hocba audit verify`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_ORIGIN, TestClient, upgradeStatus } from './support/client.js';
import { makeTestToken, TEST_PIN } from './support/token.js';

const hocba = fileURLToPath(new URL('../bin/hocba.js', import.meta.url));
let dataDir: string;
let tokenDir: string;
let env: NodeJS.ProcessEnv;
let server: ChildProcess;
let port: number;

function run(args: string[]) {
  return spawnSync('node', [hocba, ...args], { encoding: 'utf8', env });
}

/** Set once the file is done: a start-up still running (a timed-out beforeAll) spawns nothing. */
let finished = false;

/**
 * Stops `hocba serve` for certain: SIGTERM to its process group (it leads one: detached; not
 * sent again when `sendTerm` is false), the exit awaited, SIGKILL to the group if it has not
 * exited in time. Returns how it ended.
 */
async function stopServer(child: ChildProcess, graceMs = 15_000, sendTerm = true) {
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  if (sendTerm) signalGroup('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([
    exited,
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (inTime) return { ...inTime, graceful: true };
  signalGroup('SIGKILL');
  return { ...(await exited), graceful: false };
}

beforeAll(async () => {
  const made = await makeTestToken('HOCBA-CLI');
  tokenDir = made.dir;
  dataDir = mkdtempSync(join(tmpdir(), 'hocba-cli-'));
  env = { ...process.env, SOFTHSM2_CONF: made.token.confPath };
  // afterAll already ran (this hook timed out on a loaded machine): nothing left to stop it later.
  if (finished) return;
  server = spawn(
    'node',
    [hocba, 'serve', '--port', '0', '--data-dir', dataDir, '--module', made.token.modulePath, '--json'],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so the cleanup reaches everything it may start.
      detached: true,
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    server.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  const ready = JSON.parse(line) as { status: string; port: number; address: string };
  expect(ready.status).toBe('listening');
  expect(ready.address).toBe(`127.0.0.1:${ready.port}`);
  port = ready.port;
}, 60_000);

afterAll(async () => {
  finished = true;
  // The child is gone before its folders are: it writes its log and audit while it stops.
  if (server) await stopServer(server);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (tokenDir) rmSync(tokenDir, { recursive: true, force: true });
}, 30_000);

describe('hocba serve and pair', () => {
  it('pairs the extension ahead of time (--add: demo, tests, IT) and serves it', async () => {
    expect(await upgradeStatus(port)).toBe(403);
    const added = run([
      'pair',
      '--add',
      EXTENSION_ORIGIN,
      '--label',
      'demo',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(added.status).toBe(0);
    const { pairingId, secret } = JSON.parse(added.stdout) as { pairingId: string; secret: string };
    const client = await TestClient.open(port);
    expect(await client.auth({ id: pairingId, secret })).toMatchObject({ type: 'auth.result' });
    expect(await client.request({ type: 'status', id: 's' })).toMatchObject({
      module: { status: 'loaded' },
      token: 'present',
    });
    client.close();
  });

  it('pairs with the one-time code printed by `hocba pair`, lists and revokes', async () => {
    const origin = 'chrome-extension://eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
    expect(await upgradeStatus(port, { origin })).toBe(403);
    const opened = run(['pair', '--json', '--data-dir', dataDir]);
    expect(opened.status).toBe(0);
    const { code } = JSON.parse(opened.stdout) as { code: string };
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const client = await TestClient.open(port, { origin });
    const paired = await client.pair(code);
    if (paired.status !== 'paired') throw new Error(JSON.stringify(paired.reply));
    expect(await client.auth({ id: paired.pairingId, secret: paired.secret })).toMatchObject({
      type: 'auth.result',
    });
    client.close();
    const list = JSON.parse(run(['pair', '--list', '--json', '--data-dir', dataDir]).stdout) as {
      id: string;
      origin: string;
    }[];
    expect(list.map((p) => p.origin)).toContain(origin);
    expect(JSON.stringify(list)).not.toContain(paired.secret);
    expect(run(['pair', '--revoke', origin, '--data-dir', dataDir]).status).toBe(0);
    expect(await upgradeStatus(port, { origin })).toBe(403);
  });

  it('logs to <data-dir>/logs/companion.log, with logins audited and no PIN anywhere', async () => {
    const { pairingId, secret } = JSON.parse(
      run([
        'pair',
        '--add',
        'chrome-extension://ffffffffffffffffffffffffffffffff',
        '--json',
        '--data-dir',
        dataDir,
      ]).stdout,
    ) as { pairingId: string; secret: string };
    const client = await TestClient.open(port, {
      origin: 'chrome-extension://ffffffffffffffffffffffffffffffff',
    });
    await client.auth({ id: pairingId, secret });
    const tokens = (await client.request({ type: 'listTokens', id: 't' })).tokens as { serial: string }[];
    const serial = tokens[0]!.serial;
    const wrong = await client.request({ type: 'login', id: 'w', token: { serial }, pin: '24681357' });
    expect(wrong).toMatchObject({ type: 'error', error: { code: expect.stringMatching(/^PIN_INCORRECT/) } });
    expect(await client.request({ type: 'login', id: 'r', token: { serial }, pin: TEST_PIN })).toMatchObject({
      type: 'login.result',
    });
    expect(await client.request({ type: 'logout', id: 'o' })).toMatchObject({ status: 'loggedOut' });
    client.close();
    const log = readFileSync(join(dataDir, 'logs', 'companion.log'), 'utf8');
    const audit = readFileSync(join(dataDir, 'audit.jsonl'), 'utf8');
    expect(log).toContain('token login failed');
    expect(audit).toContain('"event":"login.succeeded"');
    for (const text of [log, audit, readFileSync(join(dataDir, 'pairings.json'), 'utf8')]) {
      expect(text).not.toContain('24681357');
      expect(text).not.toContain(TEST_PIN);
    }
  });

  it('refuses a web origin in --add', () => {
    const result = run(['pair', '--add', 'https://vnedu.vn', '--data-dir', dataDir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Không phải nguồn của tiện ích');
  });
});

describe('hocba audit verify', () => {
  it('passes on the intact log, fails on an edited line and on a removed last line', () => {
    const intact = run(['audit', 'verify', '--data-dir', dataDir, '--json']);
    expect(intact.status).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ status: 'intact' });
    const path = join(dataDir, 'audit.jsonl');
    const original = readFileSync(path, 'utf8');
    const lines = original.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);

    const copy = mkdtempSync(join(tmpdir(), 'hocba-audit-'));
    const head = readFileSync(join(dataDir, 'audit.head'), 'utf8');
    writeFileSync(join(copy, 'audit.head'), head);
    writeFileSync(join(copy, 'audit.jsonl'), original.replace('"pairing.created"', '"pairing.revoked"'));
    const edited = run(['audit', 'verify', '--file', join(copy, 'audit.jsonl')]);
    expect(edited.status).toBe(1);
    expect(edited.stderr).toContain('Nhật ký đã bị sửa');

    writeFileSync(join(copy, 'audit.jsonl'), `${lines.slice(0, -1).join('\n')}\n`);
    expect(run(['audit', 'verify', '--file', join(copy, 'audit.jsonl')]).status).toBe(1);

    writeFileSync(join(copy, 'audit.jsonl'), `${[lines[0], ...lines.slice(2)].join('\n')}\n`);
    expect(run(['audit', 'verify', '--file', join(copy, 'audit.jsonl')]).status).toBe(1);

    writeFileSync(join(copy, 'audit.jsonl'), original);
    expect(run(['audit', 'verify', '--file', join(copy, 'audit.jsonl')]).status).toBe(0);
    rmSync(copy, { recursive: true, force: true });
  });
});

describe('hocba serve stops', () => {
  it('on SIGTERM: closes, exits 0 in time, and frees its port', async () => {
    const stopped = await stopServer(server);
    expect(stopped).toEqual({ code: 0, signal: null, graceful: true });
    expect(await upgradeStatus(port).catch((error: NodeJS.ErrnoException) => error.code)).toBe(
      'ECONNREFUSED',
    );
    expect(readFileSync(join(dataDir, 'logs', 'companion.log'), 'utf8')).toContain('companion stopped');
  });
});

describe('hocba serve stops even when closing cannot write', () => {
  it('SIGTERM after its data folder is gone (log writes fail): still exits and frees its port', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hocba-cli-gone-'));
    const child = spawn('node', [hocba, 'serve', '--port', '0', '--data-dir', folder, '--json'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (chunk) => {
          out += chunk;
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const childPort = (JSON.parse(line) as { port: number }).port;
      // Two refused upgrades in a minute: the second waits in the refusal summary, written at close.
      const stranger = 'chrome-extension://dddddddddddddddddddddddddddddddd';
      expect(await upgradeStatus(childPort, { origin: stranger })).toBe(403);
      expect(await upgradeStatus(childPort, { origin: stranger })).toBe(403);
      // The folder goes before the companion handles SIGTERM (stopped meanwhile, so the order is certain).
      process.kill(child.pid!, 'SIGSTOP');
      process.kill(child.pid!, 'SIGTERM');
      rmSync(folder, { recursive: true, force: true });
      process.kill(child.pid!, 'SIGCONT');
      const stopped = await stopServer(child, 15_000, false);
      // Exit 1: it stopped, and says it could not write its log.
      expect(stopped).toEqual({ code: 1, signal: null, graceful: true });
      expect(await upgradeStatus(childPort).catch((error: NodeJS.ErrnoException) => error.code)).toBe(
        'ECONNREFUSED',
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) await stopServer(child, 0);
      rmSync(folder, { recursive: true, force: true });
    }
  }, 40_000);
});
