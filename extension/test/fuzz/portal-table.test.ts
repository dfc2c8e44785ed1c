/**
 * The portal-table fuzz target's fixed-seed pass (the long runs: `npm run fuzz -- --target
 * portal-table`), and what it found: header cells whose colspan/rowspan a hostile page sets
 * to a browser's maximum (1000 × 65534) made the reader's header grid take minutes of CPU.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { headerGrid } from '../../src/content/read-table.js';
import { domWindow, portalTableTarget } from './portal-table.js';

const cpuMs = (c0: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(c0);
  return (u.user + u.system) / 1000;
};

const g = globalThis as Record<string, unknown>;
const saved = {
  document: g.document,
  HTMLSelectElement: g.HTMLSelectElement,
  HTMLInputElement: g.HTMLInputElement,
};
afterAll(() => Object.assign(g, saved));

describe('portal-table fuzz target, fixed seeds', { timeout: 120_000 }, () => {
  it('40 hostile portal pages: the reader and the check answer each, never throw', async () => {
    const c0 = process.cpuUsage();
    const ctx = await portalTableTarget.setup({ small: true });
    const failures: string[] = [];
    for (let seed = 1000; seed < 1040; seed++) {
      try {
        await portalTableTarget.run(ctx, portalTableTarget.input(ctx, seed));
      } catch (e) {
        failures.push(`seed ${seed}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      }
    }
    expect(failures).toEqual([]);
    // Most pages still hold a table the reader takes for a class: the damage reaches its rows.
    expect(ctx.stats.read).toBeGreaterThan(ctx.stats.pages / 3);
    console.log(
      `portal-table: 40 pages (${ctx.stats.read} read, ${ctx.stats.rows} rows), ${cpuMs(c0).toFixed(0)} ms of CPU`,
    );
  });
});

describe('the header grid of a hostile table', () => {
  const table = (head: string) => {
    const window = domWindow();
    window.document.body.innerHTML = `<table><thead>${head}</thead><tbody></tbody></table>`;
    return window.document.querySelector('table') as unknown as HTMLTableElement;
  };

  it('cells spanning 1000 columns and 65534 rows: bounded, in well under a second', () => {
    const huge = '<th colspan="1000" rowspan="65534">x</th>'.repeat(30);
    const t = table(`<tr>${huge}</tr><tr>${huge}</tr><tr><th>y</th></tr>`);
    const c0 = process.cpuUsage();
    const grid = headerGrid(t);
    expect(cpuMs(c0)).toBeLessThan(1_000);
    expect(grid.length).toBeLessThanOrEqual(1000);
    expect(grid[0]).toEqual(['x', 'x', 'x']);
  });

  it('a portal header reads as before: rowspan, colspan, (Mức, Điểm) under each subject', () => {
    const t = table(
      '<tr><th rowspan="2">Họ và tên</th><th colspan="2">Toán</th><th colspan="2.5">Tiếng Việt</th><th rowspan="2">Đánh giá</th></tr><tr><th>Mức</th><th>Điểm</th><th>Mức</th><th>Điểm</th></tr>',
    );
    expect(headerGrid(t)).toEqual([
      ['Họ và tên', 'Họ và tên'],
      ['Toán', 'Mức'],
      ['Toán', 'Điểm'],
      ['Tiếng Việt', 'Mức'],
      ['Tiếng Việt', 'Điểm'],
      ['Đánh giá', 'Đánh giá'],
    ]);
  });
});
