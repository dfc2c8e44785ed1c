/**
 * No import circles in the companion's sources: every import counts, `import type` and a
 * dynamic import() too, since a circle of types still ties two modules' designs together.
 * The circles listed below are known and owned by other work; a new one fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { circles, circlesIn, importsOf } from '../../../shared/test/support/import-circles.js';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

/** Known circles, to be removed by their owners (each the sorted list of its files): none left. */
const KNOWN: string[][] = [];

describe('import circles in companion/src', () => {
  const found = circlesIn(src);

  it('reads the imports (a sanity check of the reader itself)', () => {
    const main = importsOf(join(src, 'cli/main.ts'), readFileSync(join(src, 'cli/main.ts'), 'utf8'));
    expect(main).toContain(join(src, 'cli/command.ts'));
    expect(main).toContain(join(src, 'cli/commands/verify.ts'));
    expect(
      circles(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual([['b', 'a']]);
  });

  it('finds no circle but the known ones (cli ↔ commands, pkcs11 module ↔ signer are gone)', () => {
    const known = new Set(KNOWN.map((c) => c.join(' ')));
    expect(found.filter((c) => !known.has(c.join(' ')))).toEqual([]);
  });
});
