import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../../src/log/index.js';
import { SOFTHSM_MODULE } from '../../src/pkcs11/index.js';
import { TokenService } from '../../src/server/token-service.js';
import { makeTestToken, TEST_PIN } from '../support/token.js';

let dir: string;
let serial: string;

beforeAll(async () => {
  const made = await makeTestToken('HOCBA-TS');
  dir = made.dir;
  serial = made.token.serial;
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TokenService', () => {
  it('reports a module that does not load, in Vietnamese, and tries again later', () => {
    const service = new TokenService({
      module: '/nonexistent/libtoken.so',
      // This module alone: with the search on, a driver found on the PC (OpenSC) would load.
      moduleSearch: false,
      idleTimeoutSeconds: 60,
      log: memoryLogger(),
    });
    const info = service.moduleInfo();
    expect(info).toMatchObject({
      status: 'failed',
      path: '/nonexistent/libtoken.so',
      error: { code: 'MODULE_LOAD_FAILED' },
    });
    expect(info.error?.message.vi).toContain('Không nạp được thư viện PKCS#11');
    expect(service.tokenCount()).toBe(0);
  });

  it('ends an idle login after its timeout', () => {
    vi.useFakeTimers();
    try {
      const service = new TokenService({
        module: SOFTHSM_MODULE,
        idleTimeoutSeconds: 120,
        log: memoryLogger(),
      });
      service.login('conn-1', serial, TEST_PIN, undefined);
      expect(service.sessionOf('conn-1')).toBeDefined();
      expect(service.sessionOf('conn-2')).toBeUndefined();
      vi.advanceTimersByTime(119_000);
      expect(service.session).toBeDefined();
      vi.advanceTimersByTime(2_000);
      expect(service.session).toBeUndefined();
      service.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
