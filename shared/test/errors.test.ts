import { describe, expect, it } from 'vitest';
import { defineErrors, HocbaError, toHocbaError } from '../src/errors/index.js';

describe('typed errors', () => {
  const make = defineErrors({
    FILE_TOO_LARGE: { vi: 'Tệp {file} quá lớn ({size} MB)', en: 'File {file} is too large ({size} MB)' },
  });

  it('fills both languages and keeps the code', () => {
    const err = make('FILE_TOO_LARGE', { file: 'a.pdf', size: 60 });
    expect(err).toBeInstanceOf(HocbaError);
    expect(err.code).toBe('FILE_TOO_LARGE');
    expect(err.vi).toBe('Tệp a.pdf quá lớn (60 MB)');
    expect(err.en).toBe('File a.pdf is too large (60 MB)');
    expect(err.toJSON()).toEqual({
      code: 'FILE_TOO_LARGE',
      message: { vi: 'Tệp a.pdf quá lớn (60 MB)', en: 'File a.pdf is too large (60 MB)' },
      details: { file: 'a.pdf', size: 60 },
    });
    expect(String(err)).toBe('Tệp a.pdf quá lớn (60 MB) (File a.pdf is too large (60 MB)) [FILE_TOO_LARGE]');
  });

  it('wraps foreign errors as INTERNAL and keeps typed ones', () => {
    const typed = make('FILE_TOO_LARGE', { file: 'x', size: 1 });
    expect(toHocbaError(typed)).toBe(typed);
    const wrapped = toHocbaError(new TypeError('boom'));
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.vi).toContain('boom');
  });
});
