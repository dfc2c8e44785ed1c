/**
 * Font and writing styles that draw a cell otherwise than it reads (red team, round six):
 * content/drawn-font.ts judges the values getComputedStyle gives in Chromium and Firefox; the
 * stories check them on real pages (test/e2e/hostile-table.e2e.test.ts, Firefox too).
 * Harmless look-alikes real grids use (tabular figures, kerning, a score right-aligned with
 * `direction: rtl`) are not flagged.
 */
import { describe, expect, it } from 'vitest';
import {
  capsRecase,
  contentDrawsText,
  featuresSwapGlyphs,
  reorderedRightToLeft,
  sideways,
  variantsSwapGlyphs,
} from '../src/content/drawn-font.js';

describe('OpenType features', () => {
  it.each([
    ['normal', false],
    ['', false],
    ['"tnum"', false],
    ['"tnum" 1, "lnum"', false],
    ['"kern", "liga" 0, "zero" on', false],
    ['"frac"', true], // "9/10" drawn as a fraction
    ['"ss01"', true], // a stylistic set: in the page's font, any glyph
    ['"tnum", "sups"', true],
    ['"salt" 2', true],
    ['"frac" 0, "ordn" off', false], // turned off
    ['"frac" off', false],
    ['garbage', true], // unreadable: no portal needs one
  ])('%j swaps glyphs: %s', (settings, swaps) => {
    expect(featuresSwapGlyphs(settings)).toBe(swaps);
  });
});

describe('font variants', () => {
  it.each([
    [['normal', 'normal', 'normal'], false],
    [['tabular-nums', 'normal', 'normal'], false],
    [['lining-nums tabular-nums slashed-zero', 'normal', 'normal'], false],
    [[undefined, undefined, undefined], false], // an older browser without the properties
    [['diagonal-fractions', 'normal', 'normal'], true],
    [['ordinal', 'normal', 'normal'], true],
    [['normal', 'super', 'normal'], true],
    [['normal', 'normal', 'historical-forms'], true],
  ] as const)('%j swaps glyphs: %s', ([numeric, position, alternates], swaps) => {
    expect(variantsSwapGlyphs(numeric, position, alternates)).toBe(swaps);
  });

  it('small capitals over lower-case letters show another case; over capitals or digits, the same', () => {
    expect(capsRecase('Nguyễn Văn An', 'small-caps')).toBe(true);
    expect(capsRecase('Nguyễn Văn An', 'all-small-caps')).toBe(true);
    expect(capsRecase('HTT', 'small-caps')).toBe(false);
    expect(capsRecase('9,5', 'all-small-caps')).toBe(false);
    expect(capsRecase('Nguyễn Văn An', 'normal')).toBe(false);
    expect(capsRecase('Nguyễn Văn An', 'titling-caps')).toBe(false);
    expect(capsRecase('Nguyễn Văn An', undefined)).toBe(false);
  });
});

describe('writing mode and direction', () => {
  it('text set sideways or vertical is turned', () => {
    expect(sideways('horizontal-tb')).toBe(false);
    expect(sideways(undefined)).toBe(false);
    expect(sideways('vertical-rl')).toBe(true);
    expect(sideways('sideways-lr')).toBe(true);
  });

  it.each([
    ['9 10', 'rtl', true], // runs swap: "10 9"
    ['An.', 'rtl', true], // ".An"
    ['-5', 'rtl', true],
    ['T H', 'ltr', false],
    ['9 10', 'ltr', false],
    ['Nguyễn Văn An', 'rtl', false], // one run: right-aligned, read the same
    ['9,5', 'rtl', false],
    ['10', 'rtl', false],
    ['', 'rtl', false],
  ])('%j laid out %s is reordered: %s', (text, direction, reordered) => {
    expect(reorderedRightToLeft(text, direction)).toBe(reordered);
  });
});

describe('CSS content that draws text', () => {
  it.each([
    ['none', '', false],
    ['normal', '', false],
    ['"Trần "', '', true],
    ['"\u2022"', '', false], // a bullet
    ['counter(item)', '', true],
    // Firefox: every <img>'s ::before is its alt text, drawn when the image is not.
    ['-moz-alt-content', '', false], // an icon with alt="": harmless
    ['-moz-alt-content', '10', true], // a broken image drawing "10"
  ])('%j (alt %j) draws text: %s', (content, alt, draws) => {
    expect(contentDrawsText(content, alt)).toBe(draws);
  });
});
