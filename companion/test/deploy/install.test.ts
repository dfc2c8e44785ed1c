/**
 * `hocba install` / `uninstall` against a temporary HOME: the exact files written and removed.
 * systemctl is never run for real: in-process tests inject a recording runner, the CLI tests
 * use the XDG autostart path, which runs no command.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyInstall, type CommandRunner, planInstall, uninstall } from '../../src/deploy/install.js';

const hocba = fileURLToPath(new URL('../../bin/hocba.js', import.meta.url));

/** Every file under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

let home: string;
let moduleFile: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'hocba-home-'));
  const drivers = mkdtempSync(join(tmpdir(), 'hocba-driver-'));
  moduleFile = join(drivers, 'libvendor-pkcs11.so');
  writeFileSync(moduleFile, 'not really a module');
});

afterEach(() => rmSync(home, { recursive: true, force: true }));

function recorder(systemd: boolean): { run: CommandRunner; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: (argv) => {
      calls.push(argv.join(' '));
      if (argv.join(' ') === 'systemctl --user show-environment')
        return { status: systemd ? 0 : 1, stdout: '', stderr: systemd ? '' : 'Failed to connect to bus' };
      return { status: 0, stdout: '', stderr: '' };
    },
  };
}

function cli(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env.XDG_CONFIG_HOME;
  delete env.XDG_DATA_HOME;
  delete env.HOCBA_DATA_DIR;
  return spawnSync('node', [hocba, ...args], { env, encoding: 'utf8' });
}

describe('install and uninstall with a systemd user manager (recording runner)', () => {
  it('writes the unit, the config and the manifest, runs systemctl, and uninstall removes exactly them', () => {
    const env = { HOME: home };
    const { run, calls } = recorder(true);
    const plan = planInstall({
      env,
      platform: 'linux',
      module: moduleFile,
      run,
      launcher: { node: '/usr/bin/node', script: '/opt/hocba/app/bin/hocba.js' },
    });
    expect(plan.autostart).toBe('systemd');
    applyInstall(plan, run);
    expect(tree(home)).toEqual([
      '.config/systemd/user/hocba-companion.service',
      '.local/share/hocba/config.json',
      '.local/share/hocba/install-manifest.json',
    ]);
    const unit = readFileSync(join(home, '.config/systemd/user/hocba-companion.service'), 'utf8');
    expect(unit).toContain(
      `ExecStart="/usr/bin/node" "/opt/hocba/app/bin/hocba.js" "serve" "--data-dir" "${home}/.local/share/hocba"`,
    );
    expect(unit).toContain('WantedBy=default.target');
    expect(JSON.parse(readFileSync(join(home, '.local/share/hocba/config.json'), 'utf8'))).toEqual({
      module: moduleFile,
    });
    expect(statSync(join(home, '.local/share/hocba/config.json')).mode & 0o777).toBe(0o600);
    expect(calls).toEqual([
      'systemctl --user show-environment',
      'systemctl --user daemon-reload',
      'systemctl --user enable --now hocba-companion.service',
    ]);

    // The school works: an archive and an audit log appear; uninstall must keep them.
    mkdirSync(join(home, '.local/share/hocba/archive/b1'), { recursive: true });
    writeFileSync(join(home, '.local/share/hocba/archive/b1/a.pdf'), '%PDF');
    writeFileSync(join(home, '.local/share/hocba/audit.jsonl'), '{}\n');

    calls.length = 0;
    const result = uninstall({ env, platform: 'linux', run });
    expect(calls).toEqual([
      'systemctl --user disable --now hocba-companion.service',
      'systemctl --user daemon-reload',
    ]);
    expect(result.removed.sort()).toEqual(
      [
        join(home, '.config/systemd/user/hocba-companion.service'),
        join(home, '.local/share/hocba/config.json'),
        join(home, '.local/share/hocba/install-manifest.json'),
      ].sort(),
    );
    expect(tree(home)).toEqual(['.local/share/hocba/archive/b1/a.pdf', '.local/share/hocba/audit.jsonl']);
  });

  it('honours XDG_CONFIG_HOME and XDG_DATA_HOME; a reinstall in another mode replaces the old autostart entry', () => {
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'cfg'), XDG_DATA_HOME: join(home, 'data') };
    const { run } = recorder(false);
    applyInstall(planInstall({ env, platform: 'linux', module: moduleFile, run }), run);
    expect(tree(home)).toEqual([
      'cfg/autostart/hocba-companion.desktop',
      'data/hocba/config.json',
      'data/hocba/install-manifest.json',
    ]);
    applyInstall(planInstall({ env, platform: 'linux', module: moduleFile, run, autostart: 'systemd' }), run);
    expect(tree(home)).toEqual([
      'cfg/systemd/user/hocba-companion.service',
      'data/hocba/config.json',
      'data/hocba/install-manifest.json',
    ]);
    uninstall({ env, platform: 'linux', run });
    expect(tree(home)).toEqual([]);
  });

  it('finds the known modules on disk when none is given, and pins none of them in config.json', () => {
    const { run } = recorder(true);
    const plan = planInstall({
      env: { HOME: home },
      platform: 'linux',
      run,
      exists: (path) => path === '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
    });
    expect(plan.module).toEqual({
      status: 'found',
      modules: [{ path: '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', vendor: 'OpenSC', source: 'found' }],
    });
    // The companion loads every driver present at each start (one installed later too).
    expect(plan.files.some((f) => f.path.endsWith('config.json'))).toBe(false);
  });

  it('keeps a config.json that existed before, and one the school changed since, unless --purge', () => {
    const dataDir = join(home, '.local/share/hocba');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ port: 18200 }));
    const { run } = recorder(false);
    applyInstall(planInstall({ env: { HOME: home }, platform: 'linux', module: moduleFile, run }), run);
    expect(JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8'))).toEqual({
      port: 18200,
      module: moduleFile,
    });
    const result = uninstall({ env: { HOME: home }, platform: 'linux', run });
    expect(result.kept.map((k) => k.path)).toContain(join(dataDir, 'config.json'));
    expect(tree(home)).toEqual(['.local/share/hocba/config.json']);

    rmSync(join(dataDir, 'config.json'));
    applyInstall(planInstall({ env: { HOME: home }, platform: 'linux', module: moduleFile, run }), run);
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ module: moduleFile, pairingMinutes: 10 }));
    expect(uninstall({ env: { HOME: home }, platform: 'linux', run }).kept.map((k) => k.path)).toContain(
      join(dataDir, 'config.json'),
    );
    applyInstall(planInstall({ env: { HOME: home }, platform: 'linux', module: moduleFile, run }), run);
    const purged = uninstall({ env: { HOME: home }, platform: 'linux', run, purge: true });
    expect(purged.purged).toBe(true);
    expect(tree(home)).toEqual([]);
  });

  it('plans a Run key on Windows and a LaunchAgent on macOS without touching anything', () => {
    const win = planInstall({
      env: { USERPROFILE: 'C:\\Users\\gv', LOCALAPPDATA: 'C:\\Users\\gv\\AppData\\Local' },
      platform: 'win32',
      exists: () => false,
      launcher: { node: 'C:\\HocBa\\node.exe', script: 'C:\\HocBa\\app\\bin\\hocba.js' },
    });
    expect(win.autostart).toBe('windowsRunKey');
    expect(win.commands[0]?.argv.slice(0, 5)).toEqual([
      'reg',
      'add',
      'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
      '/v',
      'HocBaCompanion',
    ]);
    const mac = planInstall({
      env: { HOME: '/Users/gv' },
      platform: 'darwin',
      exists: () => false,
      uid: 501,
    });
    expect(mac.files.map((f) => f.path)).toEqual(['/Users/gv/Library/LaunchAgents/vn.hocba.companion.plist']);
    expect(mac.commands[0]?.argv).toEqual([
      'launchctl',
      'bootstrap',
      'gui/501',
      '/Users/gv/Library/LaunchAgents/vn.hocba.companion.plist',
    ]);
  });
});

describe('hocba install / uninstall (command line, temporary HOME)', () => {
  it('--dry-run prints the files and commands and writes nothing', () => {
    const out = cli(['install', '--dry-run', '--autostart', 'systemd', '--module', moduleFile]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain('Chạy thử');
    expect(out.stdout).toContain(join(home, '.config/systemd/user/hocba-companion.service'));
    expect(out.stdout).toContain('systemctl --user enable --now hocba-companion.service');
    expect(out.stdout).toContain(`"module": "${moduleFile}"`);
    expect(tree(home)).toEqual([]);
  });

  it('install (XDG autostart) then uninstall: exact files', () => {
    const installed = cli(['install', '--autostart', 'xdg', '--module', moduleFile, '--json']);
    expect(installed.status, installed.stderr).toBe(0);
    expect(tree(home)).toEqual([
      '.config/autostart/hocba-companion.desktop',
      '.local/share/hocba/config.json',
      '.local/share/hocba/install-manifest.json',
    ]);
    const desktop = readFileSync(join(home, '.config/autostart/hocba-companion.desktop'), 'utf8');
    expect(desktop).toMatch(
      /^Exec=".+node" ".+\/bin\/hocba\.js" "serve" "--data-dir" ".+\/\.local\/share\/hocba"$/m,
    );

    const dry = cli(['uninstall', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(tree(home)).toHaveLength(3);

    const removed = cli(['uninstall']);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('đã xoá / removed');
    expect(tree(home)).toEqual([]);
    expect(readdirSync(join(home, '.local/share/hocba'))).toEqual([]);

    const again = cli(['uninstall']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('chưa được cài');
  });

  it('refuses a --module path that does not exist', () => {
    const out = cli(['install', '--module', '/nowhere/libnothing.so', '--autostart', 'xdg']);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('Không có tệp thư viện PKCS#11 /nowhere/libnothing.so');
    expect(tree(home)).toEqual([]);
  });
});
