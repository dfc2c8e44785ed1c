/**
 * README.md is a newcomer's first page: every folder its table names exists, every end-to-end
 * story is in its list, and it sends nobody outside the repository (a fresh clone has nothing
 * beside it).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');

describe('README.md', () => {
  it('names only folders that exist in its architecture table', () => {
    const rows = readme.split('\n').filter((l) => /^\| `[a-z]/.test(l) && l.split('|').length === 4);
    const folders = rows.flatMap((r) =>
      [...(r.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!),
    );
    expect(folders.length).toBeGreaterThan(20);
    for (const entry of folders) {
      // "companion/src/pairing`, `audit`…": later names are siblings of the first.
      const path = entry.includes('/') ? entry : undefined;
      if (path) expect(existsSync(`${root}${path}`), path).toBe(true);
    }
  });

  it('lists every end-to-end story', () => {
    const stories = readdirSync(`${root}test/e2e`)
      .filter((f) => f.endsWith('.e2e.test.ts'))
      .map((f) => f.replace('.e2e.test.ts', ''));
    expect(stories.length).toBeGreaterThan(10);
    for (const story of stories) expect(readme, story).toContain(`\`${story}\``);
  });

  it('points at no path outside the repository', () => {
    expect(readme).not.toMatch(/`\.\.\/|\(\.\.\//);
  });
});
