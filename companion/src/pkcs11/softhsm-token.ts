/**
 * Creates SoftHSM2 tokens for development, tests and the demo: a token directory of its own,
 * keys and certificates imported with the real tools (softhsm2-util, pkcs11-tool). Never
 * used with a real token. SoftHSM reads SOFTHSM2_CONF when the module loads: set
 * `process.env.SOFTHSM2_CONF = token.confPath` before `Pkcs11Module.load` (vitest: forks
 * pool), or pass `token.env` to a child process.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOFTHSM_MODULE } from './modules.js';

export interface SoftHsmObject {
  /** CKA_ID, hex (e.g. '01'): what the protocol calls `certificateId`. */
  id: string;
  label: string;
  /** PKCS#8 PEM private key; omitted for CA certificates (certificate only). */
  keyPath?: string;
  /** DER certificate. */
  certDerPath: string;
}

export interface SoftHsmTokenOptions {
  /** A folder of the token's own (created): `softhsm2.conf` and `tokens/` go in it. */
  dir: string;
  label: string;
  pin: string;
  soPin?: string;
  objects: readonly SoftHsmObject[];
  modulePath?: string;
}

export interface SoftHsmToken {
  label: string;
  serial: string;
  pin: string;
  confPath: string;
  modulePath: string;
  /** Environment for a child process (companion, pkcs11-tool) that uses this token. */
  env: { SOFTHSM2_CONF: string };
}

/** Writes a SoftHSM2 config whose token store is inside `dir`; returns its path. */
export function writeSoftHsmConfig(dir: string): string {
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens, { recursive: true });
  const confPath = join(dir, 'softhsm2.conf');
  writeFileSync(
    confPath,
    `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`,
  );
  return confPath;
}

export function createSoftHsmToken(options: SoftHsmTokenOptions): SoftHsmToken {
  const modulePath = options.modulePath ?? SOFTHSM_MODULE;
  const confPath = writeSoftHsmConfig(options.dir);
  const env = { ...process.env, SOFTHSM2_CONF: confPath };
  const run = (cmd: string, args: string[]) =>
    execFileSync(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const soPin = options.soPin ?? `${options.pin}so`;
  run('softhsm2-util', [
    '--init-token',
    '--free',
    '--label',
    options.label,
    '--pin',
    options.pin,
    '--so-pin',
    soPin,
  ]);
  for (const object of options.objects) {
    if (object.keyPath)
      run('softhsm2-util', [
        '--import',
        object.keyPath,
        '--token',
        options.label,
        '--label',
        object.label,
        '--id',
        object.id,
        '--pin',
        options.pin,
      ]);
    run('pkcs11-tool', [
      '--module',
      modulePath,
      '--token-label',
      options.label,
      '--login',
      '--pin',
      options.pin,
      '--write-object',
      object.certDerPath,
      '--type',
      'cert',
      '--id',
      object.id,
      '--label',
      object.label,
    ]);
  }
  const slots = run('softhsm2-util', ['--show-slots']);
  let serial = '';
  // Blocks per slot: "Label: <label>" then "Serial number: <serial>" in the token part.
  for (const block of slots.split(/\nSlot /)) {
    const label = /Label:\s*(.*)/.exec(block)?.[1]?.trim();
    if (label === options.label) serial = /Serial number:\s*(\S+)/.exec(block)?.[1] ?? '';
  }
  if (!serial) throw new Error(`SoftHSM token ${options.label} not found after creation`);
  return {
    label: options.label,
    serial,
    pin: options.pin,
    confPath,
    modulePath,
    env: { SOFTHSM2_CONF: confPath },
  };
}
