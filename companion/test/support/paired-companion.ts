/**
 * An in-process companion paired with the test extension for one test file, for the door and
 * protocol attacks: sockets a test opens go in `opened` and are closed after the file, with
 * the companion and its data folder. Call at the top of the file, after any beforeAll that
 * must run first (a token's SOFTHSM2_CONF); fields are filled in before the first test.
 */
import { rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import type { Pairing } from '../../src/pairing/index.js';
import { EXTENSION_ORIGIN } from './client.js';
import { startTestCompanion, type TestCompanion } from './companion.js';

export interface PairedCompanion {
  t: TestCompanion;
  port: number;
  pairing: Pairing;
  opened: (WebSocket | Socket)[];
}

export function pairedCompanion(options: Parameters<typeof startTestCompanion>[0] = {}): PairedCompanion {
  const paired = { opened: [] as (WebSocket | Socket)[] } as PairedCompanion;
  beforeAll(async () => {
    paired.t = await startTestCompanion(options);
    paired.port = paired.t.companion.port;
    paired.pairing = paired.t.companion.pairings.add(EXTENSION_ORIGIN, 'test');
  }, 60_000);
  afterAll(async () => {
    for (const s of paired.opened) s instanceof WebSocket ? s.terminate() : s.destroy();
    await paired.t?.companion.close();
    if (paired.t) rmSync(paired.t.dataDir, { recursive: true, force: true });
  });
  return paired;
}
