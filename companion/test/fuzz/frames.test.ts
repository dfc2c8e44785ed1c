/**
 * The companion-frames fuzz target's fixed-seed pass (long runs: `npm run fuzz -- --target
 * companion-frames`): malformed frames to a companion started here, over a paired socket.
 */
import { describe, expect, it } from 'vitest';
import { companionFramesTarget } from './frames.js';

describe('companion-frames fuzz target, fixed seeds', { timeout: 120_000 }, () => {
  it('400 malformed frames: each answered with its typed error, the connection kept', async () => {
    const c0 = process.cpuUsage();
    const ctx = await companionFramesTarget.setup({ small: true });
    const failures: string[] = [];
    try {
      for (let seed = 1; seed <= 400; seed++) {
        try {
          await companionFramesTarget.run(ctx, companionFramesTarget.input(ctx, seed));
        } catch (e) {
          failures.push(`seed ${seed}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        }
      }
      // Still serving: a valid request after them gets its answer.
      expect(await ctx.client.request({ type: 'logout', id: 'after' })).toMatchObject({
        type: 'logout.result',
      });
    } finally {
      await ctx.close();
    }
    expect(failures).toEqual([]);
    expect(ctx.sent).toBeGreaterThan(300);
    const u = process.cpuUsage(c0);
    console.log(
      `companion-frames: 400 frames (${ctx.sent} sent), ${((u.user + u.system) / 1000).toFixed(0)} ms of CPU`,
    );
  });
});
