/** Seeded randomness for the fuzzers: the same seed gives the same input, so any failure replays. */

export interface Rand {
  /** In [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  bytes(n: number): Uint8Array;
}

/** mulberry32: small and fast, good enough to choose mutations. */
export function rand(seed: number): Rand {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)] as (typeof items)[number],
    bytes: (n) => Uint8Array.from({ length: n }, () => int(256)),
  };
}

/** Small counts most of the time, now and then a large one: most bugs need few changes, some many. */
export function skewed(r: Rand, max: number): number {
  return Math.min(max, Math.floor(Math.exp(r.next() * Math.log(max + 1))));
}
