/**
 * Which token and certificate `hocba sign` takes: the one that fits the role, a refusal that
 * lists what is there when it is not clear (several tokens, a wrong --token or --cert, no
 * token at all), and output names that never land on a signed file already there.
 */
import type { CertificateInfo, TokenInfo } from '@hocba/shared/protocol';
import { describe, expect, it } from 'vitest';
import { SignedFileNames } from '../../src/cli/commands/sign-output.js';
import { chooseSigner, pinRefusal, softHsmHint } from '../../src/cli/commands/sign-token.js';

function cert(id: string, name: string, over: Partial<CertificateInfo> = {}): CertificateInfo {
  return {
    id,
    label: name,
    subject: { text: name, commonName: name },
    issuer: { text: 'CA', commonName: 'CA' },
    serialNumber: id,
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2030-01-01T00:00:00.000Z',
    validity: 'valid',
    keyType: 'rsa',
    keyBits: 2048,
    algorithms: ['RSA_PKCS1_SHA256'],
    keyUsage: 'signing',
    privateKey: 'unknown',
    roleHints: ['gvcn', 'principal'],
    fingerprintSha256: '0'.repeat(64),
    derBase64: '',
    ...over,
  } as CertificateInfo;
}

function token(label: string, serial: string, certificates: CertificateInfo[]): TokenInfo {
  return {
    label,
    serial,
    manufacturer: 'test',
    model: 'test',
    slotDescription: 'slot',
    pin: { status: 'ok', minLength: 4, maxLength: 16 },
    certificates,
  } as unknown as TokenInfo;
}

const modules = ['/usr/lib/vendor-pkcs11.so'];
const teacher = token('GV-LAN', '1111', [cert('01', 'Nguyễn Thị Lan')]);
const principal = token('HT-MINH', '2222', [
  cert('02', 'Trần Văn Minh', { roleHints: ['principal', 'gvcn'] }),
]);
const seal = token('CON-DAU', '3333', [
  cert('ca', 'CA trung gian', { keyUsage: 'noSigning', roleHints: ['seal', 'gvcn', 'principal'] }),
  cert('03', 'Trường Tiểu học Kim Đồng', { roleHints: ['seal'] }),
]);

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error as { code: string; vi: string; en: string };
  }
  throw new Error('no error');
};

describe('hocba sign: which token and certificate', () => {
  it('no token: says so, naming the drivers loaded (never "token ." with an empty name)', () => {
    const e = codeOf(() => chooseSigner([], { role: 'gvcn', modules }));
    expect(e.code).toBe('NO_TOKEN');
    expect(e.vi).toContain('Không thấy USB token nào');
    expect(e.vi).toContain('/usr/lib/vendor-pkcs11.so');
    expect(e.vi).not.toMatch(/token \./);
  });

  it('the only token that fits the role is taken without --token; a CA certificate is never picked', () => {
    expect(chooseSigner([teacher, seal], { role: 'gvcn', modules }).token.serial).toBe('1111');
    const s = chooseSigner([teacher, seal], { role: 'seal', modules });
    expect([s.token.serial, s.certificate.id]).toEqual(['3333', '03']);
  });

  it('two tokens that fit: refused, both listed, --token picks one by label or serial', () => {
    const e = codeOf(() => chooseSigner([teacher, principal], { role: 'gvcn', modules }));
    expect(e.code).toBe('SEVERAL_TOKENS');
    expect(e.vi).toContain('GV-LAN (serial 1111)');
    expect(e.vi).toContain('HT-MINH (serial 2222)');
    expect(e.vi).toContain('--token');
    expect(chooseSigner([teacher, principal], { role: 'gvcn', token: 'HT-MINH', modules }).token.serial).toBe(
      '2222',
    );
    expect(chooseSigner([teacher, principal], { role: 'gvcn', token: '1111', modules }).certificate.id).toBe(
      '01',
    );
  });

  it('a --token that is not there: the tokens plugged in are named', () => {
    const e = codeOf(() => chooseSigner([teacher], { role: 'gvcn', token: 'HOCBA-DEMO', modules }));
    expect(e.code).toBe('TOKEN_NOT_FOUND');
    expect(e.vi).toContain('“HOCBA-DEMO”');
    expect(e.vi).toContain('GV-LAN (serial 1111)');
  });

  it('a --cert that is not there: the certificates on the token are listed', () => {
    const e = codeOf(() => chooseSigner([seal], { role: 'seal', cert: '09', modules }));
    expect(e.code).toBe('CERTIFICATE_NOT_FOUND');
    expect(e.vi).toContain('[03] Trường Tiểu học Kim Đồng');
    expect(chooseSigner([seal], { role: 'seal', cert: '03', modules }).certificate.id).toBe('03');
  });

  it('only an expired certificate, or only a seal for a teacher: no certificate for the role, each one said why', () => {
    const old = token('CU', '4444', [cert('05', 'Lê Văn Cũ', { validity: 'expired' })]);
    const e = codeOf(() => chooseSigner([old], { role: 'gvcn', modules }));
    expect(e.code).toBe('NO_CERTIFICATE_FOR_ROLE');
    expect(e.vi).toContain('Giáo viên chủ nhiệm');
    expect(e.vi).toContain('[05] Lê Văn Cũ (hết hạn / expired)');
    expect(codeOf(() => chooseSigner([seal], { role: 'gvcn', modules })).code).toBe(
      'NO_CERTIFICATE_FOR_ROLE',
    );
  });

  it('the SoftHSM hint: only where SoftHSM is installed, and it names what is missing', () => {
    const softhsm = '/usr/lib/softhsm/libsofthsm2.so';
    expect(softHsmHint(modules, softhsm, false)).toBeUndefined();
    expect(softHsmHint(modules, softhsm, true)?.vi).toContain(`--module ${softhsm}`);
    expect(softHsmHint([softhsm], softhsm, true, {})?.vi).toContain('SOFTHSM2_CONF chưa đặt');
    expect(softHsmHint([softhsm], softhsm, true, { SOFTHSM2_CONF: '/x/softhsm2.conf' })).toBeUndefined();
  });
});

describe('hocba sign: output names', () => {
  it('one ".signed" however many signed before; never over a file already there or another output', () => {
    const there = new Set(['out/an.signed.pdf']);
    const names = new SignedFileNames('out', (p) => there.has(p));
    expect(names.next('lop-3a/binh.json')).toBe('out/binh.signed.pdf');
    expect(names.next('da-ky/chi.signed.pdf')).toBe('out/chi.signed.pdf');
    expect(names.next('da-ky/an.signed.pdf')).toBe('out/an-2.signed.pdf');
    expect(names.next('lop-3b/binh.json')).toBe('out/binh-2.signed.pdf');
    expect(names.next('lop-3c/binh.JSON')).toBe('out/binh-3.signed.pdf');
  });
});

describe('hocba sign: the PIN state, before the PIN is asked', () => {
  const withPin = (status: string) =>
    ({ ...teacher, pin: { status, minLength: 4, maxLength: 16 } }) as unknown as TokenInfo;

  it('locked: refused; one try left: refused unless --confirm-final-try; otherwise asked', () => {
    expect(pinRefusal(withPin('locked'), true)?.error.code).toBe('PIN_LOCKED');
    const last = pinRefusal(withPin('finalTry'), false);
    expect(last?.error.code).toBe('PIN_FINAL_TRY_CONFIRM');
    expect(last?.hint?.vi).toContain('--confirm-final-try');
    expect(pinRefusal(withPin('finalTry'), true)).toBeUndefined();
    expect(pinRefusal(withPin('countLow'), false)).toBeUndefined();
    expect(pinRefusal(withPin('ok'), false)).toBeUndefined();
  });
});
