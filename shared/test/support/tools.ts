/** Runs the real command-line tools the PDF tests check against (qpdf, pdfsig, certutil). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `hocba-${prefix}-`));
}

export function writeTemp(dir: string, fileName: string, bytes: Uint8Array): string {
  const p = join(dir, fileName);
  writeFileSync(p, bytes);
  return p;
}

/** `qpdf --check`: returns its output and exit status (0 clean, 3 warnings, 2 errors). */
export function qpdfCheck(path: string): { status: number; output: string } {
  const r = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
  return { status: r.status ?? -1, output: r.stdout + r.stderr };
}

/** An NSS database trusting `rootPem` for S/MIME, for pdfsig. */
export function makeNssDb(dir: string, rootCertPath: string): string {
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'root', '-t', 'CT,C,C', '-i', rootCertPath]);
  return dir;
}

export function pdfsig(path: string, nssDir: string): string {
  const r = spawnSync('pdfsig', ['-nssdir', `sql:${nssDir}`, path], { encoding: 'utf8' });
  return r.stdout + r.stderr;
}

/** Splits pdfsig output into one block per signature. */
export function pdfsigBlocks(output: string): string[] {
  return output.split(/^Signature #\d+:$/m).slice(1);
}
