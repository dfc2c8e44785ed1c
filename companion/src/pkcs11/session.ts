/** A login on a token for one batch (Pkcs11Module.login opens it). */
import type { HocbaError } from '@hocba/shared/errors';
import pkcs11js from 'pkcs11js';
import type { Pkcs11Api } from './api.js';
import { type CertificateDetails, readCertificate } from './certificate.js';
import { pkcs11Call as call, tokenError } from './errors.js';
import { Pkcs11Signer } from './signer.js';
import { readTokenCertificates, type TokenCertificate } from './token-certificates.js';
import type { TokenSlot } from './token-slot.js';

/** One logged-in session: the batch signs through it, then it logs out. */
export class Pkcs11Session {
  private closed = false;
  /** Set when the token reported it is gone: the batch stops. */
  tokenGone: HocbaError | undefined;

  constructor(
    private readonly api: Pkcs11Api,
    readonly token: TokenSlot,
    readonly session: Buffer,
    private readonly mechanisms: readonly number[],
    private readonly onClose: () => void,
  ) {}

  private certificates(): TokenCertificate[] {
    return call('C_FindObjects', () => readTokenCertificates(this.api, this.session));
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /**
   * The signer for a certificate on the token (by CKA_ID, hex) and its private key. The chain
   * comes from the CA certificates on the token plus `extraCertificates` (configuration).
   */
  signer(certificateId: string, extraCertificates: readonly Uint8Array[] = []): Pkcs11Signer {
    if (this.closed) throw tokenError('NOT_LOGGED_IN');
    const api = this.api;
    const certificates = this.certificates();
    const cert = certificates.find((c) => c.id === certificateId && !c.details.isCa);
    if (!cert) throw tokenError('CERTIFICATE_NOT_FOUND', { id: certificateId });
    const key = call('C_FindObjects', () => {
      api.C_FindObjectsInit(this.session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_ID, value: Buffer.from(certificateId, 'hex') },
      ]);
      try {
        return api.C_FindObjects(this.session);
      } finally {
        api.C_FindObjectsFinal(this.session);
      }
    });
    if (!key) throw tokenError('KEY_NOT_FOUND', { id: certificateId });
    const pool = [
      ...certificates.filter((c) => c.details.isCa),
      ...extraCertificates.map((der) => ({ id: '', label: '', der, details: readCertificate(der) })),
    ];
    const chain: Uint8Array[] = [];
    let current = cert.details;
    for (let depth = 0; depth < 8 && current.issuerDer !== current.subjectDer; depth++) {
      const issuer = pool.find((c) => c.details.subjectDer === current.issuerDer);
      if (!issuer || chain.some((d) => Buffer.compare(Buffer.from(d), Buffer.from(issuer.der)) === 0)) break;
      chain.push(issuer.der);
      current = issuer.details;
    }
    return new Pkcs11Signer({
      api,
      session: this.session,
      key,
      certificate: cert.der,
      chain,
      keyType: cert.details.keyType,
      keyBits: cert.details.keyBits,
      mechanisms: this.mechanisms,
      onError: (error) => {
        if (
          error.code === 'TOKEN_REMOVED' ||
          error.code === 'TOKEN_NOT_PRESENT' ||
          error.code === 'DEVICE_ERROR'
        )
          this.tokenGone = error;
      },
    });
  }

  /** Certificate details for the audit log and pre-sign checks. */
  certificateDetails(certificateId: string): CertificateDetails | undefined {
    return this.certificates().find((c) => c.id === certificateId)?.details;
  }

  /** Logs out and closes the session; safe to call twice and after the token is pulled. */
  logout(): void {
    if (this.closed) return;
    this.closed = true;
    const api = this.api;
    try {
      api.C_Logout(this.session);
    } catch {}
    try {
      api.C_CloseSession(this.session);
    } catch {}
    this.onClose();
  }
}
