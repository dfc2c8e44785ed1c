/**
 * Files signed as a sending school's IT would script it, before a story starts: the demo
 * token (SoftHSM2) and `hocba sign … --pin-stdin`, the PIN typed on standard input.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEMO_PIN, HOCBA, hocba, SOFTHSM_MODULE } from './companion.js';

export interface DemoToken {
  /** The token's CA root (PEM text), for the verifier's trust anchors. */
  rootPem: string;
  /** The environment `hocba` needs to find the token. */
  env: NodeJS.ProcessEnv;
  dataDir: string;
}

/** Makes the demo token in `dataDir` (`hocba demo-token`). */
export function demoToken(dataDir: string): DemoToken {
  const token = JSON.parse(hocba(['demo-token', '--data-dir', dataDir, '--json'])) as {
    confPath: string;
    root: string;
  };
  return {
    rootPem: readFileSync(token.root, 'utf8'),
    env: { ...process.env, SOFTHSM2_CONF: token.confPath },
    dataDir,
  };
}

/** Signs `file` in `role` into `out` with the PIN on stdin; returns the signed file's path. */
export function cliSign(token: DemoToken, file: string, role: string, out: string): string {
  mkdirSync(out, { recursive: true });
  execFileSync(
    'node',
    [
      HOCBA,
      'sign',
      file,
      '--role',
      role,
      '--out',
      out,
      '--module',
      SOFTHSM_MODULE,
      '--data-dir',
      token.dataDir,
      '--pin-stdin',
    ],
    { env: token.env, input: `${DEMO_PIN}\n`, stdio: ['pipe', 'ignore', 'pipe'] },
  );
  // One `.signed` however many signed before (companion/src/cli/commands/sign-output.ts); `out` is fresh.
  return join(out, basename(file).replace(/(\.signed)?\.(pdf|json)$/i, '.signed.pdf'));
}

/** A signed file edited afterwards: one byte flipped inside what was signed (before /Contents). */
export function editedAfterSigning(signed: Uint8Array): Buffer {
  const edited = Buffer.from(signed);
  const at = edited.indexOf('/Contents') - 200;
  edited[at] = (edited[at] as number) ^ 0x01;
  return edited;
}
