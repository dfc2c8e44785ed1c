/** CMS SignedData for the verifier: reading it, its signed attributes' rules, verifying it. */

export type { SigningCertificateBinding } from './signed-attributes.js';
export * from './signed-data.js';
export * from './verify.js';
