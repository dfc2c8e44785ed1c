/**
 * A small DER writer: every builder returns the finished encoding as a Uint8Array (tag,
 * minimal definite length, content), so structures are put together from bytes, and parts
 * that are already DER (a certificate, a name, a time-stamp token) go in as they are, never
 * parsed and re-encoded. Only what our builders use: tags below 31, no BER.
 */
import { DerError, readNode, TAG } from './reader.js';

/** Header size: tag, then the length in short form below 128, else 0x80|n and n octets, n minimal. */
function headerLength(length: number): number {
  if (length < 0x80) return 2;
  let n = 0;
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) n++;
  return 2 + n;
}

function checkTag(tag: number): void {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xff || (tag & 0x1f) === 0x1f)
    throw new DerError(`DER tag ${tag} is not a one-octet tag`);
}

/** A buffer for one element of `length` content octets, its header written; content goes at the returned offset. */
function element(tag: number, length: number): { out: Uint8Array; at: number } {
  checkTag(tag);
  const at = headerLength(length);
  const out = new Uint8Array(at + length);
  out[0] = tag;
  if (length < 0x80) out[1] = length;
  else {
    out[1] = 0x80 | (at - 2);
    for (let i = at - 1, rest = length; i >= 2; i--, rest = Math.floor(rest / 256)) out[i] = rest % 256;
  }
  return { out, at };
}

/** One element: identifier octet, length, content. */
export function encode(tag: number, body: Uint8Array): Uint8Array {
  const { out, at } = element(tag, body.length);
  out.set(body, at);
  return out;
}

/** One constructed element around encoded parts, written once (no intermediate join). */
function encodeParts(tag: number, parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const { out, at } = element(tag, length);
  let o = at;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const seq = (items: readonly Uint8Array[]): Uint8Array => encodeParts(TAG.SEQUENCE, items);

/** X.690 11.6: DER orders a SET OF by the encodings compared as octet strings (a prefix sorts first). */
function compareEncodings(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return (a[k] as number) - (b[k] as number);
  return a.length - b.length;
}

/**
 * SET / SET OF, its elements in DER order. Sorting is what DER asks of a SET OF (signed
 * attributes are one: the bytes signed must be those a verifier re-encodes); for a SET of
 * distinct tags it gives the tag order DER asks there too.
 */
export const set = (items: readonly Uint8Array[]): Uint8Array =>
  encodeParts(TAG.SET, items.length < 2 ? items : [...items].sort(compareEncodings));

/** Base-128 digits, high bit set on all but the last (OID arcs). */
function base128(arc: bigint): number[] {
  const digits = [Number(arc & 0x7fn)];
  for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) digits.unshift(Number(rest & 0x7fn) | 0x80);
  return digits;
}

const oidCache = new Map<string, Uint8Array>();

/**
 * OBJECT IDENTIFIER from dotted arcs: the first two arcs share one subidentifier (40·a + b).
 * Arcs of any size (BigInt); the few OIDs a signature uses are encoded once and cached.
 */
export function oid(dotted: string): Uint8Array {
  let der = oidCache.get(dotted);
  if (!der) {
    der = encodeOid(dotted);
    if (oidCache.size < 256) oidCache.set(dotted, der);
  }
  return der.slice();
}

function encodeOid(dotted: string): Uint8Array {
  if (!/^\d+(\.\d+)+$/.test(dotted)) throw new DerError(`not an OID: ${dotted}`);
  const arcs = dotted.split('.').map((a) => BigInt(a));
  const [first, second] = arcs as [bigint, bigint];
  if (first > 2n || (first < 2n && second >= 40n)) throw new DerError(`not an OID: ${dotted}`);
  const body = base128(first * 40n + second);
  for (const arc of arcs.slice(2)) body.push(...base128(arc));
  return encode(TAG.OID, Uint8Array.from(body));
}

/** INTEGER from a safe integer: minimal two's complement, negative numbers included. */
export function int(n: number): Uint8Array {
  if (!Number.isSafeInteger(n)) throw new DerError(`INTEGER ${n} is not a safe integer`);
  const octets: number[] = [];
  // Take octets from the low end until the rest is only sign extension of the top octet
  // (floor division is an arithmetic shift, exact for safe integers).
  let v = n;
  do {
    octets.unshift(((v % 256) + 256) % 256);
    v = Math.floor(v / 256);
  } while (!((v === 0 && !((octets[0] as number) & 0x80)) || (v === -1 && (octets[0] as number) & 0x80)));
  return encode(TAG.INTEGER, Uint8Array.from(octets));
}

/**
 * INTEGER from its two's-complement content octets as they are (a certificate's serial
 * number goes back out exactly as the certificate has it).
 */
export function intBytes(octets: Uint8Array): Uint8Array {
  if (octets.length === 0) throw new DerError('INTEGER without content octets');
  return encode(TAG.INTEGER, octets);
}

export const octets = (bytes: Uint8Array): Uint8Array => encode(TAG.OCTET_STRING, bytes);

/** DER BOOLEAN: TRUE is 0xff. */
export const bool = (value: boolean): Uint8Array => encode(TAG.BOOLEAN, Uint8Array.of(value ? 0xff : 0));

export const nul = (): Uint8Array => Uint8Array.of(TAG.NULL, 0);

/** Context-specific constructed [n] around elements: EXPLICIT tagging, or an IMPLICIT SEQUENCE/SET's content. */
export const tagged = (n: number, items: readonly Uint8Array[]): Uint8Array =>
  encodeParts(0xa0 | checkTagNumber(n), items);

function checkTagNumber(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 30) throw new DerError(`context tag [${n}] out of range`);
  return n;
}

/**
 * The same element under another identifier octet (IMPLICIT tagging of an encoding we have:
 * the signed attributes are signed as a SET and stored as [0]).
 */
export function retag(der: Uint8Array, tag: number): Uint8Array {
  const node = readNode(der);
  if (node.end !== der.length) throw new DerError('bytes after the DER element');
  if ((node.tag & 0x20) !== (tag & 0x20)) throw new DerError('retag cannot change constructed/primitive');
  const out = der.slice();
  out[0] = tag;
  return out;
}

/**
 * Already-encoded DER embedded as is: checked to be exactly one element, so a truncated or
 * padded input fails here rather than inside a structure that would then not parse.
 */
export function raw(der: Uint8Array): Uint8Array {
  const node = readNode(der);
  if (node.end !== der.length) throw new DerError('bytes after the DER element');
  return der;
}
