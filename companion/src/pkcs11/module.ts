/**
 * A loaded PKCS#11 module: its tokens (found by serial or label, never by slot id, which
 * changes each time a token is plugged in), their certificates, and a login per batch.
 */

import { type HocbaError, isHocbaError } from '@hocba/shared/errors';
import type { CertificateInfo, PinStatus, TokenInfo } from '@hocba/shared/protocol';
import pkcs11js from 'pkcs11js';
import type { Pkcs11Api } from './api.js';
import { compareForPeople } from './certificate-order.js';
import { pkcs11Call as call, fromPkcs11, tokenError } from './errors.js';
import { Pkcs11Session } from './session.js';
import { describeCertificate, readTokenCertificates } from './token-certificates.js';
import type { TokenRef, TokenSlot } from './token-slot.js';

export { Pkcs11Session } from './session.js';
export type { TokenRef, TokenSlot } from './token-slot.js';

/** Missing from pkcs11js' typings (toolchain notes). */
const CKF_TOKEN_PRESENT = 1;

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
      const certificates = this.withSession(token.slot, (session) =>
        readTokenCertificates(this.api, session),
      );
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
    this.active = new Pkcs11Session(this.api, token, session, mechanisms, () => {
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

  close(): void {
    this.active?.logout();
    try {
      this.api.C_Finalize();
    } catch {}
  }
}
