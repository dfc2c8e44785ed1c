import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CERTIFICATES, bundledTrustStore, createTrustStore } from '../../src/verify/index.js';
import { nameToString, pemToDer } from '../../src/x509/index.js';

const trustDir = join(import.meta.dirname, '../../trust');
const readme = readFileSync(join(trustDir, 'README.md'), 'utf8');

const fingerprint = (der: Uint8Array) =>
  createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)?.join(':');

describe('bundled Vietnamese certificates', () => {
  const files = readdirSync(trustDir).filter((f) => f.endsWith('.pem'));

  it('bundled.ts holds exactly the PEM files shipped in shared/trust', () => {
    expect(BUNDLED_CERTIFICATES.map((c) => c.file).sort()).toEqual(files.sort());
    for (const c of BUNDLED_CERTIFICATES)
      expect(c.pem).toBe(readFileSync(join(trustDir, c.file), 'utf8').trim());
  });

  it('every SHA-256 fingerprint matches the README row of its file and role', () => {
    for (const c of BUNDLED_CERTIFICATES) {
      const [der] = pemToDer(c.pem);
      if (!der) throw new Error(`no certificate in ${c.file}`);
      const row = readme.split('\n').find((l) => l.startsWith(`| ${c.file} |`));
      expect(row, c.file).toBeDefined();
      expect(row).toContain(`| ${c.role} |`);
      expect(row).toContain(fingerprint(der));
    }
  });

  it('anchors are the national root and the Government roots G2 and G1', () => {
    const names = bundledTrustStore().anchors.map((a) => nameToString(a.subject));
    expect(names).toHaveLength(3);
    expect(names.some((n) => n.includes('Vietnam National Root CA'))).toBe(true);
    expect(names.some((n) => n.includes('RootCA chuyên dùng Chính phủ G2'))).toBe(true);
  });

  it('admin anchors add to the bundled ones; bundled can be switched off', () => {
    const pem = BUNDLED_CERTIFICATES.find((c) => c.file === 'vnpt-ca-sha2.pem')?.pem ?? '';
    expect(createTrustStore({ anchors: [pem] }).anchors).toHaveLength(4);
    expect(createTrustStore({ bundled: false, anchors: [pem] }).anchors).toHaveLength(1);
  });
});
