/**
 * The text of a PDF text string's bytes (ISO 32000-2 §7.9.2.2: UTF-16BE with a BOM, UTF-8 with a
 * BOM, else PDFDocEncoding, read here as Latin-1), plus two shapes other signers write that no
 * reader would otherwise show as Vietnamese:
 * - raw UTF-8 without a BOM (poppler's pdfsig 22.12 writes /T, /Name and /Reason so);
 * - UTF-16BE with a BOM whose every byte was then written as a UTF-8 character
 *   (@signpdf/placeholder-plain's /Reason, /Name, /Location).
 * Only text that decodes as UTF-8 without error and holds a non-ASCII byte is read as UTF-8: a
 * PDFDocEncoding string is valid UTF-8 only by a freak (a byte 0xC2-0xF4 followed by 0x80-0xBF).
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodePdfText(b: Uint8Array): string {
  if (b[0] === 0xfe && b[1] === 0xff) return utf16be(b, 2);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder().decode(b.subarray(3));
  const asUtf8 = b.some((c) => c >= 0x80) ? strictUtf8(b) : undefined;
  if (asUtf8 !== undefined) {
    // Each character one byte of UTF-16BE with its BOM: decode those bytes.
    if (asUtf8.startsWith('\u00fe\u00ff') && !/[^\u0000-\u00ff]/.test(asUtf8)) {
      return utf16be(
        Uint8Array.from(asUtf8, (c) => c.charCodeAt(0)),
        2,
      );
    }
    return asUtf8;
  }
  let out = '';
  for (const c of b) out += String.fromCharCode(c);
  return out;
}

function strictUtf8(b: Uint8Array): string | undefined {
  try {
    return utf8.decode(b);
  } catch {
    return undefined;
  }
}

function utf16be(b: Uint8Array, from: number): string {
  let out = '';
  for (let i = from; i + 1 < b.length; i += 2) out += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
  return out;
}
