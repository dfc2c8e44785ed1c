/**
 * Every message of protocol version 1, as zod schemas (the validation) and TypeScript types
 * (inferred from them, so the two cannot drift). Objects are strict: an unknown field is an
 * error, not something silently carried along.
 */
import { z } from 'zod';
import { SIGNATURE_ROLES } from '../roles/index.js';
import { LIMITS } from './limits.js';
import { PAIRING_KDF_MAX_ITERATIONS } from './pairing.js';

/** Bumped on any incompatible change to the messages. */
export const PROTOCOL_VERSION = 1;

/** The companion's default loopback port (configurable on both sides). */
export const DEFAULT_COMPANION_PORT = 18127;

export const SIGNATURE_ALGORITHMS = ['rsa-pkcs1-sha256', 'rsa-pss-sha256', 'ecdsa-p256-sha256'] as const;

const version = z.literal(PROTOCOL_VERSION);
const shortText = z.string().min(1).max(LIMITS.shortString);
/** Request, batch and document ids: chosen by the extension, echoed by the companion. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only')
  .min(1)
  .max(LIMITS.idLength);
export const SIGNATURE_LEVELS = ['B-B', 'B-T', 'B-LT'] as const;
export const signatureLevelSchema = z.enum(SIGNATURE_LEVELS);
export type SignatureLevel = (typeof SIGNATURE_LEVELS)[number];
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256');
/** 32 random bytes, base64url without padding (43 characters). */
const nonce32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '32 bytes, base64url');
const base64Max = (decodedBytes: number) =>
  z
    .string()
    .max(Math.ceil(decodedBytes / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const signatureRoleSchema = z.enum(SIGNATURE_ROLES);
export const signatureAlgorithmSchema = z.enum(SIGNATURE_ALGORITHMS);

/** A token is named by its serial number: slot ids change each time a token is plugged in. */
export const tokenRefSchema = z.strictObject({ serial: shortText });

// ---------------------------------------------------------------- extension → companion

/** Answer to the companion's `challenge`: proves the pairing secret without sending it. */
export const authSchema = z.strictObject({
  v: version,
  type: z.literal('auth'),
  id: idSchema,
  pairingId: idSchema,
  clientNonce: nonce32,
  proof: nonce32,
});

/** P-256 public point, uncompressed, base64url (65 bytes → 87 characters). */
const p256Point = z.string().regex(/^[A-Za-z0-9_-]{87}$/, 'P-256 point, base64url');

/**
 * Starts a pairing while a `hocba pair` window is open (see pairing.ts). Carries nothing
 * derived from the code: the companion proves it knows the code first.
 */
export const pairStartSchema = z.strictObject({
  v: version,
  type: z.literal('pair.start'),
  id: idSchema,
  clientNonce: nonce32,
  clientKey: p256Point,
  /** What the user will see in `hocba pair --list`, e.g. "Chrome, phòng hiệu trưởng". */
  label: shortText.optional(),
});

/** The extension's proof of the code, sent only after it checked the companion's. */
export const pairConfirmSchema = z.strictObject({
  v: version,
  type: z.literal('pair.confirm'),
  id: idSchema,
  proof: nonce32,
});

export const statusSchema = z.strictObject({ v: version, type: z.literal('status'), id: idSchema });

export const listTokensSchema = z.strictObject({ v: version, type: z.literal('listTokens'), id: idSchema });

export const loginSchema = z.strictObject({
  v: version,
  type: z.literal('login'),
  id: idSchema,
  token: tokenRefSchema,
  pin: z.string().min(1).max(LIMITS.pinLength),
  /** Must be true to try the PIN when the token says this is the last try before it locks. */
  confirmFinalTry: z.boolean().optional(),
});

/** What the signer overrode in the sign window, one document at a time (rule codes). */
const overriddenSchema = z
  .array(z.string().regex(/^[A-Z0-9-]{1,64}$/, 'rule code'))
  .max(64)
  .optional();

/** A record the companion renders itself with the shared renderer, then signs. */
export const recordDocumentSchema = z.strictObject({
  docId: idSchema,
  /** What the user saw, e.g. "Nguyễn Thị Hoa, lớp 5A, 2024-2025". Goes into the audit log. */
  name: shortText,
  kind: z.literal('record'),
  record: z.record(z.string(), z.unknown()),
  /** SHA-256 of the unsigned PDF the user previewed; the companion refuses if its own differs. */
  sha256: sha256Hex.optional(),
  /** Findings the signer saw and chose to sign anyway (rule codes): recorded in the audit log. */
  overridden: overriddenSchema,
});

/** A PDF the portal produced; the companion parses it and prepares the signature itself. */
export const pdfDocumentSchema = z.strictObject({
  docId: idSchema,
  name: shortText,
  kind: z.literal('pdf'),
  pdfBase64: base64Max(LIMITS.pdfBytes),
  /** SHA-256 of the PDF bytes the user previewed; the companion refuses if they differ. */
  sha256: sha256Hex.optional(),
  /** The record to attach inside the PDF (associated file), when the portal PDF lacks it. */
  attachRecord: z.record(z.string(), z.unknown()).optional(),
  /** Findings the signer saw and chose to sign anyway (rule codes, `UNCHECKED` for a PDF without record). */
  overridden: overriddenSchema,
});

export const documentSchema = z.discriminatedUnion('kind', [recordDocumentSchema, pdfDocumentSchema]);

/**
 * Signs documents of one batch. A batch (up to 1,000 documents, one PIN) may come in
 * several `sign` messages with the same `batchId` and `total`. Sending a `batchId` again
 * resumes it: documents already signed and archived are returned, not signed twice.
 */
export const signSchema = z.strictObject({
  v: version,
  type: z.literal('sign'),
  id: idSchema,
  batchId: idSchema,
  token: tokenRefSchema,
  /** CKA_ID of the certificate (and its key) on the token, hex. */
  certificateId: z
    .string()
    .regex(/^[0-9a-f]*$/)
    .max(128),
  role: signatureRoleSchema,
  /** Preferred algorithm; default: the key's first (PSS when the token offers it). */
  algorithm: signatureAlgorithmSchema.optional(),
  /** Documents in the whole batch, across every part. */
  total: z.number().int().min(1).max(LIMITS.documentsPerBatch),
  documents: z.array(documentSchema).min(1).max(LIMITS.documentsPerMessage),
  /**
   * The user chose to go on without the configured time-stamp server (it could not be
   * reached): the batch signs at B-B and the companion's audit log records the choice.
   */
  withoutTimestamp: z.boolean().optional(),
});

/** Stops a batch after the document being signed: signed ones stay signed and are reported. */
export const cancelSchema = z.strictObject({
  v: version,
  type: z.literal('cancel'),
  id: idSchema,
  batchId: idSchema,
});

export const logoutSchema = z.strictObject({ v: version, type: z.literal('logout'), id: idSchema });

/** The only messages accepted before the pairing proof. */
export const preAuthMessageSchema = z.discriminatedUnion('type', [
  authSchema,
  pairStartSchema,
  pairConfirmSchema,
]);

/** Messages accepted after the pairing proof. */
export const requestSchema = z.discriminatedUnion('type', [
  statusSchema,
  listTokensSchema,
  loginSchema,
  signSchema,
  cancelSchema,
  logoutSchema,
]);

export type AuthMessage = z.infer<typeof authSchema>;
export type PairStartMessage = z.infer<typeof pairStartSchema>;
export type PairConfirmMessage = z.infer<typeof pairConfirmSchema>;
export type PreAuthMessage = z.infer<typeof preAuthMessageSchema>;
export type StatusRequest = z.infer<typeof statusSchema>;
export type ListTokensRequest = z.infer<typeof listTokensSchema>;
export type LoginRequest = z.infer<typeof loginSchema>;
export type SignRequest = z.infer<typeof signSchema>;
export type CancelRequest = z.infer<typeof cancelSchema>;
export type LogoutRequest = z.infer<typeof logoutSchema>;
export type Request = z.infer<typeof requestSchema>;
export type DocumentToSign = z.infer<typeof documentSchema>;
export type RecordDocument = z.infer<typeof recordDocumentSchema>;
export type PdfDocument = z.infer<typeof pdfDocumentSchema>;
export type TokenRef = z.infer<typeof tokenRefSchema>;
export type SignatureAlgorithmName = z.infer<typeof signatureAlgorithmSchema>;

// ---------------------------------------------------------------- companion → extension

const errorInfoSchema = z.strictObject({
  code: z.string(),
  message: z.strictObject({ vi: z.string(), en: z.string() }),
  details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

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
  algorithm: z.enum(['rsa-pkcs1-sha256', 'rsa-pss-sha256', 'ecdsa-p256-sha256']),
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
export type ClientMessage = PreAuthMessage | Request;

/** Distributes Omit over a union so each member keeps its own fields. */
type OmitV<T> = T extends unknown ? Omit<T, 'v'> : never;

/** Adds the protocol version to a message (so callers never spell it). */
export function withVersion<T extends ClientMessage | ServerMessage>(message: OmitV<T>): T {
  return { v: PROTOCOL_VERSION, ...message } as unknown as T;
}
