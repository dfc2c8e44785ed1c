/**
 * The companion protocol: what the extension and the companion say to each other over a
 * WebSocket on 127.0.0.1. Versioned JSON messages validated with zod on both sides; the
 * full description with a sequence diagram is docs/protocol.md.
 */
export * from './auth.js';
export * from './codec.js';
export * from './errors.js';
export * from './limits.js';
export * from './messages.js';
export * from './pairing.js';
export * from './shape.js';

import { PROTOCOL_VERSION } from './messages.js';

/**
 * @deprecated The foundation's placeholder greeting: the companion now opens with a
 * `challenge` and expects `auth` (see docs/protocol.md). Kept until the extension moves over.
 */
export interface HelloMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'hello';
  extension: { version: string; browser: string };
}

/** @deprecated See HelloMessage. */
export function makeHello(extensionVersion: string, browser: string): HelloMessage {
  return { v: PROTOCOL_VERSION, type: 'hello', extension: { version: extensionVersion, browser } };
}
