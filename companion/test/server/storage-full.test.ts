/**
 * The disk fills up (or the data folder stops being writable) in the middle of a batch. The
 * write error is injected at the file-system layer (node:fs writes fail with ENOSPC once
 * the archive has taken a few files, as a full disk fails them); the same attack on a real
 * 3 MiB tmpfs, with the real engine and `hocba serve`: test/trials/redteam6-trial.mjs
 * diskfull. The batch must stop with a typed answer (not INTERNAL_ERROR, "nothing was
 * done"), every document reported signed must be saved, the companion must go on serving,
 * and the same batch sent once the disk has room must finish it without signing anything
 * twice.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestClient } from '../support/client.js';
import { pairedCompanion } from '../support/paired-companion.js';
import { validRecords } from '../support/records.js';
import { principalSign, recordDocuments } from '../support/sign-request.js';
import { makeTestToken, TEST_PIN } from '../support/token.js';

/** The disk: full once the archive has opened `archiveFilesLeft` more files. */
const disk = vi.hoisted(() => ({ full: false, archiveFilesLeft: Number.POSITIVE_INFINITY }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const noSpace = (syscall: string) =>
    Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), {
      code: 'ENOSPC',
      errno: -28,
      syscall,
    });
  const patched = {
    openSync: ((
      path: import('node:fs').PathLike,
      flags?: import('node:fs').OpenMode,
      mode?: import('node:fs').Mode,
    ) => {
      if (flags === 'wx' && String(path).includes(`${sep}archive${sep}`) && disk.archiveFilesLeft-- <= 0)
        disk.full = true;
      return fs.openSync(path, flags ?? 'r', mode);
    }) as typeof fs.openSync,
    writeSync: ((...args: Parameters<typeof fs.writeSync>) => {
      if (disk.full) throw noSpace('write');
      return (fs.writeSync as (...a: unknown[]) => number)(...args);
    }) as typeof fs.writeSync,
    appendFileSync: ((...args: Parameters<typeof fs.appendFileSync>) => {
      if (disk.full) throw noSpace('write');
      return fs.appendFileSync(...args);
    }) as typeof fs.appendFileSync,
    writeFileSync: ((...args: Parameters<typeof fs.writeFileSync>) => {
      if (disk.full) throw noSpace('write');
      return fs.writeFileSync(...args);
    }) as typeof fs.writeFileSync,
  };
  return { ...fs, ...patched, default: { ...fs, ...patched } };
});

let serial: string;
let tokenDir: string;
beforeAll(async () => {
  const made = await makeTestToken('HOCBA-FULL');
  tokenDir = made.dir;
  serial = made.token.serial;
}, 60_000);
afterAll(() => rmSync(tokenDir, { recursive: true, force: true }));
const paired = pairedCompanion();

describe('the disk full mid-batch (write errors injected at the fs layer)', { timeout: 60_000 }, () => {
  it('a typed STORAGE_FULL, everything reported signed is saved, the companion serves, and the batch then finishes without signing twice', async () => {
    const total = 8;
    const documents = recordDocuments(validRecords(total, 12), 'f');
    const client = await TestClient.open(paired.port);
    paired.opened.push(client.ws);
    await client.auth(paired.pairing);
    expect(await client.request({ type: 'login', id: 'l1', token: { serial }, pin: TEST_PIN })).toMatchObject(
      {
        type: 'login.result',
      },
    );
    disk.archiveFilesLeft = 3;
    const result = await client.request(principalSign(serial, 's1', 'full-batch', documents));
    expect(result).toMatchObject({ type: 'sign.result', status: 'failed', batch: 'closed' });
    const error = result.error as { code: string; message: { vi: string; en: string } };
    expect(error.code).toBe('STORAGE_FULL');
    expect(error.message.vi).toMatch(/Đĩa đầy/);
    expect(error.message.en).toMatch(/disk is full/);
    const signed = result.signed as string[];
    const notSigned = result.notSigned as { docId: string; error: { code: string } }[];
    // Every document is answered once, signed or not with its reason.
    expect([...signed, ...notSigned.map((n) => n.docId)].sort()).toEqual(
      documents.map((d) => d.docId).sort(),
    );
    expect(notSigned.length).toBeGreaterThan(0);
    for (const n of notSigned) expect(['STORAGE_FULL', 'NOT_REACHED']).toContain(n.error.code);
    // What was reported signed is in the archive.
    const archive = join(paired.t.dataDir, 'archive');
    for (const m of client.received.filter((x) => x.type === 'progress' && x.status === 'signed'))
      expect(existsSync(join(archive, m.archived as string))).toBe(true);
    client.received.splice(0);
    // Still serving, on the same connection.
    expect(await client.request({ type: 'status', id: 'st' })).toMatchObject({ type: 'status.result' });

    // Saved before the disk filled (archived and journaled), whether reported or not.
    const batchDir = join(archive, readdirSync(archive)[0]!);
    const savedFiles = () => readdirSync(batchDir).filter((f) => f.endsWith('.pdf'));
    const saved = documents.filter((d) => savedFiles().some((f) => f.startsWith(`${d.docId}-`)));
    expect(saved.length).toBeGreaterThanOrEqual(3);

    // Space freed: the same batch again finishes it; nothing is signed twice.
    disk.full = false;
    disk.archiveFilesLeft = Number.POSITIVE_INFINITY;
    expect(await client.request({ type: 'login', id: 'l2', token: { serial }, pin: TEST_PIN })).toMatchObject(
      {
        type: 'login.result',
      },
    );
    const again = await client.request(principalSign(serial, 's2', 'full-batch', documents));
    expect(again).toMatchObject({ type: 'sign.result', status: 'completed', notSigned: [] });
    const progress = client.received.filter((x) => x.type === 'progress');
    for (const { docId } of saved)
      expect(progress.find((m) => m.docId === docId)).toMatchObject({ status: 'alreadySigned' });
    expect(progress.filter((m) => m.status === 'signed')).toHaveLength(total - saved.length);
    for (const d of documents)
      expect(savedFiles().filter((f) => f.startsWith(`${d.docId}-`))).toHaveLength(1);
    // One `document.signed` line per document in the audit log, which verifies.
    const lines = readFileSync(join(paired.t.dataDir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; docId?: string });
    for (const d of documents)
      expect(lines.filter((l) => l.event === 'document.signed' && l.docId === d.docId)).toHaveLength(1);
    client.close();
  });
});
