/**
 * What the fuzzers found, each minimised to the smallest input that showed it, built here in
 * code. Each test failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { decodePreAuthMessage, decodeRequest } from '../../src/protocol/index.js';

describe('protocol frames', () => {
  it('a version that is an object with its own toString gets VERSION_UNSUPPORTED, not a TypeError', () => {
    // String(v) threw "Cannot convert object to primitive value"; the companion answered INTERNAL.
    for (const frame of ['{"v":{"toString":1},"id":"a1"}', '{"v":{"valueOf":{},"toString":[]}}']) {
      for (const decoded of [decodeRequest(frame), decodePreAuthMessage(frame)]) {
        expect(decoded.status).toBe('error');
        if (decoded.status !== 'error') continue;
        expect(decoded.error.code).toBe('VERSION_UNSUPPORTED');
        expect(decoded.error.en).toContain('(an object)');
      }
    }
    expect(decodeRequest('{"v":{"toString":1},"id":"a1"}')).toMatchObject({ id: 'a1' });
  });

  it('a huge version value is not echoed back in full', () => {
    const decoded = decodeRequest(JSON.stringify({ v: Array(50_000).fill(0), id: 'a2' }));
    expect(decoded.status === 'error' && decoded.error.en.length).toBeLessThan(200);
    const long = decodeRequest(JSON.stringify({ v: 'x'.repeat(10_000) }));
    expect(long.status === 'error' && long.error.en.length).toBeLessThan(200);
  });
});
