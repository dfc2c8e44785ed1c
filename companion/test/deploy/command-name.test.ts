/**
 * The doctor's (and install's) hints name the command as the user types it: `hocba.cmd
 * install` at a Windows prompt (the bundle's shim, scripts/windows/launchers.mjs), `hocba
 * install` elsewhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
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
    expect(finding('MODULE_NOT_FOUND', {}, 'linux').message.vi).toContain('"hocba install --module');
    expect(finding('NOT_PAIRED', {}, 'linux').message.en).toContain('"hocba pair"');
    expect(finding('LOG_ERRORS', { count: 3 }, 'linux').message.en).toContain('"hocba logs --errors"');
    expect(finding('NOT_INSTALLED_WINDOWS', {}, 'win32').message.vi).toContain('"hocba.cmd install"');
    expect(finding('MODULE_NOT_FOUND', {}, 'win32').message.en).toContain(
      '"hocba.cmd install --module <path>"',
    );
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
    const config = loadConfig(
      { dataDir, port: 1, module: join(work, 'no-such-driver.dll'), configPath: join(work, 'config.json') },
      {},
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
    expect(windows).toContain('"hocba.cmd install"');
    expect(windows).not.toMatch(BARE_HOCBA);
    expect(
      plan('linux')
        .warnings.map((w) => w.en)
        .join('\n'),
    ).toContain('"hocba install" again');
  });
});
