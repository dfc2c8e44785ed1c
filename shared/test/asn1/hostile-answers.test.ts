/**
 * What a TSA, an OCSP responder or a token hands signing is read with the DER reader: any
 * bytes get a typed answer (code, Vietnamese, English), never the reader's own error.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isHocbaError } from '../../src/errors/index.js';
import { readCertificate } from '../../src/pdf/cms/certificate.js';
import { fetchOcsp } from '../../src/pdf/dss/index.js';
import { requestTimestamp } from '../../src/pdf/timestamp/index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/asn1');
const fixture = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const gvcn = fixture('gvcn.der');
const ca = fixture('ca.der');

/** Hostile shapes: empty, truncated, trailing bytes, wrong tags, deep nesting, a huge length. */
function hostile(valid: Uint8Array): Uint8Array[] {
  const deep = new Uint8Array(400);
  for (let i = 0; i < 200; i++) deep.set([0x30, 0x80], i * 2);
  return [
    new Uint8Array(),
    Uint8Array.of(0x30),
    valid.subarray(0, valid.length >> 1),
    Uint8Array.of(...valid, 0),
    Uint8Array.of(0x04, ...valid.subarray(1)),
    Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x00),
    Uint8Array.of(0x30, 0x03, 0x06, 0x01, 0x2a),
    Uint8Array.of(0x30, 0x02, 0x30, 0x00),
    deep,
    // Every byte flipped once somewhere in the first 200 (a sample of single-byte faults).
    ...Array.from({ length: 25 }, (_, k) => {
      const b = valid.slice();
      b[k * 8] = (b[k * 8] as number) ^ 0xff;
      return b;
    }),
  ];
}

async function code(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'no error';
  } catch (e) {
    return isHocbaError(e) ? e.code : `untyped: ${(e as Error).name}: ${(e as Error).message}`;
  }
}

const answering = (body: Uint8Array) =>
  (async () => new Response(body as Uint8Array<ArrayBuffer>)) as unknown as typeof fetch;

describe('hostile answers get typed errors', () => {
  it('a TSA reply: PDF_TIMESTAMP_FAILED', async () => {
    for (const body of hostile(fixture('tst-reply.der'))) {
      const got = await code(() =>
        requestTimestamp('http://tsa.invalid/', new Uint8Array(32).fill(0x11), { fetch: answering(body) }),
      );
      expect(got, Buffer.from(body.subarray(0, 16)).toString('hex')).toBe('PDF_TIMESTAMP_FAILED');
    }
  });

  it('an OCSP response: PDF_REVOCATION_FAILED, or a status when a flipped byte left it readable', async () => {
    for (const body of hostile(fixture('ocsp-response.der'))) {
      const got = await code(() =>
        fetchOcsp(gvcn, ca, { url: 'http://ocsp.invalid/', fetch: answering(body) }),
      );
      expect(
        ['PDF_REVOCATION_FAILED', 'no error'],
        Buffer.from(body.subarray(0, 16)).toString('hex'),
      ).toContain(got);
    }
  });

  it('a certificate: PDF_CERT_MALFORMED, or read when a flipped byte left it readable', async () => {
    for (const der of hostile(gvcn)) {
      const got = await code(async () => readCertificate(der));
      expect(['PDF_CERT_MALFORMED', 'no error'], Buffer.from(der.subarray(0, 16)).toString('hex')).toContain(
        got,
      );
    }
    // A keyUsage extension whose value is not DER: the certificate, not the reader, is blamed.
    const bad = gvcn.slice();
    const at = Buffer.from(bad).indexOf(Buffer.from('0603551d0f0101ff0404', 'hex'));
    expect(at).toBeGreaterThan(0);
    bad[at + 11] = 0x05; // the BIT STRING inside the OCTET STRING claims 5 octets of 2
    expect(await code(async () => readCertificate(bad))).toBe('PDF_CERT_MALFORMED');
  });
});
