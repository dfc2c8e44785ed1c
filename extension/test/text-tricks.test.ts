import { describe, expect, it } from 'vitest';
import { textTricks } from '../src/content/text-tricks.js';

describe('text a person reads otherwise than the extension (red team, round four)', () => {
  it.each([
    ['Nguyễn Văn An', []],
    ['Nguyễn Văn An'.normalize('NFD'), []],
    ['Đ', []],
    ['9,5', []],
    ['KT. Hiệu trưởng – Phó hiệu trưởng Trần Thị Thu', []],
    ['Ma Thị Hơ Niê', []],
    ['\u202E01', ['DIRECTION_CONTROLS']],
    ['An\u2067 9\u2069', ['DIRECTION_CONTROLS']],
    ['1\u200B0', ['INVISIBLE_CHARACTERS']],
    ['T\u00AD', ['INVISIBLE_CHARACTERS']],
    ['\uFEFFH', ['INVISIBLE_CHARACTERS']],
    ['Nguy\u0435n', ['LOOKALIKE_LETTERS']], // Cyrillic е
    ['\u0422', ['LOOKALIKE_LETTERS']], // Cyrillic Т for the grade T
    ['\u03A4', ['LOOKALIKE_LETTERS']], // Greek Τ
    ['\uFF19', ['LOOKALIKE_LETTERS']], // fullwidth ９
    ['\u{1D7D7}', ['LOOKALIKE_LETTERS']], // mathematical bold 9
    ['\u202E\u200B\u0422', ['DIRECTION_CONTROLS', 'INVISIBLE_CHARACTERS', 'LOOKALIKE_LETTERS']],
  ])('%j: %j', (text, tricks) => {
    expect(textTricks(text)).toEqual(tricks);
  });
});
