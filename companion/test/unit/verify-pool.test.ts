/**
 * `hocba verify`'s dealing of files (verify-pool.ts): how many worker threads, reports handed
 * on in input order whatever order they finish in, and never more than a window of finished
 * reports waiting for a slow one (memory flat however many files).
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../shared/test/verify/helpers.js';
import { unreadable } from '../../src/cli/commands/verify-file.js';
import type { RenderedReport } from '../../src/cli/commands/verify-output.js';
import {
  busyCores,
  type Lane,
  localLane,
  verifyFiles,
  workerCount,
} from '../../src/cli/commands/verify-pool.js';

const rendered = (entry: string): RenderedReport => ({ entry, valid: true, identity: null });

/** A lane whose files finish after `delay(path)` ms; records the most it ever had in flight. */
function fakeLane(
  capacity: number,
  delay: (path: string) => number,
  seen: { max: number; started: string[] },
): Lane {
  const lane: Lane = {
    capacity,
    outstanding: 0,
    verify(path) {
      seen.started.push(path);
      seen.max = Math.max(seen.max, lane.outstanding);
      return new Promise((resolve) => setTimeout(() => resolve(rendered(path)), delay(path)));
    },
    close: async () => {},
  };
  return lane;
}

describe('verify pool', () => {
  it('no worker threads for one file or a few; one per core beside the main thread for many', () => {
    expect(workerCount(1, 2)).toBe(0);
    expect(workerCount(95, 2)).toBe(0);
    expect(workerCount(96, 2)).toBe(1);
    expect(workerCount(1000, 2)).toBe(1);
    expect(workerCount(1000, 8)).toBe(7);
    expect(workerCount(1000, 1)).toBe(0);
    expect(workerCount(200, 8)).toBe(3);
  });

  it('workers only on idle cores: none on a busy machine, fewer on a half-busy one', () => {
    expect(workerCount(1000, 2, 0.3)).toBe(1);
    expect(workerCount(1000, 2, 0.6)).toBe(0);
    expect(workerCount(1000, 2, 7)).toBe(0);
    expect(workerCount(1000, 8, 3)).toBe(4);
    expect(workerCount(1000, 8, 7.6)).toBe(0);
    expect(workerCount(1000, 8, 6.4)).toBe(1);
    expect(workerCount(100, 8, 0)).toBe(1);
    // A load the system cannot have (negative) counts as none.
    expect(workerCount(1000, 2, -1)).toBe(1);
  });

  it('busy cores measured over the watch, this process (one busy thread) left out', () => {
    const from = { idle: 10_000, total: 40_000 };
    // 2 cores for 200 ms: all idle but the core this process used.
    expect(busyCores(from, { idle: 10_200, total: 40_400 }, 2)).toBe(0);
    // Another program kept the second core busy too.
    expect(busyCores(from, { idle: 10_000, total: 40_400 }, 2)).toBe(1);
    // 8 cores, 3 idle: 4 busy besides this process.
    expect(busyCores(from, { idle: 10_300, total: 40_800 }, 8)).toBe(4);
    // No time passed, or no CPU times at all (some containers): unknown, not "idle".
    expect(busyCores(from, from, 2)).toBeUndefined();
    expect(busyCores({ idle: 0, total: 0 }, { idle: 0, total: 0 }, 2)).toBeUndefined();
  });

  it('lanes that join later (workers started once cores are seen idle) take their share, in order', async () => {
    const files = Array.from({ length: 60 }, (_, i) => `f${i}`);
    const a = { max: 0, started: [] as string[] };
    const b = { max: 0, started: [] as string[] };
    let undealtAtJoin = -1;
    const out: string[] = [];
    await verifyFiles(
      files,
      [fakeLane(1, () => 2, a)],
      (i, r) => {
        expect(r.entry).toBe(files[i]);
        out.push(r.entry);
      },
      async (undealt) => {
        await new Promise((r) => setTimeout(r, 15));
        undealtAtJoin = undealt();
        return [fakeLane(4, () => 1, b)];
      },
    );
    expect(out).toEqual(files);
    expect(undealtAtJoin).toBeGreaterThan(0);
    expect(undealtAtJoin).toBeLessThan(60);
    expect(b.started.length).toBeGreaterThan(undealtAtJoin / 2);
    expect([...a.started, ...b.started].sort()).toEqual([...files].sort());
  });

  it("the main thread's lane lets the event loop turn between two files (workers' reports, their next files)", async () => {
    const dir = tempDir();
    const files = ['a', 'b', 'c', 'd'].map((n) => join(dir, `${n}.pdf`));
    for (const f of files) writeFileSync(f, 'x');
    const log: string[] = [];
    // A verification that never yields, as with node:crypto.
    const lane = localLane(async () => {
      log.push('file');
      return unreadable('test');
    }, true);
    let running = true;
    const turn = () =>
      setImmediate(() => {
        log.push('turn');
        if (running) turn();
      });
    turn();
    await verifyFiles(files, [lane], () => {});
    running = false;
    const between = log.slice(log.indexOf('file'), log.lastIndexOf('file') + 1);
    expect(between.filter((x) => x === 'file')).toHaveLength(4);
    // A turn of the event loop between every two files.
    expect(between.join(' ')).not.toContain('file file');
  });

  it('hands reports on in input order, however they finish, with each lane bounded', async () => {
    const files = Array.from({ length: 40 }, (_, i) => `f${i}`);
    const a = { max: 0, started: [] as string[] };
    const b = { max: 0, started: [] as string[] };
    // Even files slow, odd files fast: they finish out of order.
    const lanes = [fakeLane(3, (p) => (Number(p.slice(1)) % 2 ? 1 : 8), a), fakeLane(2, () => 2, b)];
    const out: string[] = [];
    await verifyFiles(files, lanes, (i, r) => {
      expect(r.entry).toBe(files[i]);
      out.push(r.entry);
    });
    expect(out).toEqual(files);
    // In flight, this file included: never past the lane's capacity.
    expect([a.max, b.max]).toEqual([3, 2]);
    expect([...a.started, ...b.started].sort()).toEqual([...files].sort());
  });

  it('a slow first file holds at most a window of finished reports, then the rest waits', async () => {
    const files = Array.from({ length: 200 }, (_, i) => `f${i}`);
    let release: () => void = () => {};
    const first = new Promise<void>((r) => {
      release = r;
    });
    let started = 0;
    const lane: Lane = {
      capacity: 1000,
      outstanding: 0,
      async verify(path) {
        started++;
        if (path === 'f0') await first;
        return rendered(path);
      },
      close: async () => {},
    };
    const done = verifyFiles(files, [lane], () => {});
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toBe(64); // the window: nothing more is read while f0 runs
    release();
    await done;
    expect(started).toBe(200);
  });
});
