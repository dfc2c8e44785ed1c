/**
 * One exit-code rule for every `hocba` command: `hocba --help` says it, and docs/install.md
 * has a row for each command in main's table (a new command without one fails here).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commandTable, EXIT_CODES, main } from '../../src/cli/main.js';

const installDoc = readFileSync(new URL('../../../docs/install.md', import.meta.url), 'utf8');
const table = installDoc.slice(
  installDoc.indexOf('#### Mã thoát của `hocba`'),
  installDoc.indexOf('## English'),
);

describe('hocba exit codes', () => {
  afterEach(() => vi.restoreAllMocks());

  it('hocba --help states the rule', async () => {
    const out = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await main(['--help'])).toBe(0);
    expect(out.mock.calls.join('\n')).toContain(EXIT_CODES);
    expect(EXIT_CODES).toMatch(/^mã thoát \/ exit: 0 .*, 1 .*, 2 /);
  });

  it.each(commandTable.map((c) => c.name))('docs/install.md has a row for %s', (name) => {
    expect(table).toMatch(new RegExp(`^\\| [^|]*\`${name}\``, 'm'));
  });
});
