/**
 * Bounded caches shared by the verifications of one process (a batch of 1,000 files signed by
 * the same few people repeats the same public keys and certificate chains). Entries are pure
 * functions of the bytes in their key, so a hit can never answer for different input; the
 * bound keeps memory flat however many files pass.
 */

/** A least-recently-used map of at most `max` entries. */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(readonly max: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recent.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}

const latin1 = new TextDecoder('latin1');

/** The exact bytes as a string key (one unit per byte: no digest to compute, no collision). */
export const bytesKey = (...parts: Uint8Array[]): string => parts.map((p) => latin1.decode(p)).join('\u0100');
