/**
 * What the companion sends the extension: the challenge when the socket opens, the answer
 * to every request, progress as a batch goes, and errors.
 */
import { z } from 'zod';
import { PAIRING_KDF_MAX_ITERATIONS } from '../pairing.js';
import {
  base64Max,
  errorInfoSchema,
  idSchema,
  nonce32,
  p256Point,
  sha256Hex,
  signatureAlgorithmSchema,
  signatureLevelSchema,
  signatureRoleSchema,
  version,
} from './common.js';

/** Sent by the companion as soon as the socket opens. */
export const challengeSchema = z.strictObject({
  v: version,
  type: z.literal('challenge'),
  nonce: nonce32,
  companion: z.strictObject({ version: z.string(), protocol: z.number().int() }),
  /** 'open' while a `hocba pair` window is open (a `pair` message is then accepted). */
  pairing: z.enum(['open', 'closed']),
});

export const authResultSchema = z.strictObject({
  v: version,
  type: z.literal('auth.result'),
  id: idSchema,
  status: z.literal('authenticated'),
  pairingId: idSchema,
  /** Proves the companion knows the secret too: a process squatting the port cannot. */
  serverProof: nonce32,
});

/** The companion's proof of the code (answer to `pair.start`); see pairing.ts. */
export const pairChallengeSchema = z.strictObject({
  v: version,
  type: z.literal('pair.challenge'),
  id: idSchema,
  salt: nonce32,
  iterations: z.number().int().min(100_000).max(PAIRING_KDF_MAX_ITERATIONS),
  serverKey: p256Point,
  serverProof: nonce32,
});

/**
 * The pairing is made. The secret is not in it: each side derived it (pairing.ts) and the
 * extension proves it at once with an ordinary `auth` on the same connection.
 */
export const pairResultSchema = z.strictObject({
  v: version,
  type: z.literal('pair.result'),
  id: idSchema,
  status: z.literal('paired'),
  pairingId: idSchema,
});

export const moduleInfoSchema = z.strictObject({
  status: z.enum(['loaded', 'notFound', 'failed']),
  path: z.string().optional(),
  /** Library description and manufacturer as the module reports them. */
  description: z.string().optional(),
  error: errorInfoSchema.optional(),
});

export const statusResultSchema = z.strictObject({
  v: version,
  type: z.literal('status.result'),
  id: idSchema,
  companion: z.strictObject({ version: z.string(), protocol: z.number().int() }),
  module: moduleInfoSchema,
  token: z.enum(['present', 'absent']),
  tokens: z.number().int(),
  session: z.enum(['loggedIn', 'loggedOut']),
});

export const pinStatusSchema = z.enum([
  'ok',
  'countLow',
  'finalTry',
  'locked',
  'toBeChanged',
  'notInitialized',
]);

export const nameSchema = z.strictObject({
  /** The whole name in words, Vietnamese labels: "Nguyễn Văn An · Hiệu trưởng · Trường ... · CCCD 0790..." */
  text: z.string(),
  commonName: z.string().optional(),
  organization: z.string().optional(),
  organizationalUnit: z.string().optional(),
  title: z.string().optional(),
  locality: z.string().optional(),
  province: z.string().optional(),
  country: z.string().optional(),
  /** e.g. "CCCD:079012345678" or "MST:0301234567". */
  uid: z.string().optional(),
  email: z.string().optional(),
});

export const certificateInfoSchema = z.strictObject({
  /** CKA_ID, hex: what `sign.certificateId` names. */
  id: z.string(),
  label: z.string(),
  subject: nameSchema,
  issuer: nameSchema,
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  validity: z.enum(['valid', 'expired', 'notYetValid']),
  keyType: z.enum(['rsa', 'ec', 'other']),
  keyBits: z.number().int(),
  /** What this key can do on this token, preferred first. */
  algorithms: z.array(signatureAlgorithmSchema),
  keyUsage: z.enum(['signing', 'noSigning']),
  /** 'unknown' before login: tokens hide private keys until the PIN is given. */
  privateKey: z.enum(['present', 'absent', 'unknown']),
  /** Roles this certificate fits: organisation certificates (MST/MNS) → seal; persons → gvcn, principal. */
  roleHints: z.array(signatureRoleSchema),
  fingerprintSha256: sha256Hex,
  derBase64: z.string(),
});

export const tokenInfoSchema = z.strictObject({
  label: z.string(),
  serial: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  slotDescription: z.string(),
  pin: z.strictObject({
    status: pinStatusSchema,
    minLength: z.number().int(),
    maxLength: z.number().int(),
    /** 'pinpad': the token reads the PIN on its own keypad; the PIN field is then ignored. */
    entry: z.enum(['keyboard', 'pinpad']),
  }),
  certificates: z.array(certificateInfoSchema),
});

export const listTokensResultSchema = z.strictObject({
  v: version,
  type: z.literal('listTokens.result'),
  id: idSchema,
  tokens: z.array(tokenInfoSchema),
});

export const loginResultSchema = z.strictObject({
  v: version,
  type: z.literal('login.result'),
  id: idSchema,
  status: z.literal('loggedIn'),
  token: z.strictObject({ serial: z.string(), label: z.string() }),
  /** The session ends after this many idle seconds, after the batch, at logout or disconnect. */
  idleTimeoutSeconds: z.number().int(),
});

/** One per document as the batch goes: the result, with the signed PDF when signed. */
export const progressSchema = z.strictObject({
  v: version,
  type: z.literal('progress'),
  /** The `sign` request this document came in. */
  id: idSchema,
  batchId: idSchema,
  docId: idSchema,
  /** Documents finished in the batch so far (this one included), and the batch size. */
  done: z.number().int(),
  total: z.number().int(),
  status: z.enum(['signed', 'alreadySigned', 'failed']),
  /** The signed PDF (status signed or alreadySigned). */
  pdfBase64: z.string().optional(),
  /** SHA-256 of the signed PDF, as archived and audited. */
  sha256: sha256Hex.optional(),
  /** SHA-256 of the unsigned PDF the companion signed (what the user saw). */
  inputSha256: sha256Hex.optional(),
  /** File name inside the companion's archive folder. */
  archived: z.string().optional(),
  /**
   * PAdES level achieved (ETSI EN 319 142-1): B-B claimed time only, B-T with a time-stamp,
   * B-LT also with the revocation data in /DSS.
   */
  level: signatureLevelSchema.optional(),
  error: errorInfoSchema.optional(),
});

/**
 * The companion's audit log head, signed by the batch's key at the end of the part (see
 * docs/audit.md). The extension keeps the last ones, so a log cut or rewritten on the
 * school's PC can still be shown against them (`hocba audit verify --head`).
 */
export const auditHeadSchema = z.strictObject({
  seq: z.number().int().positive(),
  hash: sha256Hex,
  time: z.string().max(40),
  batchId: idSchema,
  algorithm: signatureAlgorithmSchema,
  certificate: base64Max(16 * 1024),
  signature: base64Max(1024),
});

export const signResultSchema = z.strictObject({
  v: version,
  type: z.literal('sign.result'),
  id: idSchema,
  batchId: idSchema,
  /** completed: every document of this message was handled; cancelled / failed: stopped early. */
  status: z.enum(['completed', 'cancelled', 'failed']),
  signed: z.array(idSchema),
  notSigned: z.array(z.strictObject({ docId: idSchema, error: errorInfoSchema })),
  /** 'open' while parts are still expected; 'closed' once the batch is over (and the token logged out). */
  batch: z.enum(['open', 'closed']),
  error: errorInfoSchema.optional(),
  auditHead: auditHeadSchema.optional(),
});

export const cancelResultSchema = z.strictObject({
  v: version,
  type: z.literal('cancel.result'),
  id: idSchema,
  batchId: idSchema,
  status: z.enum(['cancelling', 'notRunning']),
});

export const logoutResultSchema = z.strictObject({
  v: version,
  type: z.literal('logout.result'),
  id: idSchema,
  status: z.enum(['loggedOut', 'notLoggedIn']),
});

/** A request failed (or a message could not be read: then `id` is null when it was unreadable). */
export const errorMessageSchema = z.strictObject({
  v: version,
  type: z.literal('error'),
  id: idSchema.nullable(),
  error: errorInfoSchema,
});

export const serverMessageSchema = z.discriminatedUnion('type', [
  challengeSchema,
  authResultSchema,
  pairChallengeSchema,
  pairResultSchema,
  statusResultSchema,
  listTokensResultSchema,
  loginResultSchema,
  progressSchema,
  signResultSchema,
  cancelResultSchema,
  logoutResultSchema,
  errorMessageSchema,
]);

export type ChallengeMessage = z.infer<typeof challengeSchema>;
export type AuthResult = z.infer<typeof authResultSchema>;
export type PairChallenge = z.infer<typeof pairChallengeSchema>;
export type PairResult = z.infer<typeof pairResultSchema>;
export type StatusResult = z.infer<typeof statusResultSchema>;
export type ModuleInfo = z.infer<typeof moduleInfoSchema>;
export type PinStatus = z.infer<typeof pinStatusSchema>;
export type NameInfo = z.infer<typeof nameSchema>;
export type CertificateInfo = z.infer<typeof certificateInfoSchema>;
export type TokenInfo = z.infer<typeof tokenInfoSchema>;
export type ListTokensResult = z.infer<typeof listTokensResultSchema>;
export type LoginResult = z.infer<typeof loginResultSchema>;
export type ProgressEvent = z.infer<typeof progressSchema>;
export type SignResult = z.infer<typeof signResultSchema>;
export type AuditHead = z.infer<typeof auditHeadSchema>;
export type CancelResult = z.infer<typeof cancelResultSchema>;
export type LogoutResult = z.infer<typeof logoutResultSchema>;
export type ErrorMessage = z.infer<typeof errorMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;
