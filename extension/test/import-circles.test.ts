/**
 * No import circles in extension/src (components and type-only imports included): the
 * verify page's cards, controls and page items are files of their own that the page
 * imports, never the other way round.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { circlesIn, sources } from '../../shared/test/support/import-circles.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));

describe('import circles in extension/src', () => {
  it('reads the components too (a check of the reader itself)', () => {
    expect(sources(src).filter((f) => f.endsWith('.tsx')).length).toBeGreaterThan(10);
  });

  it('finds no circle', () => {
    expect(circlesIn(src)).toEqual([]);
  });
});
