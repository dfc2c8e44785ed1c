/**
 * The certificates on a token: read from a session as they are (CKA_VALUE, CKA_ID,
 * CKA_LABEL) and described for people (the protocol's CertificateInfo).
 */
import type { CertificateInfo } from '@hocba/shared/protocol';
import pkcs11js from 'pkcs11js';
import type { Pkcs11Api } from './api.js';
import { type CertificateDetails, readCertificate, roleHints, validityAt } from './certificate.js';
import { algorithmsFor } from './signer.js';

export interface TokenCertificate {
  id: string;
  label: string;
  der: Uint8Array;
  details: CertificateDetails;
}

/** The X.509 certificates a session sees (256 at most); one we cannot read is left out. */
export function readTokenCertificates(api: Pkcs11Api, session: Buffer): TokenCertificate[] {
  api.C_FindObjectsInit(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
  ]);
  const handles: Buffer[] = [];
  try {
    for (;;) {
      const batch = api.C_FindObjects(session, 32);
      if (batch.length === 0) break;
      handles.push(...batch);
      if (handles.length > 256) break;
    }
  } finally {
    api.C_FindObjectsFinal(session);
  }
  const out: TokenCertificate[] = [];
  for (const handle of handles) {
    const [value, id, label] = api.C_GetAttributeValue(session, handle, [
      { type: pkcs11js.CKA_VALUE },
      { type: pkcs11js.CKA_ID },
      { type: pkcs11js.CKA_LABEL },
    ]);
    if (!(value?.value instanceof Buffer)) continue;
    const der = new Uint8Array(value.value);
    try {
      out.push({
        id: id?.value instanceof Buffer ? id.value.toString('hex') : '',
        label: label?.value instanceof Buffer ? label.value.toString('utf8') : '',
        der,
        details: readCertificate(der),
      });
    } catch {
      // A certificate we cannot read is not one we could sign with; skip it.
    }
  }
  return out;
}

export function describeCertificate(
  c: TokenCertificate,
  mechanisms: readonly number[],
  now: Date,
): CertificateInfo {
  const d = c.details;
  return {
    id: c.id,
    label: c.label,
    subject: d.subject,
    issuer: d.issuer,
    serialNumber: d.serialNumber,
    notBefore: d.notBefore.toISOString(),
    notAfter: d.notAfter.toISOString(),
    validity: validityAt(d, now),
    keyType: d.keyType,
    keyBits: d.keyBits,
    algorithms: algorithmsFor(d.keyType, d.keyBits, mechanisms),
    keyUsage: d.keyUsage,
    privateKey: 'unknown',
    roleHints: roleHints(d),
    fingerprintSha256: d.fingerprintSha256,
    derBase64: Buffer.from(c.der).toString('base64'),
  };
}
