/**
 * `npm run demo`, as the README promises, without a display: it makes the demo token and
 * pairing, starts the companion and both portals, says where they are and how to load the
 * extension, and (with --check) verifies they answer and stops. Run twice: the second run
 * reuses the token and the pairing (idempotent).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DEMO = fileURLToPath(new URL('../../scripts/demo.mjs', import.meta.url));

function runDemo(dir: string, ...flags: string[]) {
  return runDemoWith({}, dir, ...flags);
}

function runDemoWith(extraEnv: NodeJS.ProcessEnv, dir: string, ...flags: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, HOCBA_DEMO_DIR: dir, ...extraEnv };
  delete env.DISPLAY;
  return spawnSync('node', [DEMO, '--check', ...flags], { env, encoding: 'utf8', timeout: 120_000 });
}

describe('npm run demo', () => {
  it('starts the token, companion and portals, prints how to use them, and stops cleanly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hocba-demo-'));
    const first = runDemo(dir);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('gvcn / demo');
    expect(first.stdout).toContain('HOCBA-DEMO');
    expect(first.stdout).toContain('jfholdamahenahlfmimleieloadpkmgo');
    expect(first.stdout).toMatch(
      /check: portal A 200, portal B 200, eDoc replica 200, VnEdu replica 200, companion \d+\.\d+\.\d+ on \d+/,
    );
    // The companion itself answers on its port, with the demo token and the pairing.
    expect(first.stdout).toContain('doctor: module ok, tokens ok, pin ok, pairing ok, port ok');
    // What signing by hand needs (README): the demo token's SOFTHSM2_CONF and the SoftHSM driver.
    expect(first.stdout).toContain(`export SOFTHSM2_CONF=${join(dir, 'companion/softhsm/softhsm2.conf')}`);
    expect(first.stdout).toMatch(
      /hocba\.js sign \S+ --role teacher --out \S+ --module \/usr\/lib\/softhsm\/libsofthsm2\.so/,
    );
    expect(existsSync(join(dir, 'companion/softhsm/softhsm2.conf'))).toBe(true);
    expect(existsSync(join(dir, 'pairing.json'))).toBe(true);
    const pairing = readFileSync(join(dir, 'pairing.json'), 'utf8');
    const root = readFileSync(join(dir, 'companion/demo-pki/root.pem'), 'utf8');
    const second = runDemo(dir);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/check: portal A 200, portal B 200/);
    expect(readFileSync(join(dir, 'pairing.json'), 'utf8')).toBe(pairing);

    // --reset, as the README says: a new token (a new demo PKI) and a new pairing, still working.
    const reset = runDemo(dir, '--reset');
    expect(reset.status, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('doctor: module ok, tokens ok, pin ok, pairing ok, port ok');
    expect(readFileSync(join(dir, 'pairing.json'), 'utf8')).not.toBe(pairing);
    expect(readFileSync(join(dir, 'companion/demo-pki/root.pem'), 'utf8')).not.toBe(root);
  });

  it('a port already taken (a demo in another window): says what to do, exit 1, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hocba-demo-'));
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((other.address() as AddressInfo).port);
      const run = runDemoWith({ HOCBA_PORT: port }, dir);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('Không khởi động được chương trình ký của bản demo');
      expect(run.stderr).toContain('HOCBA_PORT=18130 npm run demo');
      expect(run.stderr).not.toMatch(/\n\s+at .*demo\.mjs/);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
