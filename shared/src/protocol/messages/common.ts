/**
 * The building blocks every message of protocol version 1 is made of: the version, ids,
 * hashes, nonces, size-bounded base64, and the enums both sides name (roles, algorithms,
 * levels). Some are internal to the message files (the barrel ../messages.ts re-exports
 * only the public ones).
 */
import { z } from 'zod';
import { SIGNATURE_ROLES } from '../../roles/index.js';
import { LIMITS } from '../limits.js';

/** Bumped on any incompatible change to the messages. */
export const PROTOCOL_VERSION = 1;

/** The companion's default loopback port (configurable on both sides). */
export const DEFAULT_COMPANION_PORT = 18127;

export const SIGNATURE_ALGORITHMS = ['rsa-pkcs1-sha256', 'rsa-pss-sha256', 'ecdsa-p256-sha256'] as const;

export const version = z.literal(PROTOCOL_VERSION);
export const shortText = z.string().min(1).max(LIMITS.shortString);
/** Request, batch and document ids: chosen by the extension, echoed by the companion. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only')
  .min(1)
  .max(LIMITS.idLength);
export const SIGNATURE_LEVELS = ['B-B', 'B-T', 'B-LT'] as const;
export const signatureLevelSchema = z.enum(SIGNATURE_LEVELS);
export type SignatureLevel = (typeof SIGNATURE_LEVELS)[number];
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256');
/** 32 random bytes, base64url without padding (43 characters). */
export const nonce32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '32 bytes, base64url');
export const base64Max = (decodedBytes: number) =>
  z
    .string()
    .max(Math.ceil(decodedBytes / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const signatureRoleSchema = z.enum(SIGNATURE_ROLES);
export const signatureAlgorithmSchema = z.enum(SIGNATURE_ALGORITHMS);

/** A token is named by its serial number: slot ids change each time a token is plugged in. */
export const tokenRefSchema = z.strictObject({ serial: shortText });

/** P-256 public point, uncompressed, base64url (65 bytes → 87 characters). */
export const p256Point = z.string().regex(/^[A-Za-z0-9_-]{87}$/, 'P-256 point, base64url');

/** A failure as both sides carry it: a code and the texts in both languages. */
export const errorInfoSchema = z.strictObject({
  code: z.string(),
  message: z.strictObject({ vi: z.string(), en: z.string() }),
  details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export type TokenRef = z.infer<typeof tokenRefSchema>;
export type SignatureAlgorithmName = z.infer<typeof signatureAlgorithmSchema>;
