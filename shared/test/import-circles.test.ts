/**
 * No import circles in shared/src (type-only imports count: a circle of types still ties two
 * modules' designs together). The known ones are in shared/src/verify, whose owners were
 * changing those files when this test came; each goes by moving the shared type to a file of
 * its own (FieldInUpdate out of modifications/rules/form-fields.ts, VerdictLevel out of
 * verdict.ts). A circle anywhere else fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { circlesIn, importsOf } from './support/import-circles.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));

/** Known circles, by the paths their files may have (so a file added to one stays known). */
const KNOWN: string[][] = [['verify/modifications/rules/'], ['verify/report/index.ts', 'verify/verdict.ts']];
const isKnown = (circle: string[]) =>
  KNOWN.some((paths) =>
    circle.every((file) => paths.some((p) => file === p || (p.endsWith('/') && file.startsWith(p)))),
  );

describe('import circles in shared/src', () => {
  it('reads the imports, type-only and re-exports included (a check of the reader itself)', () => {
    const index = join(src, 'generator/index.ts');
    const imports = importsOf(index, readFileSync(index, 'utf8'));
    expect(imports).toContain(join(src, 'generator/defect-kinds.ts'));
    expect(imports).toContain(join(src, 'record/codes.ts'));
    // The circle search itself is checked in companion/test/unit/import-circles.test.ts.
  });

  it('finds no circle but the known ones in verify (generator/index ↔ cross-year is gone)', () => {
    const found = circlesIn(src);
    expect(found.filter((c) => !isKnown(c))).toEqual([]);
  });
});
