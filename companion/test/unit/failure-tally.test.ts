/** Failed proofs are summed: one line at once, then one per period, bounded whatever comes. */
import { describe, expect, it } from 'vitest';
import { type FailureSummary, FailureTally } from '../../src/server/failure-tally.js';

describe('FailureTally', () => {
  it('writes the first failure at once and sums the rest of the period into one line', () => {
    const written: FailureSummary[] = [];
    let now = 0;
    const tally = new FailureTally(
      (s) => written.push(s),
      60_000,
      () => now,
    );
    tally.add('chrome-extension://a', 'proof');
    expect(written).toHaveLength(1);
    for (let i = 0; i < 10_000; i++)
      tally.add(`chrome-extension://o${i % 50}`, i % 2 ? 'proof' : 'unknown pairing');
    expect(written).toHaveLength(1);
    now = 60_000;
    tally.flush();
    expect(written).toHaveLength(2);
    expect(written[1]).toMatchObject({ count: 10_000, reasons: { proof: 5000, 'unknown pairing': 5000 } });
    expect(written[1]!.origins).toHaveLength(5);
    expect(written[1]!.moreOrigins).toBe(45);
    expect(tally.count).toBe(10_001);
    // Nothing pending: a flush writes nothing more; quiet for a period, the next is at once again.
    tally.flush();
    expect(written).toHaveLength(2);
    now = 200_000;
    tally.add('chrome-extension://b', 'proof');
    expect(written).toHaveLength(3);
  });

  it('keeps bounded state whatever an attacker invents (origins and reasons)', () => {
    const written: FailureSummary[] = [];
    let now = 0;
    const tally = new FailureTally(
      (s) => written.push(s),
      60_000,
      () => now,
    );
    tally.add('x', 'first');
    for (let i = 0; i < 50_000; i++) tally.add(`moz-extension://${i}`, `reason-${i}`);
    now = 60_000;
    tally.flush();
    const summary = written[1]!;
    expect(Object.keys(summary.reasons).length).toBeLessThanOrEqual(16);
    expect(summary.origins.length).toBe(5);
    expect(JSON.stringify(summary).length).toBeLessThan(2_000);
  });
});
