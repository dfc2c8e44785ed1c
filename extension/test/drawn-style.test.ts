/**
 * Computed styles that make a person read a cell otherwise (red team, round five): the page
 * defence's judgement of a value as the browser computes it (content/drawn-style.ts). The
 * values are the forms Chromium and Firefox give (getComputedStyle); the stories check them
 * on real pages (test/e2e/hostile-table.e2e.test.ts, Firefox too).
 */
import { describe, expect, it } from 'vitest';
import {
  alphaOf,
  clipTo,
  FAINT_ALPHA,
  FAINT_OPACITY,
  linearPart,
  overlap,
  recased,
  rotateTurns,
  scaleMirrors,
  spacingPiles,
  transformTurns,
} from '../src/content/drawn-style.js';

describe('transforms that change how a cell reads', () => {
  it.each([
    ['none', false],
    ['matrix(1, 0, 0, 1, 0, 0)', false],
    ['matrix(1, 0, 0, 1, 12, -3)', false], // translate: moved, read the same
    ['matrix(2, 0, 0, 1.5, 0, 0)', false], // scale up
    ['matrix(1, 2.44929e-16, -2.44929e-16, 1, 0, 0)', false], // rotate(360deg)
    ['matrix3d(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 40, 1)', false], // translateZ
    ['matrix(-1, 0, 0, 1, 0, 0)', true], // scaleX(-1): "01" reads "10"
    ['matrix(1, 0, 0, -1, 0, 0)', true], // scaleY(-1)
    ['matrix(-1, 1.22465e-16, -1.22465e-16, -1, 0, 0)', true], // rotate(180deg): upside down
    ['matrix(0.996195, 0.0871557, -0.0871557, 0.996195, 0, 0)', true], // rotate(5deg)
    ['matrix(1, 0, 0.57735, 1, 0, 0)', true], // skewX(30deg)
    ['matrix3d(-1, 0, -1.22465e-16, 0, 0, 1, 0, 0, 1.22465e-16, 0, -1, 0, 0, 0, 0, 1)', true], // rotateY(180deg)
    ['matrix3d(6.12323e-17, 0, -1, 0, 0, 1, 0, 0, 1, 0, 6.12323e-17, 0, 0, 0, 0, 1)', true], // rotateY(90deg): edge-on
    ['matrix(0, 0, 0, 0, 0, 0)', true], // scale(0)
    ['perspective(10px)', true], // a form no computed value has: not passed
  ])('transform %s: %s', (transform, turns) => {
    expect(transformTurns(transform)).toBe(turns);
  });

  it('reads the plane part of 2D and 3D matrices', () => {
    expect(linearPart('matrix(1, 2, 3, 4, 5, 6)')).toEqual([1, 2, 3, 4]);
    expect(linearPart('matrix3d(1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)')).toEqual([1, 2, 3, 4]);
    expect(linearPart('matrix(1, 2, 3)')).toBeNull();
    expect(linearPart('matrix(1, x, 3, 4, 5, 6)')).toBeNull();
  });

  it.each([
    ['none', false],
    ['0deg', false],
    ['180deg', true],
    ['-90deg', true],
    ['y 180deg', true],
    ['0 1 0 180deg', true],
    ['0.5turn', true],
    ['x 0deg', false],
    ['sideways', true],
  ])('rotate %s: %s', (rotate, turns) => {
    expect(rotateTurns(rotate)).toBe(turns);
  });

  it.each([
    ['none', false],
    ['2', false],
    ['1 1.5', false],
    ['1 1 -1', false], // z only: the plane is not mirrored
    ['-1', true],
    ['-1 1', true],
    ['1 -1', true],
    ['0', true],
  ])('scale %s: %s', (scale, mirrors) => {
    expect(scaleMirrors(scale)).toBe(mirrors);
  });
});

describe('spacing that piles glyphs', () => {
  it.each([
    ['normal', 'normal', 13, false],
    ['0px', '0px', 13, false],
    ['-0.5px', '0px', 16, false], // a heading's tightening (-0.03em)
    ['2px', '4px', 13, false],
    ['-6px', '0px', 13, true], // -0.46em: "1" and "0" drawn onto each other
    ['-2.5px', '0px', 13, true], // -0.19em
    ['0px', '-5px', 13, true], // words drawn over each other
    ['0px', '-3px', 13, false], // -0.23em: words touch, stay apart
    ['abc', 'normal', 13, true],
    ['-1px', '-4px', 0, false], // font-size 0: a wrapper closing inline-block gaps draws nothing
  ])('letter-spacing %s, word-spacing %s at %ipx: %s', (letter, word, size, piles) => {
    expect(spacingPiles(letter, word, size)).toBe(piles);
  });
});

describe('text-transform showing another case than read', () => {
  it.each([
    ['Nguyễn Văn An', 'none', false],
    ['T', 'uppercase', false],
    ['HTT', 'uppercase', false],
    ['Nguyễn Văn An', 'capitalize', false],
    ['9,5', 'uppercase', false],
    ['nguyễn văn an', 'lowercase', false],
    ['t', 'uppercase', true],
    ['Nguyễn Văn An', 'uppercase', true],
    ['Nguyễn Văn An', 'lowercase', true],
    ['nguyễn văn an', 'capitalize', true],
    ['đỗ an', 'capitalize', true],
    ['9', 'full-width', true],
    ['Tốt', 'full-size-kana', false],
    ['T', 'uppercase full-width', true],
    ['an', 'math-auto', true], // a value not known here: not passed
  ])('%j with %s: %s', (text, transform, differs) => {
    expect(recased(text, transform)).toBe(differs);
  });
});

describe('faint ink', () => {
  it('reads the alpha of computed colours', () => {
    expect(alphaOf('rgb(34, 34, 34)')).toBe(1);
    expect(alphaOf('rgba(0, 0, 0, 0.2)')).toBe(0.2);
    expect(alphaOf('rgb(0 0 0 / 30%)')).toBe(0.3);
    expect(alphaOf('transparent')).toBe(0);
    expect(alphaOf('color(srgb 0 0 0)')).toBe(1);
  });

  it('stands between a greyed-out row (0.4 and up) and text a person passes over', () => {
    expect(FAINT_OPACITY).toBeLessThan(0.4);
    expect(0.5 * 0.5).toBeLessThan(FAINT_OPACITY); // a faint row in a faint cell
    expect(0.6).toBeGreaterThan(FAINT_OPACITY);
    // Chromium's disabled field text (rgba(16, 16, 16, 0.3)) stays readable.
    expect(alphaOf('rgba(16, 16, 16, 0.3)')).toBeGreaterThan(FAINT_ALPHA);
    expect(alphaOf('rgba(0, 0, 0, 0.1)')).toBeLessThan(FAINT_ALPHA);
  });
});

describe('boxes over boxes', () => {
  const cell = { left: 100, top: 50, right: 200, bottom: 70 };
  it('an overlap is more than a shared border', () => {
    expect(overlap(cell, { left: 150, top: 55, right: 260, bottom: 65 })).toBe(true);
    expect(overlap(cell, { left: 200, top: 50, right: 300, bottom: 70 })).toBe(false); // the next cell
    expect(overlap(cell, { left: 199, top: 50, right: 300, bottom: 70 })).toBe(false); // a border's width
    expect(overlap(cell, { left: 0, top: 0, right: 1000, bottom: 51 })).toBe(false);
    expect(overlap(cell, { left: 0, top: 0, right: 1000, bottom: 1000 })).toBe(true);
  });

  it('cuts a box to the overflow box that clips it', () => {
    expect(clipTo({ left: 0, top: 0, right: 150, bottom: 60 }, cell)).toEqual({
      left: 100,
      top: 50,
      right: 150,
      bottom: 60,
    });
    expect(clipTo({ left: 0, top: 0, right: 100, bottom: 100 }, cell)).toBeNull();
  });
});
