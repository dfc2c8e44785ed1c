/**
 * A SoftHSM2 token with the test PKI's signers, for the companion's tests. The PKI is made
 * once per machine under os.tmpdir() (makeTestPki caches it); each test file gets its own
 * token directory and sets SOFTHSM2_CONF before it loads the module (forks pool).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki, type TestPki } from '../../../test/pki/index.mjs';
import { createSoftHsmToken, type SoftHsmObject, type SoftHsmToken } from '../../src/pkcs11/softhsm-token.js';

export const TEST_PIN = '12345678';

/** CKA_IDs of the objects on the test token. */
export const IDS = { gvcn: '01', principal: '02', seal: '03', ecdsa: '04', expired: '05', ca: 'ca' } as const;

/** Each signer's key and certificate as the test tokens hold them (CKA_ID, CKA_LABEL). */
const SIGNER_LABELS = {
  gvcn: 'GVCN',
  principal: 'Hiệu trưởng',
  seal: 'Con dấu',
  ecdsa: 'ECDSA',
  expired: 'Hết hạn',
} as const;
type Signer = keyof typeof SIGNER_LABELS;

/** One signer's key and certificate, for a token's objects. */
export function signerObject(pki: TestPki, who: Signer): SoftHsmObject {
  const { keyPath, certDerPath } = pki.signers[who];
  return { id: IDS[who], label: SIGNER_LABELS[who], keyPath, certDerPath };
}

/** The issuing CA's certificate, as a CA's token carries it beside the signer's. */
export function caObject(pki: TestPki): SoftHsmObject {
  return { id: IDS.ca, label: 'CA', certDerPath: pki.ca.certDerPath };
}

export async function testPki(): Promise<TestPki> {
  return makeTestPki(join(tmpdir(), 'hocba-companion-test-pki'));
}

export async function makeTestToken(
  label = 'HOCBA-TEST',
): Promise<{ token: SoftHsmToken; pki: TestPki; dir: string }> {
  const pki = await testPki();
  const dir = mkdtempSync(join(tmpdir(), 'hocba-token-'));
  const token = createSoftHsmToken({
    dir,
    label,
    pin: TEST_PIN,
    objects: [
      ...(['gvcn', 'principal', 'seal', 'ecdsa', 'expired'] as const).map((who) => signerObject(pki, who)),
      caObject(pki),
    ],
  });
  process.env.SOFTHSM2_CONF = token.confPath;
  return { token, pki, dir };
}
