/**
 * The pairing refusals tell the user what to run on this PC: `hocba pair` on Linux and macOS,
 * hocba.cmd (by its full path: not on PATH) on Windows, where a bare `hocba` does not exist.
 */
import { rmSync } from 'node:fs';
import { ephemeralKey, protocolError, randomToken } from '@hocba/shared/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hocbaCommand } from '../../src/deploy/command-name.js';
import type { Pairing } from '../../src/pairing/index.js';
import { EXTENSION_ORIGIN, OTHER_EXTENSION_ORIGIN, TestClient } from '../support/client.js';
import { startTestCompanion, type TestCompanion } from '../support/companion.js';

/** "hocba" followed by a space: a command line for Linux/macOS, wrong at a Windows prompt. */
const BARE_HOCBA = /(?<![\w.\\-])hocba\s/;
const WINDOWS = '"C:\\Users\\Lan\\AppData\\Local\\Programs\\HocBaSo\\hocba.cmd"';

type Refusal = {
  type: string;
  error: { code: string; message: { vi: string; en: string }; details?: unknown };
};

async function refusals(t: TestCompanion, pairing: Pairing): Promise<Refusal[]> {
  const port = t.companion.port;
  // A stale secret: AUTH_FAILED.
  const stale = await TestClient.open(port);
  const auth = (await stale.auth({ id: pairing.id, secret: randomToken() })) as Refusal;
  await stale.closed;
  // Pairing while no `hocba pair` window is open: PAIRING_NOT_OPEN.
  const early = await TestClient.open(port);
  const start = (await early.request({
    type: 'pair.start',
    id: 's',
    clientNonce: randomToken(),
    clientKey: (await ephemeralKey()).publicKey,
  })) as Refusal;
  await early.closed;
  // A wrong code once the window is open: PAIRING_CODE_INVALID.
  t.companion.pairings.openWindow(5);
  const guess = await TestClient.open(port);
  await guess.request({
    type: 'pair.start',
    id: 's',
    clientNonce: randomToken(),
    clientKey: (await ephemeralKey()).publicKey,
  });
  const confirm = (await guess.request({ type: 'pair.confirm', id: 'c', proof: randomToken() })) as Refusal;
  await guess.closed;
  return [auth, start, confirm];
}

describe.each([
  ['Windows', WINDOWS, `“${WINDOWS} pair”`],
  ['this PC (Linux, a checkout)', undefined, '“hocba pair”'],
])('on %s the pairing refusals name the command to run', (_platform, command, expected) => {
  let t: TestCompanion;
  let pairing: Pairing;

  beforeAll(async () => {
    t = await startTestCompanion(command ? { hocbaCommand: command } : {});
    pairing = t.companion.pairings.add(EXTENSION_ORIGIN, 'test');
    t.companion.pairings.add(OTHER_EXTENSION_ORIGIN, 'other');
  }, 60_000);

  afterAll(async () => {
    await t?.companion.close();
    rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('AUTH_FAILED, PAIRING_NOT_OPEN, PAIRING_CODE_INVALID: in both languages', async () => {
    const replies = await refusals(t, pairing);
    expect(replies.map((r) => r.error.code)).toEqual([
      'AUTH_FAILED',
      'PAIRING_NOT_OPEN',
      'PAIRING_CODE_INVALID',
    ]);
    for (const { error } of replies) {
      for (const text of [error.message.vi, error.message.en]) {
        expect(text, error.code).toContain(expected);
        expect(text, error.code).not.toContain('{hocba}');
        if (command) expect(text, error.code).not.toMatch(BARE_HOCBA);
      }
      // The name fills the sentence only: the details say nothing about where it is installed.
      expect(error.details, error.code).toBeUndefined();
    }
  });
});

describe('the catalog', () => {
  it('names the command by placeholder in every hint, never a fixed "hocba"', () => {
    const texts = Object.entries(protocolError.catalog).flatMap(([code, m]) => [
      [code, m.vi],
      [code, m.en],
    ]);
    let hints = 0;
    for (const [code, text] of texts) {
      expect(text, code).not.toMatch(BARE_HOCBA);
      if (text?.includes('{hocba} pair')) hints++;
    }
    expect(hints).toBe(8);
  });

  it('by default the command of the platform the companion runs on', () => {
    expect(hocbaCommand()).toBe(process.platform === 'win32' ? 'hocba.cmd' : 'hocba');
  });
});
