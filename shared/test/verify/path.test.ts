import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../test/pki/index.mjs';
import { validatePath } from '../../src/verify/path/index.js';
import { createTrustStore } from '../../src/verify/trust/index.js';
import { type Certificate, parseCertificate } from '../../src/x509/index.js';
import { ocspResponse as opensslOcspResponse } from '../support/openssl.js';
import { der, testPki } from './helpers.js';

let pki: TestPki;
let ca: Certificate;
const cert = (p: string) => parseCertificate(der(p));
/** An OCSP response for `subject` from the test responder, made by `openssl ocsp`. */
const ocspResponse = (subjectCert: string) => opensslOcspResponse(pki, subjectCert);

beforeAll(async () => {
  pki = await testPki();
  ca = cert(pki.ca.certDerPath);
}, 60_000);

describe('path validation', () => {
  const base = () => ({
    time: new Date(),
    timeProven: false,
    trust: createTrustStore({ bundled: false, anchors: [pki.root.certPem] }),
    pool: [ca],
    revocation: { crls: [], ocsps: [] },
  });

  it('builds signer → issuing CA → root and reports revocation UNKNOWN without data', async () => {
    const p = await validatePath(cert(pki.signers.gvcn.certDerPath), base());
    expect(p.status).toBe('TRUSTED');
    expect(p.chain).toHaveLength(3);
    expect(p.revocation.status).toBe('UNKNOWN');
  });

  it('without the issuing CA in the pool there is no path', async () => {
    const p = await validatePath(cert(pki.signers.gvcn.certDerPath), { ...base(), pool: [] });
    expect(p.status).toBe('UNTRUSTED');
  });

  it('OCSP good and revoked, from openssl ocsp responses signed by a delegated responder', async () => {
    const good = await validatePath(cert(pki.signers.gvcn.certDerPath), {
      ...base(),
      revocation: { crls: [], ocsps: [ocspResponse(pki.signers.gvcn.certPath)] },
    });
    expect(good.revocation).toMatchObject({ status: 'GOOD', source: 'OCSP' });
    const bad = await validatePath(cert(pki.signers.revoked.certDerPath), {
      ...base(),
      revocation: { crls: [], ocsps: [ocspResponse(pki.signers.revoked.certPath)] },
    });
    expect(bad.status).toBe('REVOKED');
    expect(bad.revocation.source).toBe('OCSP');
  });

  it('a validation time before the certificate existed: NOT_YET_VALID; after expiry: EXPIRED', async () => {
    expect(
      (await validatePath(cert(pki.signers.gvcn.certDerPath), { ...base(), time: new Date('2001-01-01') }))
        .status,
    ).toBe('NOT_YET_VALID');
    expect((await validatePath(cert(pki.signers.expired.certDerPath), base())).status).toBe('EXPIRED');
    // Inside the signer's own validity, but the issuing CA (made today) did not exist yet: the shell model
    // checks every certificate of the path at the signing time.
    const early = await validatePath(cert(pki.signers.expired.certDerPath), {
      ...base(),
      time: new Date('2020-06-01'),
    });
    expect(early.status).toBe('NOT_YET_VALID');
    expect(early.failedCertificate?.subject.find((a) => a.type === 'CN')?.value).toBe(
      'Hoc Ba Test Issuing CA',
    );
  });
});
