/**
 * The fixed-seed pass of the second round's shared targets (xref, timestamp, ocsp): each well
 * under 3 s of CPU, so a regression in the cross-reference reader or the time-stamp and OCSP
 * steps fails in the unit tests. Also the fuzzers' own generators: a hang there was reported
 * as a hang of the verifier and did not replay (the bytes, once made, verify in milliseconds).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { filters } from './mutate-bytes.js';
import { mutateXref } from './mutate-xref.js';
import { rand } from './random.js';
import type { FuzzTarget } from './targets.js';
import { ocspTarget, timestampTarget } from './token-targets.js';
import { xrefTarget } from './xref-target.js';

async function pass<C>(target: FuzzTarget<C>, count: number): Promise<{ failures: string[]; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const ctx = await target.setup({ small: true });
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
  const used = process.cpuUsage(c0);
  return { failures, cpuMs: (used.user + used.system) / 1000 };
}

const cpuMs = (f: () => void): number => {
  const c0 = process.cpuUsage();
  f();
  const u = process.cpuUsage(c0);
  return (u.user + u.system) / 1000;
};

describe('fuzz, second round: short deterministic pass (fixed seeds)', { timeout: 120_000 }, () => {
  it('xref tables and streams, /Prev chains, object streams: 40 inputs', async () => {
    const { failures, cpuMs } = await pass(xrefTarget, 40);
    expect(failures).toEqual([]);
    console.log(`xref: 40 inputs, ${cpuMs.toFixed(0)} ms of CPU`);
  });

  it('time-stamp tokens in signed files: 120 inputs', async () => {
    const { failures, cpuMs } = await pass(timestampTarget, 120);
    expect(failures).toEqual([]);
    console.log(`timestamp: 120 inputs, ${cpuMs.toFixed(0)} ms of CPU`);
  });

  it('OCSP responses: 400 inputs', async () => {
    const { failures, cpuMs } = await pass(ocspTarget, 400);
    expect(failures).toEqual([]);
    console.log(`ocsp: 400 inputs, ${cpuMs.toFixed(0)} ms of CPU`);
  });
});

describe("the fuzzers' own generators stay linear", () => {
  // A `deep` mutation leaves a run of 100,000 digits (`<000…>`); the filters mutation then
  // looked for `\d+ \d+ obj`, backtracking over the run from each of its digits: tens of
  // seconds of CPU, reported as a hang of the verifier (seed 9009512 of session 9's pdf run).
  const run = new TextEncoder().encode(
    `%PDF-1.7\n1 0 obj\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj\n<${'0'.repeat(100_000)}>\n`,
  );

  it('the filter-chain mutation on a file with a long run of digits', () => {
    const ms = cpuMs(() => {
      for (let seed = 1; seed <= 20; seed++) filters(run, rand(seed), run);
    });
    expect(ms).toBeLessThan(2_000);
  });

  it('an xref stream a first mutation left with /W [0 0 0] (the loop over its rows never ended)', () => {
    // Session 9's xref run, seed 9106976: the second mutation decoded rows of width 0 until
    // the worker's heap ran out.
    const src = readFileSync(
      new URL('../verify/fixtures/interop/qpdf-objstm-signed.pdf', import.meta.url),
      'latin1',
    );
    const zero = new Uint8Array(
      Buffer.from(
        src.replace(/\/W\s*\[[^\]]*\]/, (w) => '/W [0 0 0]'.padEnd(w.length, ' ')),
        'latin1',
      ),
    );
    const ms = cpuMs(() => {
      for (let seed = 1; seed <= 40; seed++) mutateXref(zero, rand(seed));
    });
    expect(ms).toBeLessThan(2_000);
  });

  it('the xref mutations on the same file', () => {
    const ms = cpuMs(() => {
      for (let seed = 1; seed <= 20; seed++) mutateXref(run, rand(seed));
    });
    expect(ms).toBeLessThan(2_000);
  });
});
