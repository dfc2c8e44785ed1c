/**
 * The last-resort handler: an uncaught exception or rejection is logged and the process
 * keeps serving. Runs a real Node child (vitest owns this process's handlers).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/log/index.js';
import { installLastResort } from '../../src/server/last-resort.js';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

describe('installLastResort', () => {
  it('keeps a process alive through a throw and a rejection, and logs both', () => {
    const script = `
      import { installLastResort } from ${JSON.stringify(`${dist}server/last-resort.js`)};
      const lines = [];
      const log = { error: (m, f) => lines.push(m + ' ' + f.kind + ' ' + f.error) };
      installLastResort(log);
      setTimeout(() => { throw new RangeError('Maximum call stack size exceeded'); }, 1);
      setTimeout(() => { Promise.reject(new Error('queue')); }, 5);
      setTimeout(() => { console.log(JSON.stringify({ alive: true, lines })); }, 50);
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout.trim()) as { alive: boolean; lines: string[] };
    expect(out.alive).toBe(true);
    expect(out.lines).toEqual([
      'uncaught error; the companion keeps serving uncaughtException RangeError: Maximum call stack size exceeded',
      'uncaught error; the companion keeps serving unhandledRejection Error: queue',
    ]);
  });

  it('logs a storm in a bounded way: ten in full per minute, then a count', () => {
    const log = memoryLogger();
    let t = 0;
    // Drive the listener directly, uninstalled at once: the test runner's handlers stay in charge.
    const again = installLastResort(log, () => t);
    const listener = process.listeners('uncaughtException').at(-1)!;
    again.uninstall();
    for (let i = 0; i < 1000; i++) listener(new Error(`bug ${i}`), 'uncaughtException');
    t = 61_000;
    listener(new Error('later'), 'uncaughtException');
    expect(again.caught).toBe(1001);
    expect(log.lines.filter((l) => l.includes('keeps serving'))).toHaveLength(11);
    expect(log.lines.some((l) => l.includes('not logged in full') && l.includes('990'))).toBe(true);
  });
});
