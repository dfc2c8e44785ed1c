/** The project's openssl test PKI (test/pki), made once per test file in a temp dir. */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TestEntity, TestPki } from '../../../test/pki/index.mjs';
import { makeTestPki } from '../../../test/pki/index.mjs';
import { createSoftwareSigner, pemToDer, type Signer } from '../../src/pdf/signer.js';
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

export async function setupPki(options: { ocspPort?: number } = {}): Promise<TestPki> {
  const dir = tempDir('pki');
  const ocspUrl = options.ocspPort ? `http://127.0.0.1:${options.ocspPort}/` : undefined;
  return makeTestPki(dir, ocspUrl ? { ocspUrl } : {});
}

export function signerFor(
  pki: TestPki,
  entity: TestEntity,
  extra: Partial<{ withChain: boolean }> = {},
): Promise<Signer> {
  const chain = extra.withChain === false ? [] : [pemToDer(pki.ca.certPem), pemToDer(pki.root.certPem)];
  return createSoftwareSigner({ privateKey: entity.keyPem, certificate: entity.certPem, chain });
}

export function rootCertPath(pki: TestPki): string {
  return pki.root.certPath;
}

export function readPem(path: string): string {
  return readFileSync(path, 'utf8');
}

export { join };
