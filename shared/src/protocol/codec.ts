/**
 * Reading a message off the socket: size and nesting depth bounded on the bytes first
 * (before JSON.parse allocates or recurses), then JSON, then the schema. Every failure is a typed error and carries the request id when
 * one could be read, so the extension can match it to its request.
 */
import type { HocbaError } from '../errors/index.js';
import { protocolError } from './errors.js';
import { LIMITS } from './limits.js';
import {
  PROTOCOL_VERSION,
  type PreAuthMessage,
  preAuthMessageSchema,
  type Request,
  requestSchema,
  type ServerMessage,
  serverMessageSchema,
} from './messages.js';
import { nestingDepth } from './shape.js';

export type Decoded<T> =
  | { status: 'ok'; message: T }
  | { status: 'error'; id: string | null; error: HocbaError };

function byteLength(data: string | Uint8Array): number {
  return typeof data === 'string' ? new TextEncoder().encode(data).length : data.byteLength;
}

function idOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(id) ? id : null;
}

/**
 * The version a client sent, for the error. Bounded and never String(v) on an object: an
 * object can carry its own `toString` key (JSON makes it an own property), which throws.
 */
function versionWords(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 16 ? `${v.slice(0, 16)}…` : v);
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? '(an array)' : '(an object)';
  return String(v);
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(message)'}: ${issue.message}`)
    .join('; ');
}

function decode<T>(
  data: string | Uint8Array,
  maxBytes: number,
  schema: {
    safeParse(
      value: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
  },
): Decoded<T> {
  const size = byteLength(data);
  if (size > maxBytes)
    return { status: 'error', id: null, error: protocolError('MESSAGE_TOO_LARGE', { size, max: maxBytes }) };
  // Depth before parsing: JSON.parse, zod and the renderer all recurse.
  if (nestingDepth(data, LIMITS.messageDepth) > LIMITS.messageDepth)
    return {
      status: 'error',
      id: null,
      error: protocolError('MESSAGE_TOO_DEEP', { max: LIMITS.messageDepth }),
    };
  let value: unknown;
  try {
    value = JSON.parse(
      typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: true }).decode(data),
    );
  } catch {
    return { status: 'error', id: null, error: protocolError('MESSAGE_NOT_JSON') };
  }
  const id = idOf(value);
  const v = typeof value === 'object' && value !== null ? (value as { v?: unknown }).v : undefined;
  if (v !== PROTOCOL_VERSION)
    return {
      status: 'error',
      id,
      error: protocolError('VERSION_UNSUPPORTED', { got: versionWords(v), want: PROTOCOL_VERSION }),
    };
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    return {
      status: 'error',
      id,
      error: protocolError('MESSAGE_INVALID', { issues: describeIssues(parsed.error.issues) }),
    };
  return { status: 'ok', message: parsed.data };
}

/** Before authentication: only `auth` and `pair`, at most 4 KiB. */
export function decodePreAuthMessage(data: string | Uint8Array): Decoded<PreAuthMessage> {
  return decode(data, LIMITS.preAuthMessageBytes, preAuthMessageSchema);
}

/** After authentication: the requests, at most 48 MiB, with batch bounds checked. */
export function decodeRequest(data: string | Uint8Array): Decoded<Request> {
  const decoded = decode(data, LIMITS.messageBytes, requestSchema);
  if (decoded.status !== 'ok' || decoded.message.type !== 'sign') return decoded;
  const message = decoded.message;
  const seen = new Set<string>();
  for (const doc of message.documents) {
    if (seen.has(doc.docId))
      return {
        status: 'error',
        id: message.id,
        error: protocolError('DUPLICATE_DOCUMENT_ID', { docId: doc.docId }),
      };
    seen.add(doc.docId);
    const record = doc.kind === 'record' ? doc.record : doc.attachRecord;
    if (record) {
      const size = byteLength(JSON.stringify(record));
      if (size > LIMITS.recordJsonBytes)
        return {
          status: 'error',
          id: message.id,
          error: protocolError('DOCUMENT_TOO_LARGE', { docId: doc.docId, size, max: LIMITS.recordJsonBytes }),
        };
    }
  }
  if (message.documents.length > message.total)
    return {
      status: 'error',
      id: message.id,
      error: protocolError('BATCH_TOO_LARGE', { count: message.documents.length, max: message.total }),
    };
  return decoded;
}

/** For the extension: reads what the companion says, with the same strictness. */
export function decodeServerMessage(data: string): Decoded<ServerMessage> {
  return decode(data, LIMITS.socketMaxPayloadBytes, serverMessageSchema);
}

export function encodeMessage(message: object): string {
  return JSON.stringify(message);
}
