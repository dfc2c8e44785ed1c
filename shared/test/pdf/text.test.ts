/** PDF text strings as other signers write them (pdf/reader/text.ts). */
import { describe, expect, it } from 'vitest';
import { decodePdfText } from '../../src/pdf/reader/text.js';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));
const utf16be = (s: string) => [
  0xfe,
  0xff,
  ...[...s].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]),
];

describe('decodePdfText', () => {
  it('the forms ISO 32000-2 §7.9.2.2 names: PDFDocEncoding, UTF-16BE and UTF-8 with their BOMs', () => {
    expect(decodePdfText(bytes('ChuKyHT'))).toBe('ChuKyHT');
    expect(decodePdfText(bytes('Caf', [0xe9]))).toBe('Café'); // Latin-1 byte, not UTF-8
    expect(decodePdfText(Uint8Array.from(utf16be('Hiệu trưởng')))).toBe('Hiệu trưởng');
    expect(decodePdfText(Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('Đức')]))).toBe('Đức');
  });

  it("raw UTF-8 without a BOM (poppler's pdfsig /T, /Name, /Reason)", () => {
    expect(decodePdfText(new Uint8Array(Buffer.from('Chữ ký Hiệu trưởng')))).toBe('Chữ ký Hiệu trưởng');
  });

  it('UTF-16BE whose bytes were each written as a UTF-8 character (@signpdf/placeholder-plain)', () => {
    const written = Buffer.from(String.fromCharCode(...utf16be('Cao Lãnh, Đồng Tháp')), 'utf8');
    expect(decodePdfText(new Uint8Array(written))).toBe('Cao Lãnh, Đồng Tháp');
  });

  it('not UTF-8 (a lone lead byte, a stray continuation): PDFDocEncoding as before', () => {
    expect(decodePdfText(bytes([0xc3, 0x28]))).toBe('Ã(');
    expect(decodePdfText(bytes('a', [0xa9], 'b'))).toBe('a©b');
  });

  it('þÿ then a character above U+00FF is plain UTF-8 text, not bytes', () => {
    expect(decodePdfText(new Uint8Array(Buffer.from('þÿ Đ')))).toBe('þÿ Đ');
  });
});
