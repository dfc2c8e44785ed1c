/** `hocba demo-token`: a SoftHSM2 token with the demo PKI that the companion lists and signs with. */
import { execFileSync, spawnSync } from 'node:child_process';
import { createPublicKey, createVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Pkcs11Module, SOFTHSM_MODULE } from '../src/pkcs11/index.js';

const hocba = fileURLToPath(new URL('../bin/hocba.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'hocba-demo-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('hocba demo-token', () => {
  it('creates a token with a demo GVCN, principal and seal chained to a demo root, PIN 12345678', async () => {
    const made = spawnSync('node', [hocba, 'demo-token', '--data-dir', dataDir, '--json'], {
      encoding: 'utf8',
    });
    expect(made.status).toBe(0);
    const out = JSON.parse(made.stdout) as {
      status: string;
      confPath: string;
      serial: string;
      root: string;
      pin: string;
    };
    expect(out).toMatchObject({
      status: 'created',
      pin: '12345678',
      root: join(dataDir, 'demo-pki', 'root.pem'),
    });
    for (const role of ['gvcn', 'principal', 'seal'])
      expect(
        execFileSync(
          'openssl',
          [
            'verify',
            '-CAfile',
            out.root,
            '-untrusted',
            join(dataDir, 'demo-pki', 'ca.cert.pem'),
            join(dataDir, 'demo-pki', `${role}.cert.pem`),
          ],
          {
            encoding: 'utf8',
          },
        ),
      ).toContain(': OK');

    process.env.SOFTHSM2_CONF = out.confPath;
    const module = Pkcs11Module.load(SOFTHSM_MODULE);
    try {
      const token = module.listTokens().find((t) => t.serial === out.serial)!;
      expect(token.label).toBe('HOCBA-DEMO');
      const byRole = Object.fromEntries(token.certificates.map((c) => [c.roleHints[0], c]));
      expect(Object.keys(byRole).sort()).toEqual(['gvcn', 'principal', 'seal']);
      for (const c of token.certificates)
        expect(c.subject.organizationalUnit).toContain('không có giá trị pháp lý');
      expect(byRole.principal?.subject.commonName).toBe('Trần Văn Minh (DEMO)');
      const session = module.login({ serial: out.serial }, out.pin);
      const signer = session.signer(byRole.principal!.id);
      expect(signer.chain).toHaveLength(1);
      const data = Buffer.from('học bạ demo');
      const signature = await signer.sign(data, 'rsa-pkcs1-sha256');
      const pem = readFileSync(join(dataDir, 'demo-pki', 'principal.cert.pem'), 'utf8');
      expect(createVerify('sha256').update(data).verify(createPublicKey(pem), Buffer.from(signature))).toBe(
        true,
      );
      session.logout();
    } finally {
      module.close();
    }

    const again = spawnSync('node', [hocba, 'demo-token', '--data-dir', dataDir, '--json'], {
      encoding: 'utf8',
    });
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'exists', confPath: out.confPath });
  });
});
