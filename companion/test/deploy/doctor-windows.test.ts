/**
 * The doctor on Windows: autostart is the Run value the installer writes (no install manifest
 * there), read with reg.exe. The real reg.exe answers in the Wine smoke test
 * (`npm run package -- --windows --check`); here its output as Windows prints it.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { autostartCheck } from '../../src/deploy/doctor/pc-checks.js';
import type { CommandRunner } from '../../src/deploy/install.js';

const config = loadConfig({ dataDir: 'C:\\Users\\gv\\AppData\\Local\\HocBa', port: 18127 }, {});

function reg(values: Record<string, string>): { run: CommandRunner; calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    run: (argv) => {
      calls.push([...argv]);
      const key = argv[2]!;
      const command = values[key.slice(0, 4)];
      if (!command)
        return {
          status: 1,
          stdout: '',
          stderr: 'ERROR: The system was unable to find the specified registry key or value.',
        };
      return {
        status: 0,
        stdout: `\r\n${key.replace(/^HKCU/, 'HKEY_CURRENT_USER').replace(/^HKLM/, 'HKEY_LOCAL_MACHINE')}\r\n    HocBaCompanion    REG_SZ    ${command}\r\n\r\n`,
        stderr: '',
      };
    },
  };
}

describe('hocba doctor on Windows: autostart', () => {
  it('the per-user Run value: ok, naming the windowless launcher', () => {
    const launcher = '"C:\\Users\\gv\\AppData\\Local\\Programs\\HocBaSo\\hocba-companion.exe"';
    const { run, calls } = reg({ HKCU: launcher });
    const result = autostartCheck(config, 'win32', run);
    expect(result.status).toBe('ok');
    expect(result.summary).toContain(launcher);
    expect(calls[0]).toEqual([
      'reg',
      'query',
      'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
      '/v',
      'HocBaCompanion',
    ]);
  });

  it('an all-users install (HKLM) counts too', () => {
    const { run } = reg({ HKLM: '"C:\\Program Files\\HocBaSo\\hocba-companion.exe"' });
    expect(autostartCheck(config, 'win32', run)).toMatchObject({ status: 'ok' });
  });

  it('no Run value: a warning that says to run the installer (not systemd advice)', () => {
    const { run } = reg({});
    const result = autostartCheck(config, 'win32', run);
    expect(result.status).toBe('warning');
    expect(result.findings.map((f) => f.code)).toEqual(['NOT_INSTALLED_WINDOWS']);
    expect(result.findings[0]?.message.vi).toContain('hocba-so-setup');
    expect(result.findings[0]?.message.vi).not.toContain('systemctl');
  });
});
