/** Poppler's pdfsig against an NSS database that trusts the test root: the independent check. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { TestPki } from '../../../test/pki/index.mjs';

export function makeNssDb(dir: string, pki: TestPki): string {
  mkdirSync(dir, { recursive: true });
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  execFileSync('certutil', [
    '-A',
    '-d',
    `sql:${dir}`,
    '-n',
    'hocba-test-root',
    '-t',
    'CT,C,C',
    '-i',
    pki.root.certPath,
  ]);
  execFileSync('certutil', [
    '-A',
    '-d',
    `sql:${dir}`,
    '-n',
    'hocba-test-ca',
    '-t',
    ',,',
    '-i',
    pki.ca.certPath,
  ]);
  return `sql:${dir}`;
}

export interface PdfsigResult {
  status: number | null;
  output: string;
  signatures: number;
  valid: number;
  trusted: number;
}

export function pdfsig(nssdir: string, file: string): PdfsigResult {
  const result = spawnSync('pdfsig', ['-nssdir', nssdir, file], { encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  return {
    status: result.status,
    output,
    signatures: (output.match(/^Signature #\d+:/gm) ?? []).length,
    valid: (output.match(/Signature Validation: Signature is Valid\./g) ?? []).length,
    trusted: (output.match(/Certificate Validation: Certificate is Trusted\./g) ?? []).length,
  };
}
