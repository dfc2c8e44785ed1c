import { describe, expect, it } from 'vitest';
import {
  bool,
  bytesOf,
  children,
  childrenOf,
  content,
  DerError,
  encode,
  int,
  intBytes,
  nul,
  OID,
  octets,
  oid,
  oidOf,
  raw,
  readDer,
  readNode,
  readOid,
  retag,
  seq,
  set,
  TAG,
  tagged,
  whole,
} from '../../src/asn1/index.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

describe('DER writer: lengths', () => {
  for (const [length, header] of [
    [0, '0400'],
    [127, '047f'],
    [128, '048180'],
    [255, '0481ff'],
    [256, '04820100'],
    [65535, '0482ffff'],
    [65536, '0483010000'],
    [16777216, '048401000000'],
  ] as const) {
    it(`length ${length}: header ${header}, read back to the same content`, () => {
      const body = Uint8Array.from({ length }, (_, i) => i & 0xff);
      const der = octets(body);
      expect(hex(der.subarray(0, header.length / 2))).toBe(header);
      expect(der.length).toBe(header.length / 2 + length);
      const node = readDer(der);
      expect(node.contentStart).toBe(header.length / 2);
      expect(hex(content(node)).length).toBe(length * 2);
      expect(content(node)[length - 1]).toBe(length ? (length - 1) & 0xff : undefined);
    });
  }

  it('refuses a tag that would need more than one octet', () => {
    expect(() => encode(0x1f, new Uint8Array())).toThrow(DerError);
    expect(() => encode(256, new Uint8Array())).toThrow(DerError);
  });
});

describe('DER writer: INTEGER', () => {
  for (const [n, expected] of [
    [0, '020100'],
    [1, '020101'],
    [127, '02017f'],
    [128, '02020080'],
    [255, '020200ff'],
    [256, '02020100'],
    [32767, '02027fff'],
    [32768, '0203008000'],
    [-1, '0201ff'],
    [-128, '020180'],
    [-129, '0202ff7f'],
    [-256, '0202ff00'],
    [Number.MAX_SAFE_INTEGER, '02071fffffffffffff'],
    [Number.MIN_SAFE_INTEGER, '0207e0000000000001'],
  ] as const) {
    it(`${n} → ${expected}`, () => {
      expect(hex(int(n))).toBe(expected);
      // Two's complement read back (the verifier's readSmallInt reads non-negative ones).
      const c = content(readDer(int(n)));
      let v = BigInt.asIntN(c.length * 8, BigInt(`0x${hex(c)}`));
      if (c.length === 0) v = 0n;
      expect(v).toBe(BigInt(n));
    });
  }

  it('refuses numbers that are not safe integers', () => {
    for (const n of [0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])
      expect(() => int(n)).toThrow(DerError);
  });

  it('from content octets: kept as given (serial numbers), empty refused', () => {
    expect(hex(intBytes(bytes('00ff10')))).toBe('020300ff10');
    expect(() => intBytes(new Uint8Array())).toThrow(DerError);
  });
});

describe('DER writer: OBJECT IDENTIFIER', () => {
  for (const [dotted, expected] of [
    ['0.9.2342.19200300.100.1.1', '060a0992268993f22c640101'],
    ['1.2.840.113549.1.7.2', '06092a864886f70d010702'],
    ['2.16.840.1.101.3.4.2.1', '0609608648016503040201'],
    ['2.5.29.15', '0603551d0f'],
    ['0.0', '060100'],
    ['1.39', '06014f'],
    ['2.39', '060177'],
    // Second arc ≥ 40 under 2: the first subidentifier takes more than one octet.
    ['2.999.3', '0603883703'],
    // Arcs beyond 2^32 and beyond 2^53 (UUID OIDs under 2.25).
    ['1.2.4294967296', '06062a9080808000'],
    ['2.25.329800735698586629295641978511506172918', '06146983f09da7ebcfdee0c7a1a7b2c0948cc8f9d776'],
    ['1.2.9007199254740993', '06092a9080808080808001'],
    // The first subidentifier itself past 2^53.
    ['2.18446744073709551536', '060a82808080808080808000'],
  ] as const) {
    it(`${dotted}`, () => {
      expect(hex(oid(dotted))).toBe(expected);
      expect(readOid(readDer(oid(dotted)))).toBe(dotted);
    });
  }

  it('refuses what is not an OID', () => {
    for (const bad of ['', '1', '3.1', '0.40', '1.40', '1..2', '1.2.', 'a.b', '1.-2'])
      expect(() => oid(bad), bad).toThrow(DerError);
  });
});

describe('DER writer: the other types', () => {
  it('BOOLEAN, NULL, OCTET STRING', () => {
    expect(hex(bool(true))).toBe('0101ff');
    expect(hex(bool(false))).toBe('010100');
    expect(hex(nul())).toBe('0500');
    expect(hex(octets(bytes('0102')))).toBe('04020102');
  });

  it('SEQUENCE keeps its order; context [n] constructed around elements', () => {
    const der = seq([int(2), int(1), tagged(0, [nul()]), tagged(30, [])]);
    expect(hex(der)).toBe('300c020102020101a0020500be00');
    const kids = children(readDer(der));
    expect(kids.map((k) => k.tag)).toEqual([TAG.INTEGER, TAG.INTEGER, 0xa0, 0xbe]);
    expect(() => tagged(31, [])).toThrow(DerError);
  });

  it('SET OF sorted by encoding (X.690 11.6), whatever order it is given in', () => {
    const a = octets(bytes('01'));
    const b = octets(bytes('0100')); // longer, same first content octet
    const c = int(5);
    const d = seq([]);
    for (const order of [
      [a, b, c, d],
      [d, c, b, a],
      [b, d, a, c],
    ])
      expect(hex(set(order))).toBe(`310c${hex(c)}${hex(a)}${hex(b)}${hex(d)}`);
    // A shorter encoding that is a prefix of a longer one sorts first.
    expect(hex(set([bytes('0402aabb'), bytes('0402aa')]))).toBe('31070402aa0402aabb');
  });

  it('IMPLICIT retag keeps the content bytes; refuses a primitive/constructed swap and trailing bytes', () => {
    const s = set([int(1)]);
    expect(hex(retag(s, 0xa0))).toBe(`a0${hex(s).slice(2)}`);
    expect(hex(s)).toBe('3103020101'); // the input is left alone
    expect(() => retag(s, 0x80)).toThrow(DerError);
    expect(() => retag(Uint8Array.of(...s, 0), 0xa0)).toThrow(DerError);
  });

  it('raw DER goes in as the very same bytes; not one whole element is refused', () => {
    // Non-minimal length (BER): embedded as is, never re-encoded.
    const ber = bytes('3081030201');
    expect(() => raw(ber)).toThrow(DerError); // truncated
    const nonMinimal = bytes('308103020101');
    expect(raw(nonMinimal)).toBe(nonMinimal);
    expect(hex(seq([raw(nonMinimal)]))).toBe('3006308103020101');
    expect(() => raw(bytes('3003020101ff'))).toThrow(DerError);
    expect(() => raw(new Uint8Array())).toThrow(DerError);
  });
});

describe('DER writer and reader: round trip', () => {
  it('a nested structure reads back element by element, offsets kept', () => {
    const body = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const der = seq([
      oid(OID.signedData),
      tagged(0, [seq([int(1), set([seq([oid(OID.sha256), nul()])]), octets(body), bool(true)])]),
    ]);
    const top = readDer(der);
    const [type, wrapped] = children(top);
    expect(oidOf(type)).toBe(OID.signedData);
    const inner = childrenOf(childrenOf(wrapped)[0]);
    expect(inner.map((n) => n.tag)).toEqual([TAG.INTEGER, TAG.SET, TAG.OCTET_STRING, TAG.BOOLEAN]);
    expect(hex(bytesOf(inner[2]))).toBe(hex(body));
    expect(oidOf(childrenOf(childrenOf(inner[1])[0])[0])).toBe(OID.sha256);
    // whole() gives back each element's exact bytes: re-assembling them gives the input.
    expect(hex(seq(children(top).map(whole)))).toBe(hex(der));
    expect(readNode(der).end).toBe(der.length);
  });

  it('lenient accessors: nothing for missing, primitive or non-OID nodes', () => {
    const node = readDer(int(1));
    expect(childrenOf(undefined)).toEqual([]);
    expect(childrenOf(node)).toEqual([]);
    expect(bytesOf(undefined).length).toBe(0);
    expect(bytesOf(readDer(seq([int(1)]))).length).toBe(0);
    expect(oidOf(node)).toBe('');
    expect(oidOf(undefined)).toBe('');
  });
});
