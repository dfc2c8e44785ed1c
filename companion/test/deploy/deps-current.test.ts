/**
 * scripts/deps-current.mjs, which decides whether `npm test` / `npm run demo` run `npm ci`:
 * by the lockfile's content against what npm recorded in node_modules, never by dates.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../scripts/deps-current.mjs', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const lock = {
  '': { name: 'hocba-so', workspaces: ['shared'] },
  shared: { name: '@hocba/shared' },
  'node_modules/@hocba/shared': { resolved: 'shared', link: true },
  'node_modules/zod': { version: '4.1.0', resolved: 'https://registry.npmjs.org/zod/-/zod-4.1.0.tgz' },
  'node_modules/@esbuild/win32-x64': { version: '0.25.0', optional: true },
};
const { '': _root, 'node_modules/@esbuild/win32-x64': _other, ...installedHere } = lock;

function current(wanted: object, installed: object | undefined): number | null {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-deps-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: wanted }));
  if (installed) {
    mkdirSync(join(dir, 'node_modules'));
    const hidden = join(dir, 'node_modules/.package-lock.json');
    writeFileSync(hidden, JSON.stringify({ lockfileVersion: 3, packages: installed }));
    // The lockfile newer than node_modules, as after a checkout: dates do not matter.
    utimesSync(hidden, new Date(2020, 0, 1), new Date(2020, 0, 1));
  }
  return spawnSync('node', [script], { cwd: dir }).status;
}

describe('scripts/deps-current.mjs', () => {
  it('up to date: the same packages (another platform’s optional ones absent), whatever the dates', () => {
    expect(current(lock, installedHere)).toBe(0);
  });

  it('out of date: another version, a package missing or left over, or nothing installed', () => {
    const zod = { ...lock['node_modules/zod'], version: '4.2.0' };
    expect(current({ ...lock, 'node_modules/zod': zod }, installedHere)).toBe(1);
    expect(current({ ...lock, 'node_modules/fflate': { version: '0.8.2' } }, installedHere)).toBe(1);
    expect(current(lock, { ...installedHere, 'node_modules/left-pad': { version: '1.3.0' } })).toBe(1);
    expect(current(lock, undefined)).toBe(1);
  });
});
