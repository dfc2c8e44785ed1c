/**
 * The companion protocol: what the extension and the companion say to each other over a
 * WebSocket on 127.0.0.1. Versioned JSON messages; both sides import this module.
 */

/** Bumped on any incompatible change to the messages. */
export const PROTOCOL_VERSION = 1;

/** The companion's default loopback port (configurable on both sides). */
export const DEFAULT_COMPANION_PORT = 18127;

/** The first message the extension sends after the socket opens. */
export interface HelloMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'hello';
  extension: { version: string; browser: string };
}

export function makeHello(extensionVersion: string, browser: string): HelloMessage {
  return { v: PROTOCOL_VERSION, type: 'hello', extension: { version: extensionVersion, browser } };
}
