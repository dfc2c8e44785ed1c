/**
 * `hocba` loads a command's modules only when that command is chosen: the help and
 * --version load none of them, and a command loads only the libraries it needs. The table's
 * summaries are the commands' own, so the help cannot drift from them.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandTable } from '../../src/cli/main.js';

const hocba = fileURLToPath(new URL('../../bin/hocba.js', import.meta.url));

// A module hook in the child process that prints every module URL it loads to stderr.
const hooks = `export async function load(url, context, next) {
  process._rawDebug('LOADED ' + url);
  return next(url, context);
}`;
const register = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;

/** The modules `hocba ARGS` loads (ESM and the entry files of CommonJS packages). */
function modulesLoadedBy(args: string[]): string[] {
  const result = spawnSync(
    'node',
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, hocba, ...args],
    { encoding: 'utf8', timeout: 60_000 },
  );
  return result.stderr
    .split('\n')
    .filter((line) => line.startsWith('LOADED '))
    .map((line) => line.slice('LOADED '.length));
}

const heavy = ['zod', 'pdf-lib', '@pdf-lib/fontkit', 'node-forge', 'pkcs11js', 'ws', 'fflate'];
const packagesIn = (urls: string[]) =>
  heavy.filter((name) => urls.some((url) => url.includes(`/node_modules/${name}/`)));

describe('hocba start-up', () => {
  it('the table lists every command once, with the summary its module declares', async () => {
    const names = commandTable.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of commandTable) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary).toEqual(entry.summary);
    }
  });

  it('--version and --help load no command module and no library', () => {
    for (const args of [['--version'], ['--help']]) {
      const loaded = modulesLoadedBy(args);
      expect(loaded.some((url) => url.endsWith('/cli/main.js'))).toBe(true);
      expect(loaded.filter((url) => url.includes('/cli/commands/'))).toEqual([]);
      expect(packagesIn(loaded)).toEqual([]);
    }
  });

  it('check loads its own module, the option parser, and no PDF, CMS, PKCS#11 or WebSocket library', () => {
    const loaded = modulesLoadedBy(['check', '--json', fileURLToPath(import.meta.url)]);
    expect(loaded.filter((url) => url.includes('/cli/commands/')).map((u) => u.replace(/.*\//, ''))).toEqual([
      'check.js',
      'args.js',
    ]);
    // The parser every command loads brings nothing of the project with it (no configuration).
    expect(loaded.filter((url) => url.includes('/companion/dist/config/'))).toEqual([]);
    expect(packagesIn(loaded)).toEqual(['zod']);
  });

  it('logs reads the log without the signing stack (PDF, CMS, PKCS#11, WebSocket)', () => {
    const loaded = modulesLoadedBy(['logs', '--data-dir', fileURLToPath(new URL('.', import.meta.url))]);
    expect(packagesIn(loaded).filter((name) => name !== 'zod')).toEqual([]);
  });
});
