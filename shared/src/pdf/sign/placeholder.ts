/**
 * The hole a signature goes into: /ByteRange and /Contents written as fixed-width
 * placeholders, then, once the file's bytes are final, the byte range patched in place
 * around the /Contents hole (same width, so no offset moves).
 */
import { type PdfDict, PdfRaw } from '../reader/objects.js';

const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

/** /ByteRange and a zero-filled /Contents of `reservedBytes` (hex: twice as many digits). */
export function setPlaceholders(sig: PdfDict, reservedBytes: number): void {
  sig.set('ByteRange', new PdfRaw(BYTE_RANGE_PLACEHOLDER));
  sig.set('Contents', new PdfRaw(`<${'0'.repeat(reservedBytes * 2)}>`));
}

/**
 * Finds the placeholders of the update that starts at `from` in `out`, writes the byte range
 * (everything but the /Contents hole) into it, and returns that range.
 */
export function fillByteRange(
  out: Uint8Array,
  from: number,
  reservedBytes: number,
): [number, number, number, number] {
  const br = indexOf(out, `/ByteRange ${BYTE_RANGE_PLACEHOLDER}`, from);
  const contentsStart = indexOf(out, '/Contents <', br) + '/Contents '.length;
  const contentsEnd = contentsStart + 2 + reservedBytes * 2;
  const byteRange: [number, number, number, number] = [
    0,
    contentsStart,
    contentsEnd,
    out.length - contentsEnd,
  ];
  const brText = `[${byteRange.join(' ')}`.padEnd(BYTE_RANGE_PLACEHOLDER.length - 1, ' ') + ']';
  out.set(new TextEncoder().encode(brText), br + '/ByteRange '.length);
  return byteRange;
}

function indexOf(haystack: Uint8Array, needle: string, from: number): number {
  const n = new TextEncoder().encode(needle);
  outer: for (let i = from; i <= haystack.length - n.length; i++) {
    for (let k = 0; k < n.length; k++) if (haystack[i + k] !== n[k]) continue outer;
    return i;
  }
  return -1;
}
