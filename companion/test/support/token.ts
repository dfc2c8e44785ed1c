/**
 * A SoftHSM2 token with the test PKI's signers, for the companion's tests. The PKI is made
 * once per machine under os.tmpdir() (makeTestPki caches it); each test file gets its own
 * token directory and sets SOFTHSM2_CONF before it loads the module (forks pool).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki, type TestPki } from '../../../test/pki/index.mjs';
import { createSoftHsmToken, type SoftHsmToken } from '../../src/pkcs11/softhsm-token.js';

export const TEST_PIN = '12345678';

/** CKA_IDs of the objects on the test token. */
export const IDS = { gvcn: '01', principal: '02', seal: '03', ecdsa: '04', expired: '05', ca: 'ca' } as const;

export async function testPki(): Promise<TestPki> {
  return makeTestPki(join(tmpdir(), 'hocba-companion-test-pki'));
}

export async function makeTestToken(
  label = 'HOCBA-TEST',
): Promise<{ token: SoftHsmToken; pki: TestPki; dir: string }> {
  const pki = await testPki();
  const dir = mkdtempSync(join(tmpdir(), 'hocba-token-'));
  const s = pki.signers;
  const token = createSoftHsmToken({
    dir,
    label,
    pin: TEST_PIN,
    objects: [
      { id: IDS.gvcn, label: 'GVCN', keyPath: s.gvcn.keyPath, certDerPath: s.gvcn.certDerPath },
      {
        id: IDS.principal,
        label: 'Hiệu trưởng',
        keyPath: s.principal.keyPath,
        certDerPath: s.principal.certDerPath,
      },
      { id: IDS.seal, label: 'Con dấu', keyPath: s.seal.keyPath, certDerPath: s.seal.certDerPath },
      { id: IDS.ecdsa, label: 'ECDSA', keyPath: s.ecdsa.keyPath, certDerPath: s.ecdsa.certDerPath },
      { id: IDS.expired, label: 'Hết hạn', keyPath: s.expired.keyPath, certDerPath: s.expired.certDerPath },
      { id: IDS.ca, label: 'CA', certDerPath: pki.ca.certDerPath },
    ],
  });
  process.env.SOFTHSM2_CONF = token.confPath;
  return { token, pki, dir };
}
