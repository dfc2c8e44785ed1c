/**
 * Every token driver present is loaded: the search finds one file per vendor (configured one
 * first), and the ModuleSet lists tokens across modules, with a driver that fails to load or
 * to list reported beside the others' tokens, never hiding them. SoftHSM2 is the real module;
 * a real file that is not a PKCS#11 library fails for real; a driver whose slot list breaks
 * after loading (which SoftHSM cannot do) is a module whose C_GetSlotList throws.
 */
import { rmSync } from 'node:fs';
import { win32 } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findModules, ModuleSet, Pkcs11Module, SOFTHSM_MODULE } from '../../src/pkcs11/index.js';
import { IDS, makeTestToken, TEST_PIN } from '../support/token.js';

describe('findModules: which drivers to load', () => {
  const system32 = (file: string) => win32.join(process.env.WINDIR ?? 'C:\\Windows', 'System32', file);
  const syswow64 = (file: string) => win32.join(process.env.WINDIR ?? 'C:\\Windows', 'SysWOW64', file);

  it('loads every vendor present, not the first found: the VGCA seal driver and a commercial CA’s', () => {
    const onDisk = new Set(
      [
        system32('eTPKCS11.dll'),
        system32('viettel-ca_v5.dll'),
        system32('viettel-ca_v6.dll'),
        syswow64('viettel-ca_v6.dll'),
        system32('vnptca_p11_v8.dll'),
      ].map((p) => p.toLowerCase()),
    );
    const search = findModules(undefined, { platform: 'win32', exists: (p) => onDisk.has(p.toLowerCase()) });
    expect(search.load.map((m) => [m.vendor, m.path, m.source])).toEqual([
      ['VNPT-CA', system32('vnptca_p11_v8.dll'), 'found'],
      ['Viettel-CA', system32('viettel-ca_v6.dll'), 'found'],
      ['SafeNet eToken (VGCA)', system32('eTPKCS11.dll'), 'found'],
    ]);
    // One file per vendor: the newest name, the 64-bit folder first; the rest are named, not loaded.
    expect(search.skipped.map((m) => m.path)).toEqual([
      system32('viettel-ca_v5.dll'),
      syswow64('viettel-ca_v6.dll'),
    ]);
  });

  it('a vendor with only its 32-bit DLL is still tried (the doctor then says why it fails)', () => {
    const search = findModules(undefined, {
      platform: 'win32',
      exists: (p) => p === syswow64('BkavCAv2S.dll'),
    });
    expect(search.load).toEqual([{ vendor: 'BKAV-CA', path: syswow64('BkavCAv2S.dll'), source: 'found' }]);
  });

  it('the configured module comes first and stands for its vendor; the others are still found', () => {
    const onDisk = new Set([system32('viettel-ca_v6.dll'), system32('bit4xpki.dll')]);
    const configured = 'D:\\Drivers\\viettel-ca_v4.dll';
    const search = findModules(configured, { platform: 'win32', exists: (p) => onDisk.has(p) });
    expect(search.load.map((m) => [m.path, m.source])).toEqual([
      [configured, 'configured'],
      [system32('bit4xpki.dll'), 'found'],
    ]);
    expect(search.load[0]?.vendor).toBe('Viettel-CA');
    expect(search.skipped.map((m) => m.path)).toEqual([system32('viettel-ca_v6.dll')]);
  });

  it('moduleSearch off: the configured module only; nothing configured nor found: nothing to load', () => {
    expect(findModules('/x/y.so', { search: false, exists: () => true }).load).toEqual([
      { vendor: 'configured', path: '/x/y.so', source: 'configured' },
    ]);
    const none = findModules(undefined, { platform: 'linux', exists: () => false });
    expect(none.load).toEqual([]);
    expect(none.tried).toContain('/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so');
  });
});

describe('ModuleSet: tokens across modules', () => {
  let dir: string;
  let serial: string;
  beforeAll(async () => {
    const made = await makeTestToken('HOCBA-MULTI');
    dir = made.dir;
    serial = made.token.serial;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const softhsm = { vendor: 'SoftHSM', path: SOFTHSM_MODULE, source: 'configured' as const };

  it('a module that fails to load is reported and does not hide the tokens of the others', () => {
    const set = ModuleSet.open({
      load: [
        { vendor: 'configured', path: '/etc/hostname', source: 'configured' },
        { vendor: 'Gone', path: '/nonexistent/libgone.so', source: 'found' },
        softhsm,
      ],
    });
    try {
      expect(set.failed.map((f) => [f.candidate.path, f.error.code])).toEqual([
        ['/etc/hostname', 'MODULE_LOAD_FAILED'],
        ['/nonexistent/libgone.so', 'MODULE_LOAD_FAILED'],
      ]);
      expect(set.paths).toEqual([SOFTHSM_MODULE]);
      const tokens = set.listTokensWithModule();
      expect(tokens.map((t) => [t.token.label, t.module.path])).toEqual([['HOCBA-MULTI', SOFTHSM_MODULE]]);
      expect(tokens[0]?.token.certificates.map((c) => c.id)).toContain(IDS.principal);
      // Login goes to the module that holds the token.
      const session = set.login({ serial }, TEST_PIN);
      expect(set.session).toBe(session);
      session.logout();
    } finally {
      set.close();
    }
  });

  it('a driver whose slot list breaks after loading is reported; the other module’s tokens still list', () => {
    const broken = {
      C_GetSlotList: () => {
        throw Object.assign(new Error('CKR_GENERAL_ERROR'), { code: 5 });
      },
      C_Finalize: () => {},
    } as unknown as Pkcs11Module['api'];
    const set = ModuleSet.open(
      {
        load: [
          { vendor: 'Broken vendor', path: 'C:\\Windows\\System32\\broken.dll', source: 'found' },
          softhsm,
        ],
      },
      (path) => (path === SOFTHSM_MODULE ? Pkcs11Module.load(path) : new Pkcs11Module(broken, path)),
    );
    try {
      expect(set.failed).toEqual([]);
      expect(set.listTokens().map((t) => t.serial)).toEqual([serial]);
      expect(set.listFailures.map((f) => f.candidate.vendor)).toEqual(['Broken vendor']);
      expect(set.moduleFor({ serial }).path).toBe(SOFTHSM_MODULE);
      expect(() => set.moduleFor({ serial: 'not-here' })).toThrow(
        expect.objectContaining({ code: 'TOKEN_NOT_FOUND' }),
      );
    } finally {
      set.close();
    }
  });

  it('the same token seen through two drivers is listed once', () => {
    const set = ModuleSet.open({ load: [softhsm, { ...softhsm, source: 'found', vendor: 'again' }] });
    try {
      expect(set.loaded).toHaveLength(2);
      expect(set.listTokens().map((t) => t.serial)).toEqual([serial]);
    } finally {
      set.close();
    }
  });
});
