/**
 * A fault-injecting wrapper around a real PKCS#11 module (SoftHSM in tests).
 *
 * SoftHSM never locks a PIN, never sets CKF_USER_PIN_COUNT_LOW / FINAL_TRY, and cannot
 * report a pulled token (CKR_DEVICE_REMOVED, CKR_TOKEN_NOT_PRESENT). Real USB tokens do all
 * of these. This wrapper lets tests drive those paths through the companion's real code:
 * every call goes to the real module, except the ones a fault rewrites. Tests and the demo
 * only; the companion never wraps a module in production.
 */
import pkcs11js from 'pkcs11js';
import type { Pkcs11Api } from './api.js';
import { tokenError } from './errors.js';

export interface Faults {
  /** Token info reports these extra PIN flags (CKF_USER_PIN_COUNT_LOW / FINAL_TRY / LOCKED). */
  pinFlags?: number;
  /** C_Login fails with CKR_PIN_LOCKED. */
  pinLocked?: boolean;
  /** After this many successful C_Sign calls the token is "pulled": C_Sign → CKR_DEVICE_REMOVED, then not present. */
  removeAfterSigns?: number;
  /** The token is absent: slot lists without it, C_GetTokenInfo / C_OpenSession → CKR_TOKEN_NOT_PRESENT. */
  absent?: boolean;
  /** Every C_Sign takes this long, as a slow USB token does (lets a test cancel half-way). */
  signDelayMs?: number;
}

const PIN_COUNTER_FLAGS =
  pkcs11js.CKF_USER_PIN_COUNT_LOW | pkcs11js.CKF_USER_PIN_FINAL_TRY | pkcs11js.CKF_USER_PIN_LOCKED;

/**
 * Faults for `hocba serve` from HOCBA_TEST_FAULTS (JSON), for end-to-end tests and the
 * demo only. They can only make the token slower or failing, never skip a check.
 */
export function faultsFromEnvironment(env: NodeJS.ProcessEnv = process.env): Faults | undefined {
  const text = env.HOCBA_TEST_FAULTS;
  if (!text) return undefined;
  let parsed: Faults;
  try {
    parsed = JSON.parse(text) as Faults;
  } catch {
    throw tokenError('TEST_FAULTS_INVALID');
  }
  const faults: Faults = {};
  // Only the PIN counter flags: never CKF_PROTECTED_AUTHENTICATION_PATH, which would log in
  // without the PIN.
  if (typeof parsed.pinFlags === 'number') faults.pinFlags = parsed.pinFlags & PIN_COUNTER_FLAGS;
  if (parsed.pinLocked === true) faults.pinLocked = true;
  if (typeof parsed.removeAfterSigns === 'number') faults.removeAfterSigns = parsed.removeAfterSigns;
  if (parsed.absent === true) faults.absent = true;
  if (typeof parsed.signDelayMs === 'number') faults.signDelayMs = Math.min(parsed.signDelayMs, 10_000);
  return faults;
}

function ckr(name: keyof typeof pkcs11js & `CKR_${string}`): Error {
  const error = new Error(name) as Error & { code: number };
  error.code = pkcs11js[name] as number;
  return error;
}

export class FaultInjectingModule implements Pkcs11Api {
  faults: Faults = {};
  signs = 0;
  /** Calls seen, by name: lets a security test prove that nothing reached the token. */
  readonly calls: string[] = [];

  constructor(private readonly real: Pkcs11Api) {}

  private note(name: string): void {
    this.calls.push(name);
  }

  private checkPresent(): void {
    if (this.faults.absent) throw ckr('CKR_TOKEN_NOT_PRESENT');
  }

  C_GetInfo: Pkcs11Api['C_GetInfo'] = () => {
    this.note('C_GetInfo');
    return this.real.C_GetInfo();
  };
  C_GetSlotList: Pkcs11Api['C_GetSlotList'] = (present?: boolean) => {
    this.note('C_GetSlotList');
    if (this.faults.absent && present) return [];
    return this.real.C_GetSlotList(present);
  };
  C_GetSlotInfo: Pkcs11Api['C_GetSlotInfo'] = (slot) => {
    this.note('C_GetSlotInfo');
    const info = this.real.C_GetSlotInfo(slot);
    return this.faults.absent ? { ...info, flags: info.flags & ~1 } : info;
  };
  C_GetTokenInfo: Pkcs11Api['C_GetTokenInfo'] = (slot) => {
    this.note('C_GetTokenInfo');
    this.checkPresent();
    const info = this.real.C_GetTokenInfo(slot);
    return { ...info, flags: info.flags | (this.faults.pinFlags ?? 0) };
  };
  C_GetMechanismList: Pkcs11Api['C_GetMechanismList'] = (slot) => {
    this.note('C_GetMechanismList');
    this.checkPresent();
    return this.real.C_GetMechanismList(slot);
  };
  C_OpenSession: Pkcs11Api['C_OpenSession'] = (slot, flags) => {
    this.note('C_OpenSession');
    this.checkPresent();
    return this.real.C_OpenSession(slot, flags);
  };
  C_CloseSession: Pkcs11Api['C_CloseSession'] = (session) => {
    this.note('C_CloseSession');
    return this.real.C_CloseSession(session);
  };
  C_Login: Pkcs11Api['C_Login'] = (session: Buffer, userType: number, pin?: string) => {
    this.note('C_Login');
    this.checkPresent();
    if (this.faults.pinLocked) throw ckr('CKR_PIN_LOCKED');
    return this.real.C_Login(session, userType, pin);
  };
  C_Logout: Pkcs11Api['C_Logout'] = (session) => {
    this.note('C_Logout');
    this.checkPresent();
    return this.real.C_Logout(session);
  };
  C_FindObjectsInit: Pkcs11Api['C_FindObjectsInit'] = (session, template) => {
    this.note('C_FindObjectsInit');
    this.checkPresent();
    return this.real.C_FindObjectsInit(session, template);
  };
  C_FindObjects = ((session: Buffer, max?: number) => {
    this.note('C_FindObjects');
    return max === undefined ? this.real.C_FindObjects(session) : this.real.C_FindObjects(session, max);
  }) as Pkcs11Api['C_FindObjects'];
  C_FindObjectsFinal: Pkcs11Api['C_FindObjectsFinal'] = (session) => {
    this.note('C_FindObjectsFinal');
    return this.real.C_FindObjectsFinal(session);
  };
  C_GetAttributeValue: Pkcs11Api['C_GetAttributeValue'] = (session, object, template) => {
    this.note('C_GetAttributeValue');
    this.checkPresent();
    return this.real.C_GetAttributeValue(session, object, template);
  };
  C_SignInit: Pkcs11Api['C_SignInit'] = (session, mechanism, key) => {
    this.note('C_SignInit');
    this.checkPresent();
    return this.real.C_SignInit(session, mechanism, key);
  };
  C_SignAsync: Pkcs11Api['C_SignAsync'] = async (session, data, out) => {
    this.note('C_Sign');
    const limit = this.faults.removeAfterSigns;
    if (limit !== undefined && this.signs >= limit) {
      // The token goes away mid-batch: the pending operation fails, then the token is absent.
      this.faults.absent = true;
      // Finish the real operation so SoftHSM's session state stays clean for a later resume.
      await this.real.C_SignAsync(session, data, out).catch(() => undefined);
      throw ckr('CKR_DEVICE_REMOVED');
    }
    this.checkPresent();
    if (this.faults.signDelayMs) await new Promise((resolve) => setTimeout(resolve, this.faults.signDelayMs));
    const result = await this.real.C_SignAsync(session, data, out);
    this.signs++;
    return result;
  };
  C_Finalize: Pkcs11Api['C_Finalize'] = () => {
    this.note('C_Finalize');
    return this.real.C_Finalize();
  };

  /** Plug the token back in (after `removeAfterSigns`). */
  reinsert(): void {
    this.faults = { ...this.faults, absent: false, removeAfterSigns: undefined };
  }
}
