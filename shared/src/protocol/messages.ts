/**
 * Every message of protocol version 1, as zod schemas (the validation) and TypeScript types
 * (inferred from them, so the two cannot drift). Objects are strict: an unknown field is an
 * error, not something silently carried along.
 *
 * One file a direction (messages/from-extension.ts, messages/from-companion.ts) over the
 * building blocks both use (messages/common.ts).
 */
import { PROTOCOL_VERSION } from './messages/common.js';
import type { ServerMessage } from './messages/from-companion.js';
import type { PreAuthMessage, Request } from './messages/from-extension.js';

export {
  DEFAULT_COMPANION_PORT,
  idSchema,
  PROTOCOL_VERSION,
  SIGNATURE_ALGORITHMS,
  SIGNATURE_LEVELS,
  type SignatureAlgorithmName,
  type SignatureLevel,
  signatureAlgorithmSchema,
  signatureLevelSchema,
  signatureRoleSchema,
  type TokenRef,
  tokenRefSchema,
} from './messages/common.js';
export * from './messages/from-companion.js';
export * from './messages/from-extension.js';

export type ClientMessage = PreAuthMessage | Request;

/** Distributes Omit over a union so each member keeps its own fields. */
type OmitV<T> = T extends unknown ? Omit<T, 'v'> : never;

/** Adds the protocol version to a message (so callers never spell it). */
export function withVersion<T extends ClientMessage | ServerMessage>(message: OmitV<T>): T {
  return { v: PROTOCOL_VERSION, ...message } as unknown as T;
}
