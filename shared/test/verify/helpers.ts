/** Test fixtures for the verifier: the project's test PKI and CMS made by the openssl CLI. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export { opensslCms } from '../support/openssl.js';
export { testPki } from '../support/pki.js';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hocba-verify-'));
}

export function der(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

export function pemDer(path: string): Uint8Array {
  const pem = readFileSync(path, 'utf8');
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}
