/**
 * What the fuzzers found, each minimised to the smallest input that showed it, built here in
 * code. Each test failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import {
  DerError,
  encode,
  int,
  nul,
  OID,
  oid,
  readNode,
  readOid,
  readString,
  readTime,
  seq,
  set,
  TAG,
  tagged,
} from '../../src/asn1/index.js';
import { decodePreAuthMessage, decodeRequest } from '../../src/protocol/index.js';
import { parseRecordsText, parseRecordText } from '../../src/record/index.js';
import { parseSignedData } from '../../src/verify/cms/index.js';

describe('protocol frames', () => {
  it('a version that is an object with its own toString gets VERSION_UNSUPPORTED, not a TypeError', () => {
    // String(v) threw "Cannot convert object to primitive value"; the companion answered INTERNAL.
    for (const frame of ['{"v":{"toString":1},"id":"a1"}', '{"v":{"valueOf":{},"toString":[]}}']) {
      for (const decoded of [decodeRequest(frame), decodePreAuthMessage(frame)]) {
        expect(decoded.status).toBe('error');
        if (decoded.status !== 'error') continue;
        expect(decoded.error.code).toBe('VERSION_UNSUPPORTED');
        expect(decoded.error.en).toContain('(an object)');
      }
    }
    expect(decodeRequest('{"v":{"toString":1},"id":"a1"}')).toMatchObject({ id: 'a1' });
  });

  it('a huge version value is not echoed back in full', () => {
    const decoded = decodeRequest(JSON.stringify({ v: Array(50_000).fill(0), id: 'a2' }));
    expect(decoded.status === 'error' && decoded.error.en.length).toBeLessThan(200);
    const long = decodeRequest(JSON.stringify({ v: 'x'.repeat(10_000) }));
    expect(long.status === 'error' && long.error.en.length).toBeLessThan(200);
  });
});

/** ContentInfo { signedData, [0] SignedData { 1, {}, { data }, signerInfos } } around the given SignerInfo. */
function signedDataWith(signerInfo: Uint8Array): Uint8Array {
  const sd = seq([int(1), set([]), seq([oid(OID.data)]), set([signerInfo])]);
  return seq([oid(OID.signedData), tagged(0, [sd])]);
}

const algorithm = seq([oid('2.16.840.1.101.3.4.2.1'), nul()]);

describe('DER, CMS', () => {
  it('a SignerInfo cut short, or with an empty issuerAndSerialNumber, is a DerError, not a TypeError', () => {
    // "Cannot read properties of undefined (reading 'tag' / 'buf')" from positional reads.
    const shapes = [seq([int(1)]), seq([int(1), seq([])]), seq([int(1), seq([seq([])]), algorithm]), seq([])];
    for (const si of shapes) expect(() => parseSignedData(signedDataWith(si))).toThrow(DerError);
  });

  it('an OID of 128 KiB is refused at once (its BigInt arc was quadratic: seconds, minutes at a megabyte)', () => {
    const n = 128 * 1024;
    const der = new Uint8Array(5 + n);
    der.set([TAG.OID, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
    der.fill(0x81, 5);
    der[der.length - 1] = 0x01;
    const cpu = process.cpuUsage();
    expect(() => readOid(readNode(der))).toThrow(DerError);
    const used = process.cpuUsage(cpu);
    // Before: ~3 s of CPU here. CPU, not wall time: the machine may be loaded.
    expect((used.user + used.system) / 1000).toBeLessThan(200);
    // Long but real: a UUID arc under 2.25 still reads exactly.
    expect(readOid(readNode(oid('2.25.329800735698586629295641978511506172918')))).toBe(
      '2.25.329800735698586629295641978511506172918',
    );
  });

  it('a PrintableString of 8 MiB reads in linear time, every byte as its Latin-1 character', () => {
    // Built a byte at a time, the string was a rope the GC spent seconds on (a 17 MB CMS: 4 s of CPU).
    const n = 8 * 1024 * 1024;
    const body = new Uint8Array(n);
    for (let i = 0; i < n; i++) body[i] = 0x20 + (i % 224);
    const node = readNode(encode(0x13, body));
    const cpu = process.cpuUsage();
    const s = readString(node);
    const used = process.cpuUsage(cpu);
    expect(s.length).toBe(n);
    expect([s.charCodeAt(0), s.charCodeAt(95), s.charCodeAt(223), s.charCodeAt(n - 1)]).toEqual([
      0x20,
      0x7f,
      0xff,
      0x20 + ((n - 1) % 224),
    ]);
    expect((used.user + used.system) / 1000).toBeLessThan(600);
  });

  it('times whose fields are out of range are refused, not rolled into another date', () => {
    const time = (tag: number, s: string) => readTime(readNode(encode(tag, new TextEncoder().encode(s))));
    for (const bad of ['991331000000Z', '990230000000Z', '991231240000Z', '991231236000Z'])
      expect(() => time(TAG.UTC_TIME, bad), bad).toThrow(DerError);
    for (const bad of [
      '20261301000000Z',
      '20260229000000Z',
      '20261201000000.9999Z'.replace('01000000', '00000000'),
    ])
      expect(() => time(TAG.GENERALIZED_TIME, bad), bad).toThrow(DerError);
    expect(time(TAG.UTC_TIME, '491231235959Z').toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(time(TAG.GENERALIZED_TIME, '20240229120000.9999Z').toISOString()).toBe('2024-02-29T12:00:00.999Z');
  });
});

describe('records', () => {
  it('a format version that is an object with its own toString is an issue, not a TypeError', () => {
    // String(version) threw "Cannot convert object to primitive value" out of parseRecordText.
    const text = '{"format":"hocba-tieuhoc","version":{"toString":1}}';
    const one = parseRecordText(text);
    expect(one.status).toBe('invalid');
    if (one.status === 'invalid') expect(one.issues[0]).toMatchObject({ path: '/version' });
    expect(parseRecordsText(`[${text}]`).status).toBe('ok');
  });

  it('a huge format version is not copied into the message', () => {
    const one = parseRecordText(JSON.stringify({ format: 'hocba-tieuhoc', version: 'x'.repeat(100_000) }));
    expect(one.status === 'invalid' && one.issues[0]!.reason.en.length).toBeLessThan(200);
  });
});
