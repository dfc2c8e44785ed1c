/** `hocba demo-token`: a SoftHSM2 token with the demo PKI that the companion lists and signs with. */
import { execFileSync, spawnSync } from 'node:child_process';
import { createPublicKey, createVerify } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

describe('hocba demo-token, then the lines it prints', () => {
  it('signs a record by hand with exactly the SOFTHSM2_CONF and --module it names (after "no token" without them)', {
    timeout: 120_000,
  }, () => {
    // The token exists (the test above): the human output is what a newcomer copies.
    const shown = spawnSync('node', [hocba, 'demo-token', '--data-dir', dataDir], { encoding: 'utf8' });
    const conf = /export SOFTHSM2_CONF=(\S+)/.exec(shown.stdout)?.[1];
    const sign = /^\s+hocba (sign .*?)\s+#/m.exec(shown.stdout)?.[1];
    expect(conf, shown.stdout).toBeDefined();
    expect(sign, shown.stdout).toContain(`--module ${SOFTHSM_MODULE}`);
    const work = join(dataDir, 'by-hand');
    const generated = spawnSync(
      'node',
      [hocba, 'generate', '--out', join(work, 'lop'), '--size', '1', '--defects', '0'],
      {
        encoding: 'utf8',
      },
    );
    expect(generated.status, generated.stderr).toBe(0);
    const record = join(work, 'lop', readdirSync(join(work, 'lop'))[0]!);
    const args = sign!.replace('<tệp.json|pdf>', record).replace('da-ky', join(work, 'da-ky')).split(/\s+/);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOCBA_DATA_DIR: join(work, 'data'),
      HOCBA_MODULE_SEARCH: '0',
    };
    delete env.HOCBA_MODULE;
    delete env.SOFTHSM2_CONF;
    // Without SOFTHSM2_CONF, SoftHSM reads the machine's store: "no token", and the hint says why.
    const without = spawnSync('node', [hocba, ...args, '--pin-stdin'], {
      env,
      input: '12345678\n',
      encoding: 'utf8',
    });
    expect(without.status).toBe(1);
    expect(without.stderr).toContain('SOFTHSM2_CONF');
    const withIt = spawnSync('node', [hocba, ...args, '--pin-stdin'], {
      env: { ...env, SOFTHSM2_CONF: conf },
      input: '12345678\n',
      encoding: 'utf8',
    });
    expect(withIt.status, withIt.stderr).toBe(0);
    expect(withIt.stderr).toContain('(HOCBA-DEMO)');
    expect(readdirSync(join(work, 'da-ky'))).toHaveLength(1);
  });
});
