/**
 * The token taken away and put back while the companion runs, with the real SoftHSM (its
 * token folder moved away, then back: SoftHSM reads its tokens when the module initialises,
 * as some USB drivers see a token plugged in again only then). The companion answers typed
 * while the token is gone and sees it again once it is back, without a restart.
 */
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESCAN_INTERVAL_MS } from '../../src/server/token-service.js';
import { TestClient } from '../support/client.js';
import { pairedCompanion } from '../support/paired-companion.js';
import { makeTestToken, TEST_PIN } from '../support/token.js';

let serial: string;
let tokenDir: string;
let storeDir: string;
beforeAll(async () => {
  const made = await makeTestToken('HOCBA-BACK');
  tokenDir = made.dir;
  serial = made.token.serial;
  storeDir = /directories\.tokendir\s*=\s*(.+)/.exec(readFileSync(made.token.confPath, 'utf8'))![1]!.trim();
}, 60_000);
afterAll(() => rmSync(tokenDir, { recursive: true, force: true }));
const paired = pairedCompanion();

describe('the token taken away and put back (real SoftHSM)', { timeout: 60_000 }, () => {
  it('typed answers while it is gone; seen again once back, without restarting the companion', async () => {
    const client = await TestClient.open(paired.port);
    paired.opened.push(client.ws);
    await client.auth(paired.pairing);
    const first = await client.request({ type: 'status', id: 's1' });
    expect(first.tokens, 'before').toBe(1);

    renameSync(storeDir, `${storeDir}.away`);
    mkdirSync(storeDir);
    // SoftHSM still lists what it read at start; a login on it is refused, typed.
    const gone = await client.request({ type: 'login', id: 'l1', token: { serial }, pin: TEST_PIN });
    expect(gone.type).toBe('error');

    rmSync(storeDir, { recursive: true });
    renameSync(`${storeDir}.away`, storeDir);
    // A person plugs a token back in seconds; the companion looks again at most this often.
    await new Promise((resolve) => setTimeout(resolve, RESCAN_INTERVAL_MS));
    const back = await client.request({ type: 'status', id: 's2' });
    expect(back.tokens, 'back').toBe(1);
    expect(back.token).toBe('present');
    expect(await client.request({ type: 'login', id: 'l2', token: { serial }, pin: TEST_PIN })).toMatchObject(
      {
        type: 'login.result',
      },
    );
    expect(await client.request({ type: 'logout', id: 'o' })).toMatchObject({ status: 'loggedOut' });
    client.close();
  });
});
