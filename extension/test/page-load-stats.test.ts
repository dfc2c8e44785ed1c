/**
 * The statistics behind the page-load bench (test/bench/helpers/paired-stats.mjs): the
 * intervals must match the exact tables, and a ratio goal is `met` only when the whole
 * interval is within it.
 */
import { describe, expect, it } from 'vitest';
import {
  blockedRatio,
  geometricMeans,
  hodgesLehmann,
  judge,
  medianWithInterval,
  pairedRatio,
  resolves,
  walshAverages,
} from '../../test/bench/helpers/paired-stats.mjs';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('paired statistics for the page-load bench', () => {
  it('Walsh averages: n(n+1)/2 of them, sorted', () => {
    expect(walshAverages([1, 3])).toEqual([1, 2, 3]);
    expect(walshAverages(range(20))).toHaveLength(210);
  });

  it('Hodges–Lehmann: the centre of symmetric data, and the Wilcoxon table interval for n = 20', () => {
    const hl = hodgesLehmann(range(20));
    expect(hl.estimate).toBe(10.5);
    const w = walshAverages(range(20));
    // Exact tables, n = 20, two-sided 5 %: T ≤ 52 rejects, so W_(53)..W_(158).
    expect(hl.low).toBe(w[52]);
    expect(hl.high).toBe(w[157]);
    // One wild value moves the median of Walsh averages little, the mean a lot.
    const wild = [...range(19), 10_000];
    expect(hodgesLehmann(wild).estimate).toBeLessThan(11.5);
  });

  it('sign-test interval: x_(6)..x_(15) for n = 20, the extremes below 6 values', () => {
    const m = medianWithInterval(range(20).reverse());
    expect(m).toEqual({ estimate: 10.5, low: 6, high: 15 });
    expect(medianWithInterval([3, 1, 2])).toEqual({ estimate: 2, low: 1, high: 3 });
  });

  it('paired ratios: per pair, in logs; pairs with a missing side left out', () => {
    const a = [110, 220, 330, Number.NaN, 440];
    const b = [100, 200, 300, 100, 400];
    const r = pairedRatio(a, b);
    expect(r.pairs).toBe(4);
    expect(r.hl.estimate).toBeCloseTo(1.1, 10);
    expect(r.median.estimate).toBeCloseTo(1.1, 10);
  });

  it('A/A with noise comes out near 1.00 and its interval covers 1', () => {
    // Deterministic pseudo-random heavy-tailed noise on both sides.
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const load = () => 150 * Math.exp(0.2 * (rnd() - 0.5)) * (rnd() < 0.1 ? 2.5 : 1);
    const a = range(60).map(load);
    const b = range(60).map(load);
    const r = pairedRatio(a, b);
    expect(r.hl.low).toBeLessThan(1);
    expect(r.hl.high).toBeGreaterThan(1);
    expect(Math.abs(r.hl.estimate - 1)).toBeLessThan(0.05);
  });

  it('blocked ratios: one estimate per block, the interval over blocks', () => {
    // Three blocks whose pairs read 1.1, 1.2 and 1.3 exactly: 30 pairs but 3 draws.
    const block = range(30).map((i) => (i - 1) % 3);
    const b = range(30).map(() => 100);
    const a = block.map((k) => 100 * ([1.1, 1.2, 1.3][k] ?? 1));
    const r = blockedRatio(a, b, block);
    expect(r.blocks).toBe(3);
    expect(r.pairs).toBe(30);
    expect(r.perBlock.map((x) => Number(x.toFixed(6)))).toEqual([1.1, 1.2, 1.3]);
    // Pooled, 30 pairs would give a narrow interval; three blocks cannot exclude anything.
    expect(r.hl.low).toBeCloseTo(1.1, 10);
    expect(r.hl.high).toBeCloseTo(1.3, 10);
    // A missing side drops the pair; a block with no pair left drops out.
    const partial = blockedRatio([110, Number.NaN, 120], [100, 100, 100], [0, 1, 2]);
    expect(partial.blocks).toBe(2);
  });

  it('a baseline measured twice a round: geometric means, a missing side missing; a narrower interval than one side', () => {
    expect(geometricMeans([100, 4, Number.NaN, 0], [400, 9, 5, 5]).map((x) => Number(x.toFixed(6)))).toEqual([
      200,
      6,
      Number.NaN,
      Number.NaN,
    ]);
    // Same seeded noise on three sides: against the mean of two baselines the interval narrows.
    let seed = 11;
    const rnd = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const load = () => 120 * Math.exp(0.8 * (rnd() - 0.5));
    const [a, b, c] = [range(400).map(load), range(400).map(load), range(400).map(load)];
    const width = (r: { hl: { low: number; high: number } }) => Math.log(r.hl.high / r.hl.low);
    expect(width(pairedRatio(a, geometricMeans(b, c)))).toBeLessThan(0.95 * width(pairedRatio(a, b)));
  });

  it('a goal is met only when the whole interval is within it', () => {
    expect(judge({ estimate: 1.01, low: 0.99, high: 1.04 }, 1.05)).toMatchObject({ met: true, word: 'met' });
    expect(judge({ estimate: 1.02, low: 0.97, high: 1.08 }, 1.05).met).toBe(false);
    expect(judge({ estimate: 1.02, low: 0.97, high: 1.08 }, 1.05).word).toMatch(/not resolved/);
    expect(judge({ estimate: 1.2, low: 1.1, high: 1.3 }, 1.05).word).toBe('MISSED');
  });
});

describe('whether an A/A control resolves 5 %', () => {
  it('holds 1.00 and lies within 1/1.05..1.05', () => {
    expect(resolves({ estimate: 1, low: 0.97, high: 1.04 })).toBe(true);
    expect(resolves({ estimate: 1, low: 0.94, high: 1.04 })).toBe(false);
    expect(resolves({ estimate: 1, low: 0.97, high: 1.06 })).toBe(false);
    // Narrow but off 1.00: a bias between the two sides, not a resolved run.
    expect(resolves({ estimate: 1.03, low: 1.01, high: 1.04 })).toBe(false);
  });
});
