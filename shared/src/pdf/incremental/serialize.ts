/** Writes PDF objects as bytes. Strings are written as hex: no escaping questions. */
import { PdfDict, PdfName, type PdfObject, PdfRaw, PdfRef, PdfStream, PdfString } from '../reader/objects.js';

const HEX = '0123456789ABCDEF';
/** Each byte's two hex digits, as text and as ASCII codes (one lookup a byte, not two). */
const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => HEX[b >> 4]! + HEX[b & 15]!);
const HEX_CODES = new Uint8Array(512);
for (let b = 0; b < 256; b++) {
  HEX_CODES[2 * b] = HEX.charCodeAt(b >> 4);
  HEX_CODES[2 * b + 1] = HEX.charCodeAt(b & 15);
}

export function hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX_PAIRS[bytes[i]!]!;
  return s;
}

/** `bytes` as upper-case hex digits written into `out` at `offset` (no string in between). */
export function writeHex(bytes: Uint8Array, out: Uint8Array, offset: number): void {
  if (offset < 0 || offset + 2 * bytes.length > out.length) throw new RangeError('hex does not fit');
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out[offset + 2 * i] = HEX_CODES[2 * b]!;
    out[offset + 2 * i + 1] = HEX_CODES[2 * b + 1]!;
  }
}

function nameText(n: string): string {
  let out = '/';
  for (const b of new TextEncoder().encode(n)) {
    const regular = b > 0x20 && b < 0x7f && !'()<>[]{}/%#'.includes(String.fromCharCode(b));
    out += regular ? String.fromCharCode(b) : `#${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write number ${n}`);
  if (Number.isInteger(n)) return String(n);
  // Exactly the value read: a field copied into an update must not move by a rounding
  // (a verifier rightly calls a changed /Rect a change to what is seen).
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(12).replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Serialises an object; streams are written as `dict stream ... endstream` pieces. */
export function writeObject(obj: PdfObject, out: (string | Uint8Array)[]): void {
  if (obj === null) out.push('null');
  else if (typeof obj === 'boolean') out.push(obj ? 'true' : 'false');
  else if (typeof obj === 'number') out.push(numberText(obj));
  else if (obj instanceof PdfName) out.push(nameText(obj.name));
  else if (obj instanceof PdfString) out.push(`<${hex(obj.bytes)}>`);
  else if (obj instanceof PdfRef) out.push(`${obj.num} ${obj.gen} R`);
  else if (obj instanceof PdfRaw) out.push(obj.text);
  else if (Array.isArray(obj)) {
    out.push('[');
    obj.forEach((o, i) => {
      if (i) out.push(' ');
      writeObject(o, out);
    });
    out.push(']');
  } else if (obj instanceof PdfDict) {
    out.push('<<');
    for (const [k, v] of obj.entries()) {
      out.push(nameText(k), ' ');
      writeObject(v, out);
      out.push('\n');
    }
    out.push('>>');
  } else if (obj instanceof PdfStream) {
    const d = obj.dict.clone().set('Length', obj.raw.length);
    writeObject(d, out);
    out.push('\nstream\n', obj.raw, '\nendstream');
  }
}

/** Text parts up to this length are copied byte by byte (see `concatBytes`). */
const SHORT_TEXT = 64;

export function concatBytes(parts: readonly (string | Uint8Array)[]): Uint8Array {
  // Text parts are ASCII by construction (names are #-escaped, strings hex): a string's
  // length is its byte length, so the output is sized once and strings are encoded straight
  // into it (no intermediate array per part: an update has hundreds of small ones).
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  const enc = new TextEncoder();
  let pos = 0;
  for (const p of parts) {
    if (typeof p === 'string') {
      const n = p.length;
      if (n <= SHORT_TEXT) {
        // Most parts are a few bytes (names, numbers, brackets): copied here rather than
        // through a subarray and a call into the encoder each.
        for (let i = 0; i < n; i++) {
          const c = p.charCodeAt(i);
          if (c > 0x7f) return concatEncoded(parts);
          out[pos + i] = c;
        }
        pos += n;
        continue;
      }
      const { read, written } = enc.encodeInto(p, out.subarray(pos, pos + n));
      if (read !== n || written !== n) return concatEncoded(parts);
      pos += written;
    } else {
      out.set(p, pos);
      pos += p.length;
    }
  }
  return out;
}

/** The general case (a non-ASCII text part, which the writer never makes): encode, then join. */
function concatEncoded(parts: readonly (string | Uint8Array)[]): Uint8Array {
  const enc = new TextEncoder();
  const chunks = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
  let len = 0;
  for (const c of chunks) len += c.length;
  const out = new Uint8Array(len);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}
