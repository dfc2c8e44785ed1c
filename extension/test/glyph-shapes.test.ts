/**
 * Digit shapes compared across fonts (red team, round six: content/glyph-shapes.ts): the ink of
 * a glyph is cut to its box and scaled by its height, so where and how large a font draws it
 * does not matter, and the nearest reference shape names the digit a person reads. The
 * browsers' canvases are exercised by the stories (hostile-table, Firefox too); here, bitmaps
 * drawn by hand.
 */
import { describe, expect, it } from 'vitest';
import { nearestChar, normalizedInk } from '../src/content/glyph-shapes.js';

/** A bitmap of `width` × `height` with `paint(x, y)` inked cells (alpha 255). */
function bitmap(width: number, height: number, paint: (x: number, y: number) => boolean): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = paint(x, y) ? 255 : 0;
  return out;
}

/** A "1": a vertical stroke, at (x0, y0), `h` tall. */
const one = (x0: number, y0: number, h: number) => (x: number, y: number) =>
  y >= y0 && y < y0 + h && x >= x0 && x < x0 + Math.max(1, Math.round(h / 8));
/** A "7": a top bar and a stroke down to the left, at (x0, y0), `h` tall, h * 0.6 wide. */
const seven = (x0: number, y0: number, h: number) => (x: number, y: number) => {
  const w = Math.round(h * 0.6);
  const t = Math.max(1, Math.round(h / 8));
  if (y < y0 || y >= y0 + h || x < x0 || x >= x0 + w) return false;
  if (y < y0 + t) return true;
  const along = x0 + w - ((y - y0) / h) * w;
  return Math.abs(x - along) < t;
};

describe('normalized ink', () => {
  it('nothing drawn: null', () => {
    expect(normalizedInk(new Uint8ClampedArray(100), 10, 10)).toBeNull();
  });

  it('the same shape drawn at another place and size reads the same', () => {
    const a = normalizedInk(bitmap(96, 96, seven(10, 10, 40)), 96, 96) as Float32Array;
    const b = normalizedInk(bitmap(96, 96, seven(40, 30, 60)), 96, 96) as Float32Array;
    let distance = 0;
    for (let i = 0; i < a.length; i++) distance += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
    expect(distance).toBeLessThan(12);
  });

  it('a narrow glyph keeps its width: a "1" is not stretched into a block', () => {
    const shape = normalizedInk(bitmap(96, 96, one(20, 10, 48)), 96, 96) as Float32Array;
    const inked = Array.from(shape).filter((v) => v > 0.5).length;
    expect(inked).toBeLessThan(16 * 4);
  });
});

describe('the nearest reference digit', () => {
  const references = [
    { char: '1', shape: normalizedInk(bitmap(96, 96, one(30, 20, 48)), 96, 96) as Float32Array },
    { char: '7', shape: normalizedInk(bitmap(96, 96, seven(30, 20, 48)), 96, 96) as Float32Array },
  ];

  it('a "7" drawn by another font at another size is read as 7, a "1" as 1', () => {
    expect(
      nearestChar(normalizedInk(bitmap(96, 96, seven(5, 5, 70)), 96, 96) as Float32Array, references),
    ).toBe('7');
    expect(
      nearestChar(normalizedInk(bitmap(96, 96, one(50, 2, 30)), 96, 96) as Float32Array, references),
    ).toBe('1');
  });

  it('a font whose "7" draws the outline of a "1" is caught: the nearest is 1', () => {
    const drawnForSeven = normalizedInk(bitmap(96, 96, one(12, 12, 56)), 96, 96) as Float32Array;
    expect(nearestChar(drawnForSeven, references)).not.toBe('7');
  });
});
