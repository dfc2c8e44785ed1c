/**
 * A loaded PKCS#11 module: its tokens (found by serial or label, never by slot id, which
 * changes each time a token is plugged in), their certificates, and a login per batch.
 */

import { type HocbaError, isHocbaError } from '@hocba/shared/errors';
import type { CertificateInfo, PinStatus, TokenInfo } from '@hocba/shared/protocol';
import pkcs11js from 'pkcs11js';
import type { Pkcs11Api } from './api.js';
import { type CertificateDetails, readCertificate, roleHints, validityAt } from './certificate.js';
import { compareForPeople } from './certificate-order.js';
import { fromPkcs11, tokenError } from './errors.js';
import { algorithmsFor, Pkcs11Signer } from './signer.js';

/** Missing from pkcs11js' typings (toolchain notes). */
const CKF_TOKEN_PRESENT = 1;

export interface TokenRef {
  serial?: string;
  label?: string;
}

export interface TokenSlot {
  slot: Buffer;
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  slotDescription: string;
  flags: number;
}

interface TokenCertificate {
  id: string;
  label: string;
  der: Uint8Array;
  details: CertificateDetails;
}

export function pinStatusFromFlags(flags: number): PinStatus {
  if (flags & pkcs11js.CKF_USER_PIN_LOCKED) return 'locked';
  if (flags & pkcs11js.CKF_USER_PIN_FINAL_TRY) return 'finalTry';
  if (flags & pkcs11js.CKF_USER_PIN_COUNT_LOW) return 'countLow';
  if (flags & pkcs11js.CKF_USER_PIN_TO_BE_CHANGED) return 'toBeChanged';
  if (!(flags & pkcs11js.CKF_USER_PIN_INITIALIZED)) return 'notInitialized';
  return 'ok';
}

function text(value: string): string {
  return value.replace(/\0/g, '').trim();
}

function call<T>(operation: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw isHocbaError(error) ? error : fromPkcs11(error, operation);
  }
}

export class Pkcs11Module {
  private active: Pkcs11Session | undefined;

  constructor(
    readonly api: Pkcs11Api,
    readonly path: string,
  ) {}

  /** Loads and initialises a module file. Errors: MODULE_LOAD_FAILED. */
  static load(path: string): Pkcs11Module {
    const module = new pkcs11js.PKCS11();
    try {
      module.load(path);
      try {
        module.C_Initialize();
      } catch (error) {
        // Loaded twice in one process (tests, doctor inside a running companion): already fine.
        if (!(error instanceof Error && error.message === 'CKR_CRYPTOKI_ALREADY_INITIALIZED')) throw error;
      }
    } catch (error) {
      throw tokenError(
        'MODULE_LOAD_FAILED',
        { path, reason: error instanceof Error ? error.message : String(error) },
        { cause: error },
      );
    }
    return new Pkcs11Module(module, path);
  }

  describe(): { description: string; manufacturer: string } {
    const info = call('C_GetInfo', () => this.api.C_GetInfo());
    return { description: text(info.libraryDescription), manufacturer: text(info.manufacturerID) };
  }

  /** Slots with a token present. */
  tokens(): TokenSlot[] {
    const out: TokenSlot[] = [];
    for (const slot of call('C_GetSlotList', () => this.api.C_GetSlotList(true))) {
      try {
        const slotInfo = this.api.C_GetSlotInfo(slot);
        if (!(slotInfo.flags & CKF_TOKEN_PRESENT)) continue;
        const info = this.api.C_GetTokenInfo(slot);
        // An uninitialised slot (SoftHSM always keeps one free) has no label and no use.
        if (!(info.flags & pkcs11js.CKF_TOKEN_INITIALIZED)) continue;
        out.push({
          slot,
          label: text(info.label),
          serial: text(info.serialNumber),
          manufacturer: text(info.manufacturerID),
          model: text(info.model),
          slotDescription: text(slotInfo.slotDescription),
          flags: info.flags,
        });
      } catch {
        // A token pulled between the slot list and its info: not present.
      }
    }
    return out;
  }

  findToken(ref: TokenRef): TokenSlot {
    const token = this.tokens().find(
      (t) =>
        (ref.serial !== undefined && t.serial === ref.serial) ||
        (ref.serial === undefined && ref.label !== undefined && t.label === ref.label),
    );
    if (!token) throw tokenError('TOKEN_NOT_FOUND', { token: ref.serial ?? ref.label ?? '?' });
    return token;
  }

  /** Re-reads the token's flags (PIN counters change after each try). */
  tokenFlags(slot: Buffer): number {
    return call('C_GetTokenInfo', () => this.api.C_GetTokenInfo(slot)).flags;
  }

  private readCertificates(session: Buffer): TokenCertificate[] {
    const api = this.api;
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

  private withSession<T>(slot: Buffer, fn: (session: Buffer) => T): T {
    const session = call('C_OpenSession', () => this.api.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION));
    try {
      return call('C_FindObjects', () => fn(session));
    } finally {
      try {
        this.api.C_CloseSession(session);
      } catch {
        // Already gone with the token.
      }
    }
  }

  /** Every present token with its certificates, described for the user. */
  listTokens(now = new Date()): TokenInfo[] {
    return this.tokens().map((token) => {
      const mechanisms = call('C_GetMechanismList', () => this.api.C_GetMechanismList(token.slot));
      const certificates = this.withSession(token.slot, (session) => this.readCertificates(session));
      const pinpad = Boolean(token.flags & pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH);
      const info = this.api.C_GetTokenInfo(token.slot);
      return {
        label: token.label,
        serial: token.serial,
        manufacturer: token.manufacturer,
        model: token.model,
        slotDescription: token.slotDescription,
        pin: {
          status: pinStatusFromFlags(token.flags),
          minLength: info.minPinLen,
          maxLength: info.maxPinLen,
          entry: pinpad ? 'pinpad' : 'keyboard',
        },
        certificates: certificates
          .filter((c) => !c.details.isCa)
          .map((c): CertificateInfo => describeCertificate(c, mechanisms, now))
          .sort(compareForPeople),
      };
    });
  }

  /**
   * Logs in to a token for one batch. Never tries the PIN on a locked token, nor on the final
   * try unless `confirmFinalTry`: a mistyped PIN must not lock a principal's token unawares.
   * The PIN goes to C_Login and nowhere else.
   */
  login(ref: TokenRef, pin: string | undefined, options: { confirmFinalTry?: boolean } = {}): Pkcs11Session {
    const token = this.findToken(ref);
    const before = pinStatusFromFlags(token.flags);
    if (before === 'locked') throw tokenError('PIN_LOCKED');
    if (before === 'finalTry' && !options.confirmFinalTry) throw tokenError('PIN_FINAL_TRY_CONFIRM');
    this.active?.logout();
    const session = call('C_OpenSession', () =>
      this.api.C_OpenSession(token.slot, pkcs11js.CKF_SERIAL_SESSION),
    );
    try {
      const pinpad = Boolean(token.flags & pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH);
      if (pinpad) this.api.C_Login(session, pkcs11js.CKU_USER);
      else this.api.C_Login(session, pkcs11js.CKU_USER, pin ?? '');
    } catch (error) {
      const typed = isHocbaError(error) ? error : fromPkcs11(error, 'C_Login');
      const alreadyIn = error instanceof Error && error.message === 'CKR_USER_ALREADY_LOGGED_IN';
      if (!alreadyIn) {
        try {
          this.api.C_CloseSession(session);
        } catch {}
        throw this.explainLoginFailure(token.slot, typed);
      }
    }
    const mechanisms = call('C_GetMechanismList', () => this.api.C_GetMechanismList(token.slot));
    this.active = new Pkcs11Session(this, token, session, mechanisms, () => {
      if (this.active?.session === session) this.active = undefined;
    });
    return this.active;
  }

  /** After a wrong PIN, the token's counters say how careful the next try must be. */
  private explainLoginFailure(slot: Buffer, error: HocbaError): HocbaError {
    if (error.code !== 'PIN_INCORRECT') return error;
    let status: PinStatus = 'ok';
    try {
      status = pinStatusFromFlags(this.tokenFlags(slot));
    } catch {}
    if (status === 'locked') return tokenError('PIN_LOCKED', {}, { cause: error });
    if (status === 'finalTry')
      return tokenError('PIN_INCORRECT_FINAL_TRY', { pinStatus: status }, { cause: error });
    if (status === 'countLow')
      return tokenError('PIN_INCORRECT_COUNT_LOW', { pinStatus: status }, { cause: error });
    return error;
  }

  get session(): Pkcs11Session | undefined {
    return this.active;
  }

  /** @internal used by sessions */
  certificatesIn(session: Buffer): TokenCertificate[] {
    return call('C_FindObjects', () => this.readCertificates(session));
  }

  close(): void {
    this.active?.logout();
    try {
      this.api.C_Finalize();
    } catch {}
  }
}

function describeCertificate(c: TokenCertificate, mechanisms: readonly number[], now: Date): CertificateInfo {
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

/** One logged-in session: the batch signs through it, then it logs out. */
export class Pkcs11Session {
  private closed = false;
  /** Set when the token reported it is gone: the batch stops. */
  tokenGone: HocbaError | undefined;

  constructor(
    private readonly module: Pkcs11Module,
    readonly token: TokenSlot,
    readonly session: Buffer,
    private readonly mechanisms: readonly number[],
    private readonly onClose: () => void,
  ) {}

  get isOpen(): boolean {
    return !this.closed;
  }

  /**
   * The signer for a certificate on the token (by CKA_ID, hex) and its private key. The chain
   * comes from the CA certificates on the token plus `extraCertificates` (configuration).
   */
  signer(certificateId: string, extraCertificates: readonly Uint8Array[] = []): Pkcs11Signer {
    if (this.closed) throw tokenError('NOT_LOGGED_IN');
    const api = this.module.api;
    const certificates = this.module.certificatesIn(this.session);
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
    return this.module.certificatesIn(this.session).find((c) => c.id === certificateId)?.details;
  }

  /** Logs out and closes the session; safe to call twice and after the token is pulled. */
  logout(): void {
    if (this.closed) return;
    this.closed = true;
    const api = this.module.api;
    try {
      api.C_Logout(this.session);
    } catch {}
    try {
      api.C_CloseSession(this.session);
    } catch {}
    this.onClose();
  }
}
