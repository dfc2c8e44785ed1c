/**
 * poppler's `pdfsig -add-signature` as another signer: an NSS database in a temp dir holding
 * the given keys (as modifications.test.ts builds it), and one call per signature.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.js';

export interface Pdfsig {
  sign(input: Uint8Array, nick: string, field: string): Uint8Array;
}

/** `keys`: nickname → [certificate PEM path, key PEM path, extra chain PEM path]. */
export function pdfsigWith(keys: Record<string, [string, string, string?]>): Pdfsig {
  const nss = tempDir();
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  run('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  for (const [nick, [cert, key, chain]] of Object.entries(keys)) {
    const p12 = join(nss, `${nick}.p12`);
    const args = [
      'pkcs12',
      '-export',
      '-inkey',
      key,
      '-in',
      cert,
      '-name',
      nick,
      '-passout',
      'pass:x',
      '-out',
      p12,
    ];
    if (chain) args.push('-certfile', chain);
    run('openssl', args);
    run('pk12util', ['-i', p12, '-d', `sql:${nss}`, '-W', 'x']);
  }
  return {
    sign(input, nick, field) {
      const dir = tempDir();
      writeFileSync(join(dir, 'in.pdf'), input);
      const out = join(dir, 'out.pdf');
      try {
        execFileSync(
          'pdfsig',
          [
            '-nssdir',
            `sql:${nss}`,
            '-no-ocsp',
            '-add-signature',
            '-nick',
            nick,
            '-new-signature-field-name',
            field,
          ].concat([join(dir, 'in.pdf'), out]),
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
      } catch (e) {
        // pdfsig 22.12 may exit non-zero on NSS shutdown after writing the file.
        if (!existsSync(out)) throw e;
      }
      return new Uint8Array(readFileSync(out));
    },
  };
}
