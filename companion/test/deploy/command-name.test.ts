/**
 * The doctor's (and install's) hints name the command as the user types it: `hocba.cmd
 * install` at a Windows prompt (the bundle's shim, scripts/windows/launchers.mjs), `hocba
 * install` elsewhere.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { findLauncherPlace, formatHocbaCommand } from '../../src/deploy/command-name.js';
import { finding } from '../../src/deploy/doctor/findings.js';
import { doctorFinding, formatDoctorReport, hocbaCommand, runDoctor } from '../../src/deploy/doctor/index.js';
import { planInstall } from '../../src/deploy/install.js';

const work = mkdtempSync(join(tmpdir(), 'hocba-doctor-name-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** "hocba" followed by a space: a command line for Linux/macOS, wrong at a Windows prompt. */
const BARE_HOCBA = /(?<![\w.-])hocba\s/;
const codes = Object.keys(doctorFinding.catalog) as (keyof typeof doctorFinding.catalog)[];
const params = { path: 'P', config: 'C', port: 1, reason: 'R', token: 'T', subject: 'S', date: 'D' };

describe('the doctor names the platform’s command', () => {
  it('hocba.cmd on Windows, hocba elsewhere', () => {
    expect(hocbaCommand('win32')).toBe('hocba.cmd');
    expect(hocbaCommand('linux')).toBe('hocba');
    expect(hocbaCommand('darwin')).toBe('hocba');
  });

  it('on Windows no hint says "hocba <command>"; every hint that named hocba says hocba.cmd', () => {
    let named = 0;
    for (const code of codes) {
      const { message } = finding(code, { ...params, count: 2, launcher: 'L', answer: 'A' }, 'win32');
      for (const text of [message.vi, message.en]) {
        expect(text, code).not.toMatch(BARE_HOCBA);
        expect(text, code).not.toContain('{hocba}');
        if (text.includes('hocba.cmd ')) named++;
      }
    }
    // install, doctor, pair, policy, logs: the hints that tell the user what to run.
    expect(named).toBeGreaterThanOrEqual(16);
  });

  it('on Linux the same hints say "hocba install", "hocba pair"…', () => {
    expect(finding('MODULE_NOT_FOUND', {}, 'linux').message.vi).toContain('“hocba install --module');
    expect(finding('NOT_PAIRED', {}, 'linux').message.en).toContain('“hocba pair”');
    expect(finding('LOG_ERRORS', { count: 3 }, 'linux').message.en).toContain('“hocba logs --errors”');
    expect(finding('NOT_INSTALLED_WINDOWS', {}, 'win32').message.vi).toContain('“hocba.cmd install”');
    expect(finding('MODULE_NOT_FOUND', {}, 'win32').message.en).toContain(
      '“hocba.cmd install --module <path>”',
    );
  });

  it('the pairing hint names the settings page and its section as the extension shows them', () => {
    const locale = JSON.parse(
      readFileSync(new URL('../../../extension/public/_locales/vi/messages.json', import.meta.url), 'utf8'),
    ) as Record<string, { message: string }>;
    const hint = finding('NOT_PAIRED', {}, 'linux').message;
    for (const text of [hint.vi, hint.en]) {
      expect(text).toContain(`“${locale.options_title?.message}”`);
      expect(text).toContain(`“${locale.options_pairing?.message}”`);
    }
  });

  it('the name is not a detail of the finding (details keep only the PC’s state)', () => {
    expect(finding('NOT_PAIRED', {}, 'win32')).toEqual({
      code: 'NOT_PAIRED',
      message: expect.objectContaining({ vi: expect.stringContaining('hocba.cmd pair') }),
    });
    expect(finding('LOG_ERRORS', { count: 3 }, 'win32').details).toEqual({ count: 3 });
  });

  it('a whole doctor run for Windows: the screen names hocba.cmd and never "hocba install"', async () => {
    const dataDir = join(work, 'data');
    // The driver named in config.json (as the installer writes it), and gone since.
    const config = loadConfig(
      { dataDir, port: 1, configPath: join(work, 'config.json') },
      {},
      { module: join(work, 'no-such-driver.dll') },
    );
    const report = await runDoctor({ config, version: '0.0.0', platform: 'win32' });
    const screen = formatDoctorReport(report);
    const hints = report.checks.flatMap((c) => c.findings.flatMap((f) => [f.message.vi, f.message.en]));
    expect(report.checks.find((c) => c.id === 'module')?.findings[0]?.code).toBe('MODULE_FILE_MISSING');
    expect(hints.join('\n')).toContain('hocba.cmd install --module');
    expect(hints.join('\n')).toContain('hocba.cmd pair');
    for (const hint of hints) expect(hint).not.toMatch(BARE_HOCBA);
    expect(screen).toContain('hocba.cmd install');
  });

  it('install without a driver on Windows says to run "hocba.cmd install" again', () => {
    const plan = (platform: NodeJS.Platform) =>
      planInstall({
        env: { USERPROFILE: 'C:\\Users\\gv', LOCALAPPDATA: 'C:\\Users\\gv\\AppData\\Local', HOME: work },
        platform,
        exists: () => false,
        run: () => ({ status: 1, stdout: '', stderr: '' }),
        launcher: { node: 'node', script: 'hocba.js' },
      });
    const windows = plan('win32')
      .warnings.map((w) => `${w.vi}\n${w.en}`)
      .join('\n');
    expect(windows).toContain('“hocba.cmd install”');
    expect(windows).not.toMatch(BARE_HOCBA);
    expect(
      plan('linux')
        .warnings.map((w) => w.en)
        .join('\n'),
    ).toContain('“hocba install” again');
  });
});

/**
 * A bundle as scripts/package.mjs lays it out: <root>/hocba(.cmd) beside <root>/app/. This
 * module is copied to app/dist/deploy/ there and loaded from it, so it finds its launcher as
 * it does on a school PC.
 */
function fakeBundle(root: string, launcher: 'hocba' | 'hocba.cmd') {
  const deploy = join(root, 'app', 'dist', 'deploy');
  mkdirSync(deploy, { recursive: true });
  copyFileSync(
    fileURLToPath(new URL('../../src/deploy/command-name.ts', import.meta.url)),
    join(deploy, 'command-name.ts'),
  );
  writeFileSync(join(root, launcher), '#!/bin/sh\n', { mode: 0o755 });
  return { appDir: join(root, 'app'), module: join(deploy, 'command-name.ts') };
}

describe('the hints name the installed launcher by its full path where it is not on PATH', () => {
  it('a doctor hint on Windows quotes the command in “ ”, the path inside in " " (typed as it is)', () => {
    const path = 'C:\\Users\\Nguyen Van A\\AppData\\Local\\Programs\\HocBaSo\\hocba.cmd';
    const command = formatHocbaCommand('win32', { launcher: path });
    const hint = finding('NOT_PAIRED', {}, 'win32', command).message;
    expect(hint.vi).toContain(`Chạy “"${path}" pair”`);
    expect(hint.en).toContain(`Run “"${path}" pair”`);
    const linux = finding(
      'MODULE_NOT_FOUND',
      {},
      'linux',
      formatHocbaCommand('linux', { launcher: '/opt/hb/hocba' }),
    );
    expect(linux.message.en).toContain('“/opt/hb/hocba install --module <path>”');
  });

  it('Windows: the full path of hocba.cmd, in double quotes when it has a space or a cmd special', () => {
    expect(formatHocbaCommand('win32', { launcher: 'C:\\HocBaSo\\hocba.cmd' })).toBe(
      'C:\\HocBaSo\\hocba.cmd',
    );
    expect(
      formatHocbaCommand('win32', {
        launcher: 'C:\\Users\\Nguyen Van A\\AppData\\Local\\Programs\\HocBaSo\\hocba.cmd',
      }),
    ).toBe('"C:\\Users\\Nguyen Van A\\AppData\\Local\\Programs\\HocBaSo\\hocba.cmd"');
    expect(formatHocbaCommand('win32', { launcher: 'D:\\Tin&Hoc\\hocba.cmd' })).toBe(
      '"D:\\Tin&Hoc\\hocba.cmd"',
    );
    // Even when it is on PATH: the installer never puts it there, and a full path always works.
    expect(formatHocbaCommand('win32', { launcher: 'C:\\HocBaSo\\hocba.cmd', onPath: true })).toBe(
      'C:\\HocBaSo\\hocba.cmd',
    );
    // Not run from a bundle (a checkout): the name.
    expect(formatHocbaCommand('win32', {})).toBe('hocba.cmd');
  });

  it('Linux/macOS: hocba when it is on PATH, else the full path, single-quoted for sh when needed', () => {
    expect(
      formatHocbaCommand('linux', { launcher: '/opt/hocba-companion-0.1.0-linux-x64/hocba', onPath: true }),
    ).toBe('hocba');
    expect(
      formatHocbaCommand('linux', { launcher: '/opt/hocba-companion-0.1.0-linux-x64/hocba', onPath: false }),
    ).toBe('/opt/hocba-companion-0.1.0-linux-x64/hocba');
    expect(formatHocbaCommand('darwin', { launcher: "/Users/cô Lan/Học bạ/it's/hocba" })).toBe(
      `'/Users/cô Lan/Học bạ/it'\\''s/hocba'`,
    );
    expect(formatHocbaCommand('linux', {})).toBe('hocba');
  });

  it('finds the launcher beside app/, and whether the first hocba on PATH is that one', () => {
    const root = join(work, 'bundle linux');
    const { appDir } = fakeBundle(root, 'hocba');
    const elsewhere = join(work, 'other-bin');
    mkdirSync(elsewhere, { recursive: true });
    writeFileSync(join(elsewhere, 'hocba'), '#!/bin/sh\n', { mode: 0o755 });
    const linked = join(work, 'bin');
    mkdirSync(linked, { recursive: true });
    symlinkSync(join(root, 'hocba'), join(linked, 'hocba'));

    expect(findLauncherPlace('linux', appDir, '/usr/bin')).toEqual({
      launcher: join(root, 'hocba'),
      onPath: false,
    });
    expect(findLauncherPlace('linux', appDir, `${linked}:/usr/bin`)).toEqual({
      launcher: join(root, 'hocba'),
      onPath: true,
    });
    // Another hocba earlier on PATH is not this one: the full path.
    expect(findLauncherPlace('linux', appDir, `${elsewhere}:${linked}`).onPath).toBe(false);
    // A checkout (companion/, not app/) or a bundle without its launcher: nothing found.
    expect(findLauncherPlace('linux', fileURLToPath(new URL('../..', import.meta.url)))).toEqual({});
    expect(findLauncherPlace('win32', appDir)).toEqual({});
  });

  it('a module loaded from a Windows bundle names its hocba.cmd; from a Linux one, its hocba', async () => {
    const win = fakeBundle(join(work, 'Program Files', 'HocBaSo'), 'hocba.cmd');
    const fromWindows = (await import(win.module)) as typeof import('../../src/deploy/command-name.js');
    expect(fromWindows.hocbaCommand('win32')).toBe(
      `"${join(work, 'Program Files', 'HocBaSo', 'hocba.cmd')}"`,
    );

    const linux = fakeBundle(join(work, 'opt', 'hocba-companion'), 'hocba');
    const fromLinux = (await import(linux.module)) as typeof import('../../src/deploy/command-name.js');
    expect(fromLinux.findLauncherPlace('linux').launcher).toBe(join(work, 'opt', 'hocba-companion', 'hocba'));
    expect(fromLinux.hocbaCommand('linux', fromLinux.findLauncherPlace('linux', undefined, ''))).toBe(
      join(work, 'opt', 'hocba-companion', 'hocba'),
    );
  });
});
