/**
 * The real companion for end-to-end tests: a SoftHSM2 demo token, a pairing for the test
 * extension made with `hocba pair --add`, and `hocba serve` on a free loopback port.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { EXTENSION_ORIGIN, extensionWorker } from './browser.js';

export const HOCBA = fileURLToPath(new URL('../../companion/bin/hocba.js', import.meta.url));
export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
export const DEMO_PIN = '12345678';

export interface RunningCompanion {
  port: number;
  dataDir: string;
  pairing: { pairingId: string; secret: string };
  rootPem: string;
  env: NodeJS.ProcessEnv;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function hocba(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync('node', [HOCBA, ...args], { encoding: 'utf8', env });
}

/** A SoftHSM2 configuration whose token folder is empty: the slot holds no initialised token. */
function emptyTokenConfig(dataDir: string): { confPath: string; root: string } {
  const tokens = join(dataDir, 'softhsm-empty', 'tokens');
  mkdirSync(tokens, { recursive: true });
  const confPath = join(dataDir, 'softhsm-empty', 'softhsm2.conf');
  writeFileSync(
    confPath,
    `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  return { confPath, root: '' };
}

export async function startCompanion(
  dataDir: string,
  options: {
    port?: number;
    token?: 'demo' | 'empty';
    /** Token faults (companion/src/pkcs11/faults.ts), e.g. a slow or pulled token. */
    faults?: Record<string, number | boolean>;
    /** The extension origin to pair (default: the Chromium build's). */
    origin?: string;
    /** false: a fresh data folder with no pairing (the IT story pairs through the UI). */
    pair?: boolean;
  } = {},
): Promise<RunningCompanion> {
  const token =
    options.token === 'empty'
      ? emptyTokenConfig(dataDir)
      : (JSON.parse(hocba(['demo-token', '--data-dir', dataDir, '--json'])) as {
          confPath: string;
          root: string;
        });
  const env: NodeJS.ProcessEnv = { ...process.env, SOFTHSM2_CONF: token.confPath };
  if (options.faults) env.HOCBA_TEST_FAULTS = JSON.stringify(options.faults);
  const pairing =
    options.pair === false
      ? { pairingId: '', secret: '' }
      : (JSON.parse(
          hocba(
            [
              'pair',
              '--add',
              options.origin ?? EXTENSION_ORIGIN,
              '--label',
              'e2e',
              '--json',
              '--data-dir',
              dataDir,
            ],
            env,
          ),
        ) as { pairingId: string; secret: string });
  const child = spawn(
    'node',
    [
      HOCBA,
      'serve',
      '--port',
      String(options.port ?? 0),
      '--data-dir',
      dataDir,
      '--module',
      SOFTHSM_MODULE,
      '--json',
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d) => {
      err += String(d);
    });
    child.stdout?.on('data', (d) => {
      out += String(d);
      for (const line of out.split('\n')) {
        if (line.includes('"listening"')) resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once('exit', (code) => reject(new Error(`hocba serve exited (${code}): ${err}`)));
  });
  return {
    port,
    dataDir,
    pairing: { pairingId: pairing.pairingId, secret: pairing.secret },
    rootPem: token.root ? readFileSync(token.root, 'utf8') : '',
    env,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Gives the extension the companion's port and pairing, as pairing in the options page leaves them. */
export async function pairExtension(browser: Browser, companion: RunningCompanion): Promise<void> {
  const worker = await extensionWorker(browser);
  await worker.evaluate(
    (port, pairing) => chrome.storage.local.set({ companionPort: port, pairing }),
    companion.port,
    companion.pairing,
  );
}
