/**
 * One word for pairing: the extension says "ghép nối", so do the CLI, its help, the docs,
 * the installer's Start menu and the errors (a technician following the docs types and reads
 * the same word everywhere). Scanned NFC, case-folded, so an NFD "ghép đôi" is caught too.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const OLD = 'ghép đôi';
const PLACES = [
  'companion/src',
  'shared/src',
  'extension/src',
  'extension/public/_locales',
  'docs',
  'scripts',
];
const FILES = ['README.md', 'extension/managed-schema.json', 'companion/package.json'];

function walk(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) =>
    name === 'node_modules' || name === 'dist' ? [] : walk(join(path, name)),
  );
}

describe('"ghép nối", never "ghép đôi"', () => {
  it('in sources, locales, docs and scripts (only the legacy Start menu name the installer removes)', () => {
    const found: string[] = [];
    for (const file of [...PLACES.flatMap((p) => walk(join(root, p))), ...FILES.map((f) => join(root, f))]) {
      if (!/\.(ts|tsx|mjs|js|json|md|txt|html)$/.test(file)) continue;
      // Lines joined: Markdown wraps "ghép" and "đôi" onto two lines.
      const text = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !line.includes('LEGACY_SHORTCUTS'))
        .join(' ')
        .normalize('NFC')
        .toLocaleLowerCase('vi')
        .replace(/\s+/g, ' ');
      const at = text.indexOf(OLD);
      if (at >= 0)
        found.push(`${file.slice(root.length + 1)}: …${text.slice(Math.max(0, at - 40), at + 40)}…`);
    }
    expect(found).toEqual([]);
  });

  it('in what the CLI prints: the help of pair and policy', () => {
    const bin = join(root, 'companion/bin/hocba.js');
    for (const command of [['--help'], ['pair', '--help'], ['policy', '--help']]) {
      const out = spawnSync('node', [bin, ...command], { encoding: 'utf8' });
      const text = `${out.stdout}${out.stderr}`.toLocaleLowerCase('vi');
      expect(text, command.join(' ')).not.toContain(OLD);
      if (command[0] !== '--help') expect(text, command.join(' ')).toContain('ghép nối');
    }
  });
});
