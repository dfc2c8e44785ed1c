/** Test fixtures for the verifier: the project's test PKI and CMS made by the openssl CLI. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki, type TestEntity, type TestPki } from '../../../test/pki/index.mjs';

let pkiPromise: Promise<TestPki> | undefined;
const pkiDir = join(tmpdir(), `hocba-verify-pki-${process.pid}`);

export function testPki(): Promise<TestPki> {
  mkdirSync(pkiDir, { recursive: true });
  pkiPromise ??= makeTestPki(pkiDir);
  return pkiPromise;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hocba-verify-'));
}

export function der(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** `openssl cms -sign -binary -outform DER -md sha256` over `data`, detached. */
export function opensslCms(
  data: Uint8Array,
  signer: TestEntity,
  pki: TestPki,
  opts: { pss?: boolean; certfile?: boolean; cades?: boolean } = {},
): Uint8Array {
  const dir = tempDir();
  writeFileSync(join(dir, 'data.bin'), data);
  const args = ['cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha256', '-in', join(dir, 'data.bin')];
  args.push('-signer', signer.certPath, '-inkey', signer.keyPath, '-out', join(dir, 'sig.p7'));
  if (opts.certfile !== false) args.push('-certfile', pki.ca.certPath);
  if (opts.cades !== false) args.push('-cades');
  if (opts.pss) args.push('-keyopt', 'rsa_padding_mode:pss', '-keyopt', 'rsa_pss_saltlen:32');
  execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return der(join(dir, 'sig.p7'));
}

export function pemDer(path: string): Uint8Array {
  const pem = readFileSync(path, 'utf8');
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}
