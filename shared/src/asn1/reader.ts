/**
 * A small DER/BER reader that keeps byte offsets, so signed parts (tbsCertificate, signed
 * attributes) can be verified over their exact bytes, and parts are taken out as the bytes
 * they were (no re-encoding). Hostile input: every read is bounds-checked and nesting is
 * capped; errors are thrown as DerError.
 */

export class DerError extends Error {
  override readonly name = 'DerError';
}

export interface DerNode {
  /** The identifier octet (class, constructed bit, tag number < 31). */
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  /** End of content (exclusive). For indefinite lengths, before the end-of-contents octets. */
  readonly contentEnd: number;
  /** End of the whole element (exclusive). */
  readonly end: number;
  readonly buf: Uint8Array;
}

const MAX_DEPTH = 64;
/**
 * The longest OID read (content bytes). Real ones are under 40 (a UUID arc under 2.25 is ~20);
 * a long arc is read in BigInt, and one of a megabyte would take minutes.
 */
const MAX_OID_BYTES = 256;

/**
 * Structures are read by position (`children(x)[2]`); a structure shorter than it must be
 * leaves `undefined` there, which is a malformed input like any other: a DerError, not a
 * TypeError from reading a property of undefined.
 */
function present(node: DerNode | undefined): DerNode {
  if (!node) throw new DerError('DER element missing');
  return node;
}

export function readNode(buf: Uint8Array, offset = 0, limit = buf.length, depth = 0): DerNode {
  if (depth > MAX_DEPTH) throw new DerError('DER nested too deeply');
  if (offset + 2 > limit) throw new DerError('DER truncated');
  const tag = buf[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('DER high tag numbers are not supported');
  let pos = offset + 1;
  const first = buf[pos++] as number;
  if (first === 0x80) {
    if (!(tag & 0x20)) throw new DerError('indefinite length on a primitive');
    // BER indefinite length: walk children up to the end-of-contents octets.
    const contentStart = pos;
    while (true) {
      if (pos + 2 > limit) throw new DerError('DER truncated');
      if (buf[pos] === 0 && buf[pos + 1] === 0) break;
      pos = readNode(buf, pos, limit, depth + 1).end;
    }
    return { tag, start: offset, contentStart, contentEnd: pos, end: pos + 2, buf };
  }
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4) throw new DerError('DER length too large');
    length = 0;
    for (let i = 0; i < n; i++) {
      if (pos >= limit) throw new DerError('DER truncated');
      length = length * 256 + (buf[pos++] as number);
    }
  }
  const end = pos + length;
  if (end > limit) throw new DerError('DER length beyond the data');
  return { tag, start: offset, contentStart: pos, contentEnd: end, end, buf };
}

export function children(node: DerNode): DerNode[] {
  if (!(present(node).tag & 0x20)) throw new DerError('not a constructed element');
  const out: DerNode[] = [];
  let pos = node.contentStart;
  while (pos < node.contentEnd) {
    const child = readNode(node.buf, pos, node.contentEnd);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** One element that must span all of `bytes` (trailing bytes are refused, as a strict DER parse does). */
export function readDer(bytes: Uint8Array): DerNode {
  const node = readNode(bytes);
  if (node.end !== bytes.length) throw new DerError('bytes after the DER element');
  return node;
}

export function content(node: DerNode): Uint8Array {
  return present(node).buf.subarray(node.contentStart, node.contentEnd);
}

export function whole(node: DerNode): Uint8Array {
  return present(node).buf.subarray(node.start, node.end);
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}`);
  return node;
}

export function child(node: DerNode, index: number, tag: number, what: string): DerNode {
  return expectTag(children(node)[index], tag, what);
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTF8: 0x0c,
  PRINTABLE: 0x13,
  T61: 0x14,
  IA5: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Context-specific tag [n], constructed or primitive. */
export const ctx = (n: number, constructed = true): number => 0x80 | (constructed ? 0x20 : 0) | n;

export function readOid(node: DerNode): string {
  expectTag(node, TAG.OID, 'OID');
  const bytes = content(node);
  if (bytes.length === 0) throw new DerError('empty OID');
  if (bytes.length > MAX_OID_BYTES) throw new DerError('OID too long');
  const parts: (number | bigint)[] = [];
  let value = 0;
  // An arc past 2^53 (UUID OIDs under 2.25) continues in BigInt, so it reads exactly.
  let big: bigint | undefined;
  for (const b of bytes) {
    if (big !== undefined) big = big * 128n + BigInt(b & 0x7f);
    else if (value >= 2 ** 46) big = BigInt(value) * 128n + BigInt(b & 0x7f);
    else value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length > 0) parts.push(big ?? value);
      else if (big !== undefined) parts.push(2, big - 80n);
      else {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      }
      value = 0;
      big = undefined;
    }
  }
  return parts.join('.');
}

/** INTEGER as lowercase hex without leading zero bytes (serial numbers). */
export function readIntegerHex(node: DerNode): string {
  expectTag(node, TAG.INTEGER, 'INTEGER');
  let bytes = content(node);
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  return toHex(bytes);
}

export function readSmallInt(node: DerNode): number {
  if (present(node).tag !== TAG.INTEGER && node.tag !== TAG.ENUMERATED)
    throw new DerError('expected INTEGER');
  let v = 0;
  for (const b of content(node)) v = v * 256 + b;
  return v;
}

export function readTime(node: DerNode): Date {
  const s = latin1(content(node));
  let m: RegExpMatchArray | null;
  if (node.tag === TAG.UTC_TIME) {
    m = s.match(/^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/);
    if (!m) throw new DerError(`bad UTCTime ${s.slice(0, 40)}`);
    const yy = Number(m[1]);
    return checkedDate(yy < 50 ? 2000 + yy : 1900 + yy, m.slice(2, 7), 0);
  }
  if (node.tag === TAG.GENERALIZED_TIME) {
    m = s.match(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:[.,](\d+))?Z$/);
    if (!m) throw new DerError(`bad GeneralizedTime ${s.slice(0, 40)}`);
    const ms = m[7] ? Math.min(999, Math.floor(Number(`0.${m[7].slice(0, 9)}`) * 1000)) : 0;
    return checkedDate(Number(m[1]), m.slice(2, 7), ms);
  }
  throw new DerError('expected a time');
}

/**
 * A time whose fields are in range: Date.UTC would roll month 13 or 31 February over into
 * another date, and a signing time or validity bound must read as what it says or not at all.
 */
function checkedDate(year: number, fields: (string | undefined)[], ms: number): Date {
  const [month, day, hour, minute, second] = fields.map((f) => Number(f ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  if (
    d.getUTCFullYear() !== year ||
    d.getUTCMonth() !== month - 1 ||
    d.getUTCDate() !== day ||
    d.getUTCHours() !== hour ||
    d.getUTCMinutes() !== minute ||
    d.getUTCSeconds() !== second
  )
    throw new DerError('time out of range');
  return d;
}

export function readString(node: DerNode): string {
  const bytes = content(node);
  switch (node.tag) {
    case TAG.UTF8:
      return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    case TAG.BMP: {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2)
        s += String.fromCharCode(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
      return s;
    }
    case TAG.UNIVERSAL_STRING: {
      let s = '';
      for (let i = 0; i + 3 < bytes.length; i += 4) {
        const cp =
          ((bytes[i] as number) << 24) |
          ((bytes[i + 1] as number) << 16) |
          ((bytes[i + 2] as number) << 8) |
          (bytes[i + 3] as number);
        s += String.fromCodePoint(cp >>> 0 > 0x10ffff ? 0xfffd : cp);
      }
      return s;
    }
    default:
      // PrintableString, IA5String, T61String: Latin-1, as most tools read them, unless the
      // bytes are UTF-8 (Vietnamese CA software wrote UTF-8 into T61String; Latin-1 text is
      // almost never valid UTF-8 once it has a byte above 0x7F).
      return bytes.some((b) => b > 0x7f) ? (utf8Strict(bytes) ?? latin1(bytes)) : latin1(bytes);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function utf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export function latin1(bytes: Uint8Array): string {
  // In slices: a byte at a time made a rope the garbage collector spent seconds on for a
  // string of megabytes (a hostile name in a certificate); an argument list has a size limit.
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192)
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  return s;
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** BIT STRING content without the unused-bits octet. */
export function bitStringBytes(node: DerNode): Uint8Array {
  expectTag(node, TAG.BIT_STRING, 'BIT STRING');
  return content(node).subarray(1);
}

/*
 * Lenient accessors for walking structures whose parts may be absent (optional fields, a
 * shape we do not recognise): a missing or primitive node has no children, a missing or
 * constructed node no content, a missing or non-OID node the OID ''. Callers then see "not
 * there" and decide; the strict reads above are for what must be there.
 */

export function childrenOf(node: DerNode | undefined): DerNode[] {
  return node && node.tag & 0x20 ? children(node) : [];
}

export function bytesOf(node: DerNode | undefined): Uint8Array {
  return node && !(node.tag & 0x20) ? content(node) : new Uint8Array();
}

export function oidOf(node: DerNode | undefined): string {
  return node?.tag === TAG.OID ? readOid(node) : '';
}
