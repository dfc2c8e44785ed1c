/** The extension keeps the companion's signed audit heads: newest last, no duplicates, bounded. */
import type { AuditHead } from '@hocba/shared/protocol';
import { describe, expect, it, vi } from 'vitest';

const store = new Map<string, unknown>();
vi.mock('webextension-polyfill', () => ({
  default: {
    storage: {
      local: {
        get: async (key: string) => (store.has(key) ? { [key]: store.get(key) } : {}),
        set: async (items: Record<string, unknown>) => {
          for (const [k, v] of Object.entries(items)) store.set(k, v);
        },
      },
    },
  },
}));

const { keepAuditHead, keptAuditHeads, KEPT_HEADS } = await import('../src/companion/audit-heads.js');

const head = (seq: number): AuditHead => ({
  seq,
  hash: 'a'.repeat(64),
  time: '2026-12-01T00:00:00.000Z',
  batchId: `b${seq}`,
  algorithm: 'rsa-pkcs1-sha256',
  certificate: 'AAAA',
  signature: `sig${seq}`,
});

describe('kept audit heads', () => {
  it('keeps each head once, newest last, at most KEPT_HEADS', async () => {
    await keepAuditHead(head(1));
    await keepAuditHead(head(1));
    await keepAuditHead(head(2));
    expect((await keptAuditHeads()).map((h) => h.seq)).toEqual([1, 2]);
    for (let i = 3; i <= KEPT_HEADS + 5; i++) await keepAuditHead(head(i));
    const kept = await keptAuditHeads();
    expect(kept).toHaveLength(KEPT_HEADS);
    expect(kept.at(-1)?.seq).toBe(KEPT_HEADS + 5);
  });
});
