/**
 * The Linux release bundle (`npm run package`): built into a temporary folder, unpacked
 * outside the repository (so nothing can resolve the monorepo's node_modules), and run from
 * there without network (a fresh network namespace with only loopback, when `unshare -n`
 * is allowed): `hocba demo-token`, `hocba pair --add`, `hocba serve`, `hocba doctor --json`.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/deploy/doctor/index.js';
import { type ChildOutput, childOutput } from '../support/child-output.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hocba-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs in a network namespace of its own (loopback only) when this machine allows it. */
const isolated =
  spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { encoding: 'utf8' }).status === 0;

function offline(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const script = `ip link set lo up 2>/dev/null; exec "$@"`;
  return isolated
    ? spawn('unshare', ['-n', 'sh', '-c', script, 'sh', command, ...args], { env, cwd: work })
    : spawn(command, args, { env, cwd: work });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildOutput> {
  return childOutput(offline(command, args, env));
}

describe('npm run package (Linux x64 bundle)', () => {
  it('builds a tar.gz with production deps only, which runs doctor from an unpacked folder outside the repo', {
    timeout: 90_000,
  }, async () => {
    const started = Date.now();
    const built = JSON.parse(
      execFileSync('node', [join(root, 'scripts/package.mjs'), '--skip-build', '--out', join(work, 'out')], {
        cwd: root,
        encoding: 'utf8',
      }).trim(),
    ) as { name: string; archive: string; seconds: number };
    expect(built.name).toBe(
      `hocba-companion-${JSON.parse(readFileSync(join(root, 'companion/package.json'), 'utf8')).version}-linux-${process.arch}`,
    );
    expect(existsSync(built.archive)).toBe(true);

    const unpacked = join(work, 'school-pc');
    execFileSync('mkdir', ['-p', unpacked]);
    execFileSync('tar', ['-xzf', built.archive, '-C', unpacked]);
    const bundle = join(unpacked, built.name);
    const modules = join(bundle, 'app', 'node_modules');
    const installed = readdirSync(modules).sort();
    expect(installed).toEqual(expect.arrayContaining(['@hocba', 'pkcs11js', 'ws', 'zod', 'pdf-lib']));
    // Certificates are read and the demo PKI written with the engine's own DER code.
    expect(installed).not.toContain('node-forge');
    for (const dev of ['typescript', 'vitest', '@biomejs', '@types', 'vite', 'puppeteer', 'preact'])
      expect(installed).not.toContain(dev);
    expect(lstatSync(join(modules, '@hocba', 'shared')).isSymbolicLink()).toBe(false);
    expect(existsSync(join(modules, '@hocba', 'shared', 'dist', 'protocol', 'index.js'))).toBe(true);
    expect(existsSync(join(modules, '@hocba', 'shared', 'src'))).toBe(false);
    expect(existsSync(join(modules, 'pkcs11js', 'build', 'Release', 'pkcs11.node'))).toBe(true);
    expect(existsSync(join(bundle, 'docs', 'install.md'))).toBe(true);
    expect(existsSync(join(bundle, 'managed-schema.json'))).toBe(true);
    expect(lstatSync(join(bundle, 'hocba')).mode & 0o111).not.toBe(0);

    const hocba = join(bundle, 'hocba');
    const dataDir = join(work, 'data');
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: join(work, 'home'), LANG: 'C.UTF-8' };
    const version = await run(hocba, ['--version'], env);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    // Autostart from the bundle points at the bundle's own code, run by this PC's node.
    const plan = await run(
      hocba,
      [
        'install',
        '--dry-run',
        '--json',
        '--autostart',
        'systemd',
        '--module',
        '/usr/lib/softhsm/libsofthsm2.so',
      ],
      env,
    );
    expect(plan.status, plan.stderr).toBe(0);
    const unit = (JSON.parse(plan.stdout) as { files: { path: string; content: string }[] }).files.find((f) =>
      f.path.endsWith('hocba-companion.service'),
    );
    expect(unit?.content).toContain(`"${join(bundle, 'app', 'bin', 'hocba.js')}" "serve"`);
    expect(existsSync(join(work, 'home', '.config'))).toBe(false);

    const demo = await run(hocba, ['demo-token', '--data-dir', dataDir, '--json'], env);
    expect(demo.status, demo.stderr).toBe(0);
    const { confPath } = JSON.parse(demo.stdout) as { confPath: string };
    const tokenEnv = { ...env, SOFTHSM2_CONF: confPath };
    const pair = await run(
      hocba,
      [
        'pair',
        '--data-dir',
        dataDir,
        '--add',
        'chrome-extension://jfholdamahenahlfmimleieloadpkmgo',
        '--json',
      ],
      env,
    );
    expect(pair.status, pair.stderr).toBe(0);

    // The bundled companion serves; the bundled doctor, in the same network namespace,
    // recognises it on the port by its challenge.
    const script = [
      'ready="$1/serve.json"',
      '"$0" serve --data-dir "$1" --module /usr/lib/softhsm/libsofthsm2.so --port 0 --json > "$ready" &',
      'serve=$!',
      'for i in $(seq 1 100); do [ -s "$ready" ] && break; sleep 0.1; done',
      'port=$(sed -n \'s/.*"port":\\([0-9]*\\).*/\\1/p\' "$ready")',
      '"$0" doctor --json --data-dir "$1" --module /usr/lib/softhsm/libsofthsm2.so --port "$port"',
      'code=$?',
      'kill $serve; wait $serve',
      'exit $code',
    ].join('\n');
    const doctor = await run('sh', ['-c', script, hocba, dataDir], tokenEnv);
    expect(doctor.stderr).toBe('');
    const report = JSON.parse(doctor.stdout) as DoctorReport;
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId.module?.status).toBe('ok');
    expect(byId.tokens?.summary).toContain('HOCBA-DEMO');
    expect(byId.certificates?.status).toBe('ok');
    expect(byId.pin?.status).toBe('ok');
    expect(byId.pairing?.status).toBe('ok');
    expect(byId.port?.status).toBe('ok');
    expect(byId.port?.summary).toContain('chương trình ký 0.1.0');
    expect(byId.dataDir?.status).toBe('ok');
    expect(doctor.status).toBe(0);
    expect((Date.now() - started) / 1000).toBeLessThan(60);
  });
});
