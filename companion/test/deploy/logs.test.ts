/**
 * The technical log on disk: never a PIN, never a document or a student's data, even when a
 * caller passes one by mistake; and `hocba logs` reads it back (rotations included).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { readLogEntries } from '../../src/deploy/logs.js';
import { createFileLogger } from '../../src/log/index.js';
import { SOFTHSM_MODULE } from '../../src/pkcs11/index.js';
import { startCompanion } from '../../src/server/index.js';
import { EXTENSION_ORIGIN, TestClient } from '../support/client.js';
import { testEngine } from '../support/engine.js';
import { validRecords } from '../support/records.js';
import { IDS, makeTestToken, TEST_PIN } from '../support/token.js';

const hocba = fileURLToPath(new URL('../../bin/hocba.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hocba-logs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function logText(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

describe('the file log', () => {
  it('masks secrets, leaves out document content, clips long values, keeps one entry per line', () => {
    const dir = join(work, 'direct');
    const log = createFileLogger({ dir });
    const pdfBase64 = Buffer.from('%PDF-1.7 Nguyễn Thị Hoa lớp 5A '.repeat(40)).toString('base64');
    log.error('a careless caller\nFORGED ERROR line', {
      pin: '24681357',
      userPin: '24681357',
      pdfBase64,
      record: { student: { name: 'Nguyễn Thị Hoa' } },
      documents: [{ name: 'Nguyễn Thị Hoa' }],
      note: `x${'y'.repeat(5000)}`,
      serial: 'ABC123',
      errorCode: 'PIN_INCORRECT',
    });
    const text = logText(dir);
    expect(text).not.toContain('24681357');
    expect(text).not.toContain(pdfBase64.slice(0, 40));
    expect(text).not.toContain('Nguyễn Thị Hoa');
    expect(text).not.toContain('y'.repeat(400));
    expect(text).toContain('"serial":"ABC123"');
    expect(text).toContain('"errorCode":"PIN_INCORRECT"');
    expect(text.trim().split('\n')).toHaveLength(1);
  });

  it('a companion signing with a wrong then a right PIN writes neither PIN nor any document to its log', async () => {
    const made = await makeTestToken('HOCBA-LOG');
    const dataDir = join(work, 'companion');
    const companion = await startCompanion({
      config: loadConfig({ dataDir, port: 0, module: SOFTHSM_MODULE }, {}),
      engine: testEngine(),
      version: '0.0.0-test',
    });
    const records = validRecords(2);
    try {
      const pairing = companion.pairings.add(EXTENSION_ORIGIN, 'test');
      const client = await TestClient.open(companion.port);
      await client.auth(pairing);
      const serial = made.token.serial;
      expect(
        await client.request({ type: 'login', id: 'l1', token: { serial }, pin: '99999999' }),
      ).toMatchObject({
        type: 'error',
      });
      expect(
        await client.request({ type: 'login', id: 'l2', token: { serial }, pin: TEST_PIN }),
      ).toMatchObject({
        type: 'login.result',
      });
      const result = await client.request({
        type: 'sign',
        id: 's1',
        batchId: 'log-batch',
        token: { serial },
        certificateId: IDS.principal,
        role: 'principal',
        algorithm: 'rsa-pkcs1-sha256',
        total: 2,
        documents: records.map((record, i) => ({
          docId: `d${i}`,
          name: `Học sinh ${i}`,
          kind: 'record',
          record,
        })),
      });
      expect(result).toMatchObject({ type: 'sign.result', status: 'completed' });
      client.close();
    } finally {
      await companion.close();
      rmSync(made.dir, { recursive: true, force: true });
    }
    const text = logText(join(dataDir, 'logs'));
    expect(text).toContain('token login failed');
    expect(text).not.toContain(TEST_PIN);
    expect(text).not.toContain('99999999');
    expect(text).not.toContain('%PDF');
    for (const record of records) {
      const student = (record as { student: { fullName: string; citizenId: string } }).student;
      expect(text).not.toContain(student.fullName);
      expect(text).not.toContain(student.citizenId);
    }
  });
});

describe('hocba logs', () => {
  const dataDir = join(work, 'cli');
  const logs = join(dataDir, 'logs');

  it('reads the current file and its rotations oldest first; --lines, --errors, --json', () => {
    const log = createFileLogger({ dir: logs, maxBytes: 200, keep: 3 });
    for (let i = 1; i <= 8; i++) (i % 3 === 0 ? log.error : log.info)(`event ${i}`, { n: i });
    expect(readdirSync(logs).length).toBeGreaterThan(1);
    const all = readLogEntries(logs);
    const numbers = all.map((e) => e.fields?.n);
    expect(numbers).toEqual([...numbers].sort((a, b) => Number(a) - Number(b)));
    expect(numbers.at(-1)).toBe(8);

    const last = spawnSync('node', [hocba, 'logs', '--data-dir', dataDir, '--lines', '2'], {
      encoding: 'utf8',
    });
    expect(last.status).toBe(0);
    const lines = last.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}tin\/info +event 7 n=7$/);
    expect(lines[1]).toContain('event 8');

    const errors = spawnSync('node', [hocba, 'logs', '--data-dir', dataDir, '--errors', '--json'], {
      encoding: 'utf8',
    });
    const parsed = JSON.parse(errors.stdout) as { level: string; message: string }[];
    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.every((e) => e.level === 'error')).toBe(true);
    expect(parsed.at(-1)?.message).toBe('event 6');

    const none = spawnSync('node', [hocba, 'logs', '--data-dir', join(work, 'empty')], { encoding: 'utf8' });
    expect(none.stdout).toContain('Nhật ký trống');
  });
});
