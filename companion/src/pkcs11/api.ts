/**
 * The PKCS#11 calls we make, as a type: the module, the signer and the test fault wrapper
 * share it without importing each other.
 */
import type pkcs11js from 'pkcs11js';

/** The part of pkcs11js we call: the real module, or the fault-injecting wrapper in tests. */
export type Pkcs11Api = Pick<
  pkcs11js.PKCS11,
  | 'C_GetInfo'
  | 'C_GetSlotList'
  | 'C_GetSlotInfo'
  | 'C_GetTokenInfo'
  | 'C_GetMechanismList'
  | 'C_OpenSession'
  | 'C_CloseSession'
  | 'C_Login'
  | 'C_Logout'
  | 'C_FindObjectsInit'
  | 'C_FindObjects'
  | 'C_FindObjectsFinal'
  | 'C_GetAttributeValue'
  | 'C_SignInit'
  | 'C_SignAsync'
  | 'C_Finalize'
>;
