/**
 * Golden bytes of everything signing builds in DER (CMS signed attributes and SignedData for
 * each algorithm, with and without a time-stamp token; the RFC 3161 request; the OCSP
 * request) and what its readers take out of fixed DER (certificates, a time-stamp token and
 * reply, an OCSP response), from the fixed inputs in ../fixtures/asn1 (made once by make.mjs).
 * Recorded with node-forge's encoder before the move to our own writer: a change to the writer
 * or the readers that alters one byte fails here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readCertificate } from '../../src/pdf/cms/certificate.js';
import { buildSignedAttributes, buildSignedData } from '../../src/pdf/cms/signed-data.js';
import { buildOcspRequest, cmsCertificates, fetchOcsp, timestampTokens } from '../../src/pdf/dss/index.js';
import { ecdsaRawToDer } from '../../src/pdf/signer.js';
import { buildTimestampRequest, readTstInfo, requestTimestamp } from '../../src/pdf/timestamp/index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/asn1');
const fixture = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** JSON with bytes as hex and dates as ISO strings: a reader's result as one comparable text. */
const json = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? `hex:${hex(x)}` : x), 1).replace(/\n\s*/g, ' ');

const der = {
  root: fixture('root.der'),
  ca: fixture('ca.der'),
  gvcn: fixture('gvcn.der'),
  ecdsa: fixture('ecdsa.der'),
  tsa: fixture('tsa.der'),
  ocsp: fixture('ocsp.der'),
};
const token = fixture('tst-token.der');
const documentDigest = new Uint8Array(32).fill(0x22);
/** Stand-ins for the key's output: the encoder does not look inside them. */
const signatureValue = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);

afterEach(() => vi.restoreAllMocks());

describe('DER golden bytes (signing builders)', () => {
  it('signed attributes: the SET OF in DER order, with and without the certificate hash given', async () => {
    const gvcn = readCertificate(der.gvcn);
    const ecdsa = readCertificate(der.ecdsa);
    const a = await buildSignedAttributes({ documentDigest, signer: gvcn });
    const b = await buildSignedAttributes({
      documentDigest,
      signer: gvcn,
      certificateSha256: new Uint8Array(createHash('sha256').update(der.gvcn).digest()),
    });
    const c = await buildSignedAttributes({ documentDigest, signer: ecdsa });
    expect(hex(b)).toBe(hex(a));
    expect({ gvcn: hash(a), ecdsa: hash(c) }).toMatchInlineSnapshot(`
      {
        "ecdsa": "643f1b1d1bb3dec03785a4ac6f83921ebbc3877498eab54931cdd2a4f052be9c",
        "gvcn": "9be617fff07847e603899fa08b9c9565caf2042cb39d4f56f49c9232792b32d4",
      }
    `);
  });

  it('SignedData for each algorithm, with the chain, a repeated certificate and a time-stamp token', async () => {
    const out: Record<string, string> = {};
    for (const [name, cert, algorithm, length] of [
      ['rsa-pkcs1', der.gvcn, 'rsa-pkcs1-sha256', 256],
      ['rsa-pss', der.gvcn, 'rsa-pss-sha256', 256],
      ['ecdsa', der.ecdsa, 'ecdsa-p256-sha256', 71],
    ] as const) {
      const signer = readCertificate(cert);
      const signedAttributes = await buildSignedAttributes({ documentDigest, signer });
      const base = { signedAttributes, signatureValue: signatureValue(length), algorithm, signer };
      const plain = buildSignedData({ ...base, chain: [der.ca, der.root] });
      // The signer's own certificate again in the chain is embedded once.
      expect(hex(buildSignedData({ ...base, chain: [cert, der.ca, der.root] }))).toBe(hex(plain));
      const stamped = buildSignedData({ ...base, chain: [der.ca], timeStampToken: token });
      out[`${name}`] = hash(plain);
      out[`${name}+tst`] = hash(stamped);
      // The readers of the result find the certificates and the token as they went in.
      expect(cmsCertificates(plain).map(hex)).toEqual([cert, der.ca, der.root].map(hex));
      expect(cmsCertificates(stamped).map(hex)).toEqual([cert, der.ca, der.tsa, der.ca].map(hex));
      expect(timestampTokens(stamped).map(hex)).toEqual([hex(token)]);
      expect(timestampTokens(token).map(hex)).toEqual([hex(token)]);
    }
    expect(out).toMatchInlineSnapshot(`
      {
        "ecdsa": "2811b118a6dcb8956f1edf01606afc3776c08d56895d8a272ed62fcb082c830c",
        "ecdsa+tst": "ad8dca55141f58bc04c2c822cefcea3231f114510503c509d811e868e47f414f",
        "rsa-pkcs1": "4ffec6886ba69b6b7b9496c9b58d88695fd5f53f7bff67ffdfa98e614e991fad",
        "rsa-pkcs1+tst": "bd12004ba30bc2e41db7e3c67cd19b9ea0115e5a160c8333c6304f43e51c5f67",
        "rsa-pss": "0539c25035215ee8837f76ca796b12515f654c113d7e5b67b823663433211470",
        "rsa-pss+tst": "483b43519256b98e11fb8e4dff73df3688a4510dc85945cb288ef0352fc417b6",
      }
    `);
  });

  it('the RFC 3161 request: exactly the query the fixture TSA answered', () => {
    const nonce = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    expect(hex(buildTimestampRequest(new Uint8Array(32).fill(0x11), nonce))).toBe(
      hex(fixture('tst-query.der')),
    );
  });

  it('the OCSP request for a certificate and its issuer', async () => {
    const request = await buildOcspRequest(readCertificate(der.gvcn), readCertificate(der.ca));
    expect(hash(request)).toMatchInlineSnapshot(
      `"f19c9e855c19e9376f0e35c8709a129d40f095e5bc59e7fb6ababd44d47e1bff"`,
    );
  });

  it('ECDSA r||s to Ecdsa-Sig-Value: leading zeros dropped, a high bit padded', () => {
    const raw = new Uint8Array(64);
    raw.set([0x00, 0x00, 0x7f], 0); // r: two leading zeros
    raw.fill(0x5a, 3, 32);
    raw.set([0x80], 32); // s: high bit set
    raw.fill(0xa5, 33, 64);
    expect(hex(ecdsaRawToDer(raw))).toMatchInlineSnapshot(
      `"3043021e7f5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a02210080a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5"`,
    );
    expect(hex(ecdsaRawToDer(new Uint8Array(64)))).toMatchInlineSnapshot(`"3006020100020100"`);
  });
});

describe('DER golden readings (what signing takes out of DER)', () => {
  it('certificates: every field of CertificateInfo', () => {
    const out: Record<string, string> = {};
    for (const [name, bytes] of Object.entries(der))
      out[name] = hash(new TextEncoder().encode(json(readCertificate(bytes))));
    expect(out).toMatchInlineSnapshot(`
      {
        "ca": "7526f116ad57a3ea2b0bba0c3b94825d139f30423900a01739ecbc436043d50a",
        "ecdsa": "dad734ec8775d9eed39a5bb89956cfd9927c4484bc8b31fdee9b6e0207ec362d",
        "gvcn": "08c9cf74d7b102e27aeb30b6c16ba4ffbe362655b89fbcac5a4be8ec08151bb9",
        "ocsp": "aa12ffe871ed0786694f8cfacd2764c3ba694ddbc77bd23baa5b92a15028996f",
        "root": "bf09f0beaa672a45eea200f3a545070e056444fe8570305bde9fd7b6e7352696",
        "tsa": "de26a0f88b82c47911d03dd044a91da261ccee7114d3e17a5354653565257064",
      }
    `);
    // One in plain view, so a failure says which field moved.
    expect(json({ ...readCertificate(der.gvcn), der: undefined, spkiDer: undefined })).toMatchInlineSnapshot(
      `"{ "serial": "hex:1001", "serialHex": "1001", "issuerDer": "hex:3059311f301d06035504030c16486f6320426120546573742049737375696e67204341310b300906035504061302564e31293027060355040a0c2048e1bb8d632062e1baa12073e1bb9120287468e1bbad206e676869e1bb876d29", "subjectDer": "hex:3081b2311b301906035504030c124e677579e1bb856e205468e1bb8b204c616e310b300906035504061302564e3112301006035504070c0948c3a0204ee1bb9969312b3029060355040a0c225472c6b0e1bb9d6e67205469e1bb83752068e1bb8d63204b696d20c490e1bb936e6731223020060355040c0c194769c3a16f207669c3aa6e206368e1bba7206e6869e1bb876d3121301f060a0992268993f22c6401010c11434343443a303031313930303132333435", "issuer": [ { "oid": "2.5.4.3", "type": "CN", "value": "Hoc Ba Test Issuing CA" }, { "oid": "2.5.4.6", "type": "C", "value": "VN" }, { "oid": "2.5.4.10", "type": "O", "value": "Học bạ số (thử nghiệm)" } ], "subject": [ { "oid": "2.5.4.3", "type": "CN", "value": "Nguyễn Thị Lan" }, { "oid": "2.5.4.6", "type": "C", "value": "VN" }, { "oid": "2.5.4.7", "type": "L", "value": "Hà Nội" }, { "oid": "2.5.4.10", "type": "O", "value": "Trường Tiểu học Kim Đồng" }, { "oid": "2.5.4.12", "type": "title", "value": "Giáo viên chủ nhiệm" }, { "oid": "0.9.2342.19200300.100.1.1", "type": "UID", "value": "CCCD:001190012345" } ], "commonName": "Nguyễn Thị Lan", "organization": "Trường Tiểu học Kim Đồng", "uid": "CCCD:001190012345", "notBefore": "2026-12-01T18:09:42.000Z", "notAfter": "2031-11-30T18:09:42.000Z", "keyUsage": { "digitalSignature": true, "nonRepudiation": true, "keyCertSign": false }, "keyType": "rsa", "isCa": false, "ocspUrls": [ "http://127.0.0.1:18190/" ], "crlUrls": [ "http://127.0.0.1:18191/ca.crl" ] }"`,
    );
  });

  it('the TSTInfo of a token, and a TSA reply read as requestTimestamp reads it', async () => {
    expect(json(readTstInfo(token))).toMatchInlineSnapshot(
      `"{ "imprint": "hex:1111111111111111111111111111111111111111111111111111111111111111", "serial": "hex:02", "genTime": "2026-12-01T18:09:53.000Z", "nonce": "hex:0102030405060708" }"`,
    );
    // The request's nonce is drawn at random: fixed here to the one the fixture TSA answered.
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((a) => {
      (a as Uint8Array).set([1, 2, 3, 4, 5, 6, 7, 8]);
      return a;
    });
    let sent: Uint8Array | undefined;
    const reply = fixture('tst-reply.der');
    const fetch = async (_url: unknown, init?: RequestInit) => {
      sent = init?.body as Uint8Array;
      return new Response(reply as Uint8Array<ArrayBuffer>);
    };
    const got = await requestTimestamp('http://tsa.invalid/', new Uint8Array(32).fill(0x11), {
      fetch: fetch as typeof globalThis.fetch,
    });
    expect(hex(sent!)).toBe(hex(fixture('tst-query.der')));
    expect(hash(got)).toMatchInlineSnapshot(
      `"3be4476728df5c9b6730f87306ca7f976af717c7477bf958d5e2ff77a199aded"`,
    );
    expect(json(readTstInfo(got))).toMatchInlineSnapshot(
      `"{ "imprint": "hex:1111111111111111111111111111111111111111111111111111111111111111", "serial": "hex:03", "genTime": "2026-12-01T18:09:53.000Z", "nonce": "hex:0102030405060708" }"`,
    );
  });

  it('an OCSP response read as fetchOcsp reads it', async () => {
    const response = fixture('ocsp-response.der');
    let sent: Uint8Array | undefined;
    const fetch = async (_url: unknown, init?: RequestInit) => {
      sent = init?.body as Uint8Array;
      return new Response(response as Uint8Array<ArrayBuffer>);
    };
    const r = await fetchOcsp(der.gvcn, der.ca, {
      url: 'http://ocsp.invalid/',
      fetch: fetch as typeof globalThis.fetch,
    });
    expect(hex(sent!)).toBe(hex(await buildOcspRequest(readCertificate(der.gvcn), readCertificate(der.ca))));
    expect(hex(r.response)).toBe(hex(response));
    expect(r.status).toBe('good');
    expect(r.responderCertificates.map(hex)).toEqual([hex(der.ocsp)]);
  });
});
