/**
 * A command that fails in a way nobody typed (our bug, not the user's): `hocba` says so in
 * Vietnamese then English, with the error's own words and what to send to support, exit 1,
 * and no stack trace unless HOCBA_DEBUG asks for one.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandEntry } from '../../src/cli/command.js';
import { commandTable, main } from '../../src/cli/main.js';

/** The table is read-only to the program; the test adds a command that fails as a bug would. */
const table = commandTable as CommandEntry[];

const boom: CommandEntry = {
  name: 'thu-loi',
  summary: { vi: 'thử lỗi', en: 'test failure' },
  load: async () => ({
    name: 'thu-loi',
    summary: { vi: 'thử lỗi', en: 'test failure' },
    run: async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'map')");
    },
  }),
};

afterEach(() => {
  const at = table.indexOf(boom);
  if (at >= 0) table.splice(at, 1);
  vi.restoreAllMocks();
  delete process.env.HOCBA_DEBUG;
});

describe('hocba: an unexpected error', () => {
  it('is said in both languages with the way on, exit 1, no stack trace', async () => {
    table.push(boom);
    const lines: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args) => void lines.push(args));
    expect(await main(['thu-loi'])).toBe(1);
    const text = lines.map((l) => l.map(String).join(' ')).join('\n');
    expect(text).toContain('Lỗi không mong đợi khi chạy “hocba thu-loi”');
    expect(text).toContain('Unexpected error in “hocba thu-loi”');
    expect(text.indexOf('Lỗi không mong đợi')).toBeLessThan(text.indexOf('Unexpected error'));
    expect(text).toContain("reading 'map'");
    expect(text).toContain('(INTERNAL_ERROR)');
    expect(text).not.toMatch(/\n\s+at /);
  });
});
