/**
 * The project's openssl test PKI (test/pki) for the tests: one per test file, or one of a
 * test's own with an OCSP responder on the port its certificates name. Signers made from its
 * keys are in ./signers.ts (this file stays free of the PDF engine, for the companion's tests).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestPki } from '../../../test/pki/index.mjs';
import { makeTestPki } from '../../../test/pki/index.mjs';
import { type RunningServer, startOcspResponder } from './servers.js';
import { tempDir } from './tools.js';

export type { TestPki };

/** A free TCP port on loopback (for OCSP/TSA servers whose URL goes into certificates). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

let sharedPki: Promise<TestPki> | undefined;

/** One test PKI for the whole test file (a process), made on first use. */
export function testPki(): Promise<TestPki> {
  const dir = join(tmpdir(), `hocba-verify-pki-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  sharedPki ??= makeTestPki(dir);
  return sharedPki;
}

/** A PKI of its own whose certificates name an OCSP responder on `ocspPort` (see `pkiWithOcsp`). */
export async function setupPki(options: { ocspPort?: number } = {}): Promise<TestPki> {
  const dir = tempDir('pki');
  const ocspUrl = options.ocspPort ? `http://127.0.0.1:${options.ocspPort}/` : undefined;
  return makeTestPki(dir, ocspUrl ? { ocspUrl } : {});
}

/**
 * A PKI of its own with `openssl ocsp` answering on the port its certificates name (pdfsig
 * and B-LT signing ask it); close the responder when done.
 */
export async function pkiWithOcsp(): Promise<{ pki: TestPki; ocsp: RunningServer }> {
  const port = await freePort();
  const pki = await setupPki({ ocspPort: port });
  return { pki, ocsp: await startOcspResponder(pki, port) };
}

export function rootCertPath(pki: TestPki): string {
  return pki.root.certPath;
}

export function readPem(path: string): string {
  return readFileSync(path, 'utf8');
}

export { join };
