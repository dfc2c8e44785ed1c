/**
 * A whole school in one batch: 1,000 generated records, one PIN, sent in five parts of 200 (the
 * per-message bound), every one signed by the token and archived; memory stays bounded.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS } from '@hocba/shared/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_ORIGIN, TestClient } from '../support/client.js';
import { startTestCompanion, type TestCompanion } from '../support/companion.js';
import { validRecords } from '../support/records.js';
import { IDS, makeTestToken, TEST_PIN } from '../support/token.js';

let t: TestCompanion;
let tokenDir: string;
let serial: string;

beforeAll(async () => {
  const made = await makeTestToken('HOCBA-SCHOOL');
  tokenDir = made.dir;
  serial = made.token.serial;
  t = await startTestCompanion();
}, 60_000);

afterAll(async () => {
  await t?.companion.close();
  rmSync(tokenDir, { recursive: true, force: true });
  rmSync(t.dataDir, { recursive: true, force: true });
});

describe('a whole school', () => {
  it('signs 1,000 records with one login in parts of 200', { timeout: 180_000 }, async () => {
    const pairing = t.companion.pairings.add(EXTENSION_ORIGIN);
    const client = await TestClient.open(t.companion.port);
    await client.auth(pairing);
    expect(await client.request({ type: 'login', id: 'l', token: { serial }, pin: TEST_PIN })).toMatchObject({
      type: 'login.result',
    });
    const total = LIMITS.documentsPerBatch;
    const part = LIMITS.documentsPerMessage;
    const records = validRecords(total);
    const heapBefore = process.memoryUsage().heapUsed;
    let signed = 0;
    let progressSeen = 0;
    for (let start = 0; start < total; start += part) {
      const documents = Array.from({ length: part }, (_, i) => ({
        docId: `s${start + i}`,
        name: `Học sinh ${start + i}`,
        kind: 'record',
        record: records[start + i]!,
      }));
      const result = await client.request({
        type: 'sign',
        id: `part-${start}`,
        batchId: 'school',
        token: { serial },
        certificateId: IDS.seal,
        role: 'seal',
        total,
        documents,
      });
      expect(result).toMatchObject({
        status: 'completed',
        notSigned: [],
        batch: start + part >= total ? 'closed' : 'open',
      });
      signed += (result.signed as string[]).length;
      // Drop what we received so the test's own memory does not grow with the batch.
      progressSeen += client.received.filter((m) => m.type === 'progress').length;
      client.received.length = 0;
    }
    expect(signed).toBe(total);
    expect(progressSeen).toBe(total);
    const dir = join(t.dataDir, 'archive', readdirSync(join(t.dataDir, 'archive'))[0]!);
    expect(readdirSync(dir).filter((f) => f.endsWith('.pdf'))).toHaveLength(total);
    expect(t.companion.tokens.session).toBeUndefined();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
    client.close();
  });
});
