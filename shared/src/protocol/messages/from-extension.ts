/**
 * What the extension sends the companion: the pairing and authentication messages accepted
 * before the pairing proof, and the requests accepted after it.
 */
import { z } from 'zod';
import { LIMITS } from '../limits.js';
import {
  base64Max,
  idSchema,
  nonce32,
  p256Point,
  sha256Hex,
  shortText,
  signatureAlgorithmSchema,
  signatureRoleSchema,
  tokenRefSchema,
  version,
} from './common.js';

/** Answer to the companion's `challenge`: proves the pairing secret without sending it. */
export const authSchema = z.strictObject({
  v: version,
  type: z.literal('auth'),
  id: idSchema,
  pairingId: idSchema,
  clientNonce: nonce32,
  proof: nonce32,
});

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
