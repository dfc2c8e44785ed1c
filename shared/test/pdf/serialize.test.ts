import { describe, expect, it } from 'vitest';
import { concatBytes, hex, writeHex } from '../../src/pdf/incremental/serialize.js';

const utf8 = (parts: (string | Uint8Array)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('the update writer’s byte helpers', () => {
  it('hex and writeHex give every byte as two upper-case digits', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(hex(all)).toBe(Buffer.from(all).toString('hex').toUpperCase());
    const out = new Uint8Array(520).fill(0x21);
    writeHex(all, out, 4);
    expect(new TextDecoder().decode(out.subarray(4, 516))).toBe(hex(all));
    expect(out[3]).toBe(0x21);
    expect(out[516]).toBe(0x21);
    // Never past the buffer (the CMS hole is checked before; this is the last guard).
    expect(() => writeHex(all, out, 9)).toThrow(RangeError);
    expect(() => writeHex(all, out, -1)).toThrow(RangeError);
  });

  it('concatBytes joins short and long text and bytes as UTF-8 would, non-ASCII included', () => {
    const long = `${'0'.repeat(40000)}`;
    const cases: (string | Uint8Array)[][] = [
      ['1 0 obj\n', '<<', '/Type', ' ', '/Sig', '>>', new Uint8Array([1, 2, 3]), long, '\nendobj\n'],
      ['', new Uint8Array(0), 'x'.repeat(64), 'y'.repeat(65)],
      // Never written by the writer (names are #-escaped), but still right if it were.
      ['/Tên', long, 'ă'.repeat(70), new Uint8Array([255])],
      [`${long}ệ`, 'a'],
    ];
    for (const parts of cases) expect(Buffer.from(concatBytes(parts)).equals(utf8(parts))).toBe(true);
  });
});
