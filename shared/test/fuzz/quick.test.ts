/**
 * The fuzzers' short deterministic pass for CI: each target (targets.ts) on a fixed run of
 * seeds, so a regression in any parser of outside input fails here. The long runs, with time
 * and memory limits per input, are `npm run fuzz` (scripts/fuzz/run.mjs).
 */
import { describe, expect, it } from 'vitest';
import {
  derTarget,
  type FuzzTarget,
  pdfTarget,
  protocolTarget,
  recordTarget,
  signedBytesTarget,
} from './targets.js';

/** Seeds 1..count of a target; every broken contract is collected, with the seed that replays it. */
async function pass<C>(target: FuzzTarget<C>, ctx: C, count: number): Promise<string[]> {
  const failures: string[] = [];
  for (let seed = 1; seed <= count; seed++) {
    try {
      await target.run(ctx, target.input(ctx, seed));
    } catch (e) {
      failures.push(
        `seed ${seed} (npm run fuzz -- --target ${target.name} --replay ${seed}): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      );
    }
  }
  return failures;
}

// Each about 1-4 s of CPU (under 15 s together with the regressions); the timeouts allow for a
// loaded machine (the PDF pass took 44 s of wall time at a load of 20 on 2 cores).
describe('fuzz, short deterministic pass (fixed seeds)', { timeout: 120_000 }, () => {
  it('DER, certificates, CMS, time-stamp tokens, CRLs: 1500 inputs', async () => {
    const ctx = await derTarget.setup({ small: true });
    expect(await pass(derTarget, ctx, 1500)).toEqual([]);
  });

  it('protocol frames: 200 inputs', async () => {
    const ctx = await protocolTarget.setup({ small: true });
    expect(await pass(protocolTarget, ctx, 200)).toEqual([]);
  });

  it('records and the Thông tư 27 checks: 120 inputs', async () => {
    const ctx = await recordTarget.setup({ small: true });
    expect(await pass(recordTarget, ctx, 120)).toEqual([]);
  });

  it('verifier on whole PDFs: 120 mutations, 40 with signed bytes changed (never valid)', async () => {
    const ctx = await pdfTarget.setup({ small: true });
    expect(ctx.files.filter((f) => f.verdict === 'valid').length).toBeGreaterThan(3);
    expect(await pass(pdfTarget, ctx, 120)).toEqual([]);
    expect(await pass(signedBytesTarget, ctx, 40)).toEqual([]);
  });
});
