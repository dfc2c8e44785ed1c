/**
 * The reader's word search: Node's Buffer#indexOf where there is one, the engine's byte
 * loop in the browser. Both must give the same offset for every start and limit, hostile
 * ones included (negative, past the end, a word cut by the limit).
 */
import { describe, expect, it } from 'vitest';
import { ascii, indexOfBytes, indexOfBytesJs } from '../../src/verify/document/lexer.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('indexOfBytes', () => {
  it('is Node’s search under Node (the fast path is what runs here)', () => {
    expect(indexOfBytes).not.toBe(indexOfBytesJs);
  });

  it('finds what the byte loop finds, for every start and limit', () => {
    const rnd = random(19);
    const words = ['obj', 'endstream', '%%EOF', 'xref', 'trailer', 'o'].map(ascii);
    for (let round = 0; round < 300; round++) {
      // Few distinct bytes, so words and near-misses ("ob", "endstrea") are common.
      const alphabet = ascii('obj endstrmxrf%EOFail\n');
      const buf = Uint8Array.from(
        { length: 1 + Math.floor(rnd() * 400) },
        () => alphabet[Math.floor(rnd() * alphabet.length)] as number,
      );
      const view = round % 2 ? buf.subarray(3) : buf; // a view with an offset, as files are read
      for (const word of words)
        for (let k = 0; k < 20; k++) {
          const from = Math.floor(rnd() * (view.length + 20)) - 10;
          const limit = Math.floor(rnd() * (view.length + 20)) - 10;
          expect(indexOfBytes(view, word, from, limit)).toBe(indexOfBytesJs(view, word, from, limit));
          expect(indexOfBytes(view, word, from)).toBe(indexOfBytesJs(view, word, from));
        }
    }
  });
});
