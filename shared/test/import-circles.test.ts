/**
 * No import circles in shared/src (type-only imports count: a circle of types still ties two
 * modules' designs together). The last two went in session 9, each by moving the shared type
 * to a file of its own (FieldInUpdate to modifications/rules/field-in-update.ts, VerdictLevel
 * to report/verdict-level.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { circlesIn, importsOf } from './support/import-circles.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));

describe('import circles in shared/src', () => {
  it('reads the imports, type-only and re-exports included (a check of the reader itself)', () => {
    const index = join(src, 'generator/index.ts');
    const imports = importsOf(index, readFileSync(index, 'utf8'));
    expect(imports).toContain(join(src, 'generator/defect-kinds.ts'));
    expect(imports).toContain(join(src, 'record/codes.ts'));
    // The circle search itself is checked in companion/test/unit/import-circles.test.ts.
  });

  it('finds no circle (generator/index ↔ cross-year, form-fields ↔ its field rules and verdict ↔ report are gone)', () => {
    expect(circlesIn(src)).toEqual([]);
  });
});
