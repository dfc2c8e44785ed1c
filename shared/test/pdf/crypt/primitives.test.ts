/**
 * The decryption primitives against their published test vectors (RFC 1321, RFC 6229's
 * companions on Wikipedia for RC4, FIPS-197 appendix C, SP 800-38A F.2, FIPS 180-4 examples),
 * then against node:crypto over many lengths (block edges, multi-block inputs).
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Aes, cbcDecryptRaw, cbcEncryptRaw, pdfAesDecrypt } from '../../../src/pdf/crypt/aes.js';
import { md5 } from '../../../src/pdf/crypt/md5.js';
import { rc4 } from '../../../src/pdf/crypt/rc4.js';
import { sha256, sha384, sha512 } from '../../../src/pdf/crypt/sha2.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const text = (s: string) => new TextEncoder().encode(s);

describe('MD5 (RFC 1321 appendix A.5)', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      '57edf4a22be3c955ac49da2e2107b67a',
    ],
  ])('md5(%j)', (input, digest) => expect(hex(md5(text(input)))).toBe(digest));

  it('parts hash as one message, and every length up to 300 agrees with node:crypto', () => {
    expect(hex(md5(text('message '), text('digest')))).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    for (let n = 0; n < 300; n++) {
      const b = randomBytes(n);
      expect(hex(md5(b))).toBe(createHash('md5').update(b).digest('hex'));
    }
  });
});

describe('RC4', () => {
  it.each([
    ['Key', 'Plaintext', 'bbf316e8d940af0ad3'],
    ['Wiki', 'pedia', '1021bf0420'],
    ['Secret', 'Attack at dawn', '45a01f645fc35b383552544b9bf5'],
  ])('key %j', (key, plain, cipher) => {
    expect(hex(rc4(text(key), text(plain)))).toBe(cipher);
    expect(rc4(text(key), unhex(cipher))).toEqual(text(plain));
  });
});

describe('AES (FIPS-197 appendix C; SP 800-38A F.2)', () => {
  const plain = unhex('00112233445566778899aabbccddeeff');
  it.each([
    ['000102030405060708090a0b0c0d0e0f', '69c4e0d86a7b0430d8cdb78070b4c55a'],
    ['000102030405060708090a0b0c0d0e0f1011121314151617', 'dda97ca4864cdfe06eaf70a0ec0d7191'],
    ['000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', '8ea2b7ca516745bfeafc49904b496089'],
  ])('key %s', (key, cipher) => {
    const aes = new Aes(unhex(key));
    const out = new Uint8Array(16);
    aes.encryptBlock(plain, 0, out, 0);
    expect(hex(out)).toBe(cipher);
    aes.decryptBlock(unhex(cipher), 0, out, 0);
    expect(out).toEqual(plain);
  });

  const iv = unhex('000102030405060708090a0b0c0d0e0f');
  const pt = unhex(`6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
    30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710`);
  it.each([
    [
      'CBC-AES128',
      '2b7e151628aed2a6abf7158809cf4f3c',
      `7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2
       73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7`,
    ],
    [
      'CBC-AES256',
      '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4',
      `f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d
       39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b`,
    ],
  ])('%s', (_name, key, cipher) => {
    expect(hex(cbcEncryptRaw(unhex(key), iv, pt))).toBe(hex(unhex(cipher)));
    expect(cbcDecryptRaw(unhex(key), iv, unhex(cipher))).toEqual(pt);
  });

  it('PDF strings: IV first, PKCS#5 padding off; node:crypto agrees over lengths 0..100', () => {
    for (const keyLen of [16, 32]) {
      const key = randomBytes(keyLen);
      for (let n = 0; n <= 100; n++) {
        const data = randomBytes(n);
        const ivn = randomBytes(16);
        const c = createCipheriv(keyLen === 16 ? 'aes-128-cbc' : 'aes-256-cbc', key, ivn);
        const enc = Buffer.concat([ivn, c.update(data), c.final()]);
        expect(pdfAesDecrypt(key, enc)).toEqual({ data: new Uint8Array(data), ok: true });
      }
    }
  });

  it('damaged AES strings read as damaged, never throw: short, ragged, bad padding', () => {
    const key = randomBytes(16);
    expect(pdfAesDecrypt(key, new Uint8Array(0))).toEqual({ data: new Uint8Array(0), ok: true });
    expect(pdfAesDecrypt(key, new Uint8Array(5)).ok).toBe(false);
    expect(pdfAesDecrypt(key, new Uint8Array(16)).ok).toBe(false);
    expect(pdfAesDecrypt(key, new Uint8Array(40)).data.length).toBe(16);
    const bad = pdfAesDecrypt(key, new Uint8Array(48));
    expect(bad.data.length === 32 || bad.ok).toBe(true);
    expect(() => new Aes(new Uint8Array(7))).toThrow(RangeError);
    expect(cbcDecryptRaw(key, new Uint8Array(16), new Uint8Array(15))).toBeUndefined();
  });
});

describe('SHA-2 (FIPS 180-4 examples)', () => {
  const two = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
  const long =
    'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu';
  it('SHA-256', () => {
    expect(hex(sha256(text('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(text('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256(text(two)))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });
  it('SHA-384', () => {
    expect(hex(sha384(text('abc')))).toBe(
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    );
    expect(hex(sha384(text(long)))).toBe(
      '09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039',
    );
  });
  it('SHA-512', () => {
    expect(hex(sha512(text('abc')))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    expect(hex(sha512(text(long)))).toBe(
      '8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909',
    );
  });
  it('every length up to 300 agrees with node:crypto', () => {
    for (let n = 0; n < 300; n++) {
      const b = randomBytes(n);
      expect(hex(sha256(b))).toBe(createHash('sha256').update(b).digest('hex'));
      expect(hex(sha384(b))).toBe(createHash('sha384').update(b).digest('hex'));
      expect(hex(sha512(b))).toBe(createHash('sha512').update(b).digest('hex'));
    }
  });
});
