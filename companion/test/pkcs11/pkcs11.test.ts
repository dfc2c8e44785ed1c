import {
  createPublicKey,
  createVerify,
  constants as cryptoConstants,
  verify as verifyOneShot,
} from 'node:crypto';
import { rmSync } from 'node:fs';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecdsaRawToDer, FaultInjectingModule, Pkcs11Module, SOFTHSM_MODULE } from '../../src/pkcs11/index.js';
import { IDS, makeTestToken, TEST_PIN } from '../support/token.js';

let dir: string;
let serial: string;
let real: Pkcs11Module;
let faulty: FaultInjectingModule;
let module: Pkcs11Module;
let pki: Awaited<ReturnType<typeof makeTestToken>>['pki'];

beforeAll(async () => {
  const made = await makeTestToken('HOCBA-P11');
  dir = made.dir;
  serial = made.token.serial;
  pki = made.pki;
  real = Pkcs11Module.load(SOFTHSM_MODULE);
  faulty = new FaultInjectingModule(real.api);
  module = new Pkcs11Module(faulty, SOFTHSM_MODULE);
}, 60_000);

afterAll(() => {
  real?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PKCS#11 with SoftHSM2', () => {
  it('lists the token by serial with its certificates in words and role hints', () => {
    const tokens = module.listTokens();
    const token = tokens.find((t) => t.serial === serial);
    expect(token?.label).toBe('HOCBA-P11');
    expect(token?.pin.status).toBe('ok');
    const principal = token?.certificates.find((c) => c.id === IDS.principal);
    expect(principal?.subject.commonName).toBe('Trần Văn Minh');
    expect(principal?.subject.uid).toBe('CCCD:001080067890');
    expect(principal?.subject.text).toBe(
      'Trần Văn Minh · Hiệu trưởng · Trường Tiểu học Kim Đồng · Hà Nội · CCCD 001080067890',
    );
    expect(principal?.roleHints[0]).toBe('principal');
    expect(principal?.keyType).toBe('rsa');
    expect(principal?.keyBits).toBe(2048);
    expect(principal?.validity).toBe('valid');
    expect(principal?.algorithms).toEqual(['rsa-pss-sha256', 'rsa-pkcs1-sha256']);
    const seal = token?.certificates.find((c) => c.id === IDS.seal);
    expect(seal?.roleHints).toEqual(['seal']);
    expect(token?.certificates.find((c) => c.id === IDS.gvcn)?.roleHints[0]).toBe('gvcn');
    expect(token?.certificates.find((c) => c.id === IDS.expired)?.validity).toBe('expired');
    expect(token?.certificates.find((c) => c.id === IDS.ecdsa)?.algorithms).toEqual(['ecdsa-p256-sha256']);
    // The CA certificate is on the token for the chain, not offered as a signer.
    expect(token?.certificates.some((c) => c.id === IDS.ca)).toBe(false);
  });

  it('refuses a wrong PIN with a Vietnamese message, then logs in with the right one', () => {
    // SoftHSM raises CKF_USER_PIN_COUNT_LOW after any failed login (it never goes further).
    expect(() => module.login({ serial }, '00000000')).toThrow(
      expect.objectContaining({
        code: 'PIN_INCORRECT_COUNT_LOW',
        vi: expect.stringMatching(/^Mã PIN không đúng\./),
      }),
    );
    const session = module.login({ serial }, TEST_PIN);
    expect(session.isOpen).toBe(true);
    session.logout();
    expect(session.isOpen).toBe(false);
  });

  it('signs with RSA PKCS#1 v1.5, RSA-PSS and ECDSA; the signatures verify with the certificates', async () => {
    const session = module.login({ serial }, TEST_PIN);
    try {
      const data = new TextEncoder().encode('thuộc tính đã ký / signed attributes');
      const principal = session.signer(IDS.principal);
      expect(principal.chain).toHaveLength(1); // the issuing CA on the token
      const certKey = createPublicKey(pki.signers.principal.certPem);
      const pkcs1 = await principal.sign(data, 'rsa-pkcs1-sha256');
      expect(createVerify('sha256').update(data).verify(certKey, Buffer.from(pkcs1))).toBe(true);
      const pss = await principal.sign(data, 'rsa-pss-sha256');
      expect(
        verifyOneShot(
          'sha256',
          data,
          { key: certKey, padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
          Buffer.from(pss),
        ),
      ).toBe(true);
      const ecdsa = session.signer(IDS.ecdsa);
      const ecSig = await ecdsa.sign(data, 'ecdsa-p256-sha256');
      expect(ecSig[0]).toBe(0x30);
      expect(
        verifyOneShot('sha256', data, createPublicKey(pki.signers.ecdsa.certPem), Buffer.from(ecSig)),
      ).toBe(true);
      await expect(ecdsa.sign(data, 'rsa-pkcs1-sha256')).rejects.toMatchObject({
        code: 'ALGORITHM_UNSUPPORTED',
      });
      expect(() => session.signer('ff')).toThrow(expect.objectContaining({ code: 'CERTIFICATE_NOT_FOUND' }));
    } finally {
      session.logout();
    }
  });

  it('DER-encodes raw ECDSA r||s with leading-zero and high-bit handling', () => {
    const raw = new Uint8Array(64);
    raw[0] = 0x80; // r needs a 0x00 pad
    raw[32] = 0x00;
    raw[33] = 0x01; // s starts with a zero byte to strip
    const der = ecdsaRawToDer(raw);
    expect(Buffer.from(der.subarray(0, 5)).toString('hex')).toBe('3044022100');
    expect(der[2 + 2 + 33]).toBe(0x02);
    expect(der[2 + 2 + 33 + 1]).toBe(31);
  });
});

describe('PIN counters and pulled tokens, through the fault-injecting wrapper (SoftHSM cannot produce them)', () => {
  it('refuses the final try without confirmation, without calling C_Login', () => {
    faulty.faults = { pinFlags: pkcs11js.CKF_USER_PIN_FINAL_TRY };
    const before = faulty.calls.filter((c) => c === 'C_Login').length;
    expect(() => module.login({ serial }, TEST_PIN)).toThrow(
      expect.objectContaining({ code: 'PIN_FINAL_TRY_CONFIRM' }),
    );
    expect(faulty.calls.filter((c) => c === 'C_Login').length).toBe(before);
    expect(module.listTokens().find((t) => t.serial === serial)?.pin.status).toBe('finalTry');
    const session = module.login({ serial }, TEST_PIN, { confirmFinalTry: true });
    session.logout();
    faulty.faults = {};
  });

  it('says the final try is next after a wrong PIN when the token says so', () => {
    faulty.faults = { pinFlags: pkcs11js.CKF_USER_PIN_COUNT_LOW };
    expect(() => module.login({ serial }, '99999999')).toThrow(
      expect.objectContaining({ code: 'PIN_INCORRECT_COUNT_LOW' }),
    );
    faulty.faults = {};
  });

  it('maps CKR_PIN_LOCKED and never tries a PIN on a locked token', () => {
    faulty.faults = { pinLocked: true };
    expect(() => module.login({ serial }, TEST_PIN)).toThrow(expect.objectContaining({ code: 'PIN_LOCKED' }));
    faulty.faults = { pinFlags: pkcs11js.CKF_USER_PIN_LOCKED };
    const before = faulty.calls.filter((c) => c === 'C_Login').length;
    expect(() => module.login({ serial }, TEST_PIN)).toThrow(expect.objectContaining({ code: 'PIN_LOCKED' }));
    expect(faulty.calls.filter((c) => c === 'C_Login').length).toBe(before);
    faulty.faults = {};
  });

  it('reports CKR_DEVICE_REMOVED mid-signing and CKR_TOKEN_NOT_PRESENT after, then works again once reinserted', async () => {
    const session = module.login({ serial }, TEST_PIN);
    const signer = session.signer(IDS.principal);
    faulty.signs = 0;
    faulty.faults = { removeAfterSigns: 2 };
    const data = new Uint8Array([1, 2, 3]);
    await signer.sign(data, 'rsa-pkcs1-sha256');
    await signer.sign(data, 'rsa-pkcs1-sha256');
    await expect(signer.sign(data, 'rsa-pkcs1-sha256')).rejects.toMatchObject({ code: 'TOKEN_REMOVED' });
    expect(session.tokenGone?.code).toBe('TOKEN_REMOVED');
    await expect(signer.sign(data, 'rsa-pkcs1-sha256')).rejects.toMatchObject({ code: 'TOKEN_NOT_PRESENT' });
    expect(() => module.findToken({ serial })).toThrow(expect.objectContaining({ code: 'TOKEN_NOT_FOUND' }));
    session.logout();
    faulty.reinsert();
    const again = module.login({ serial }, TEST_PIN);
    expect(await again.signer(IDS.principal).sign(data, 'rsa-pkcs1-sha256')).toHaveLength(256);
    again.logout();
  });
});
