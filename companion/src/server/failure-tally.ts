/**
 * Failed proofs and refused pairing attempts, counted instead of written one by one. A local
 * program can fail a proof thousands of times a second; one fsynced audit line each would
 * turn the audit log into its disk-filling, disk-thrashing weapon. The first failure after a
 * quiet period is written at once (a single failed attempt is seen promptly); the rest of
 * that period becomes one summary line: count, reasons, and the first few origins.
 */

export interface FailureSummary {
  count: number;
  since: string;
  until: string;
  /** Count per reason ('proof', 'unknown pairing', 'pairing proof', ...). */
  reasons: Record<string, number>;
  /** The first distinct origins seen (an attacker can invent many: the list is bounded). */
  origins: string[];
  /** Distinct origins beyond the listed ones. */
  moreOrigins: number;
}

const LISTED_ORIGINS = 5;
const TRACKED_ORIGINS = 1000;
const TRACKED_REASONS = 16;

export class FailureTally {
  private pending: FailureSummary | undefined;
  private seenOrigins = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private quietUntil = 0;
  private total = 0;

  constructor(
    private readonly write: (summary: FailureSummary) => void,
    private readonly periodMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Failures counted since start (written or pending). */
  get count(): number {
    return this.total;
  }

  add(origin: string, reason: string): void {
    this.total++;
    const t = this.now();
    if (!this.pending && t >= this.quietUntil) {
      // Quiet until now: write this one at once, then gather the period's rest.
      this.quietUntil = t + this.periodMs;
      this.write(this.summaryOf(origin, reason, t));
      return;
    }
    if (!this.pending) {
      this.pending = this.summaryOf(origin, reason, t);
      this.seenOrigins = new Set([origin]);
      this.timer = setTimeout(() => this.flush(), Math.max(0, this.quietUntil - t));
      this.timer.unref?.();
      return;
    }
    const p = this.pending;
    p.count++;
    p.until = new Date(t).toISOString();
    if (reason in p.reasons || Object.keys(p.reasons).length < TRACKED_REASONS)
      p.reasons[reason] = (p.reasons[reason] ?? 0) + 1;
    if (!this.seenOrigins.has(origin) && this.seenOrigins.size < TRACKED_ORIGINS) {
      this.seenOrigins.add(origin);
      if (p.origins.length < LISTED_ORIGINS) p.origins.push(origin);
      else p.moreOrigins++;
    }
  }

  /** Writes what is pending (at the end of a period, and when the companion stops). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      this.quietUntil = this.now() + this.periodMs;
      this.write(p);
    }
  }

  private summaryOf(origin: string, reason: string, t: number): FailureSummary {
    const at = new Date(t).toISOString();
    return { count: 1, since: at, until: at, reasons: { [reason]: 1 }, origins: [origin], moreOrigins: 0 };
  }
}
