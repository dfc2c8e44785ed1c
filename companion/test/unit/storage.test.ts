import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stretchPairingCode } from '@hocba/shared/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Archive, removeStaleTemporaries, safeFileName, writeFileAtomic } from '../../src/archive/index.js';
import { loadConfig, readConfigFile } from '../../src/config/index.js';
import { MAX_FAILURES_PER_ORIGIN, MAX_FAILURES_PER_WINDOW, PairingStore } from '../../src/pairing/index.js';
import { checkUpgrade } from '../../src/server/server.js';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-unit-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const SECRET = 'A'.repeat(43);

describe('archive', () => {
  it('writes whole files with mode 0600 and leaves no temporary behind', () => {
    const dir = temp();
    writeFileAtomic(join(dir, 'a', 'x.pdf'), new Uint8Array([1, 2, 3]));
    expect([...readFileSync(join(dir, 'a', 'x.pdf'))]).toEqual([1, 2, 3]);
    expect(statSync(join(dir, 'a', 'x.pdf')).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'a'))).toEqual(['x.pdf']);
  });

  it('removes temporaries a killed process left, and keeps finished files', () => {
    const dir = temp();
    writeFileAtomic(join(dir, 'b', 'done.pdf'), 'whole');
    writeFileSync(join(dir, 'b', '.half.pdf.tmp-abc123'), 'half');
    expect(removeStaleTemporaries(dir)).toBe(1);
    expect(readdirSync(join(dir, 'b'))).toEqual(['done.pdf']);
  });

  it('names files so that ids cannot escape the folder or collide', () => {
    expect(safeFileName('..')).toMatch(/^__-[0-9a-f]{8}\.pdf$/);
    expect(safeFileName('a.b')).not.toBe(safeFileName('a_b'));
    const archive = new Archive(temp());
    const relative = archive.store('../../etc', '../passwd', new Uint8Array([1]));
    expect(relative.startsWith('..')).toBe(false);
    expect(existsSync(archive.path(relative))).toBe(true);
  });

  it('never overwrites: the same batch and doc id with new content gets a new name, the same bytes keep theirs', () => {
    const archive = new Archive(temp());
    const first = archive.store('batch', 'doc', new Uint8Array([1, 2, 3]));
    const again = archive.store('batch', 'doc', new Uint8Array([1, 2, 3]));
    const other = archive.store('batch', 'doc', new Uint8Array([4, 5, 6]));
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect([...readFileSync(archive.path(first))]).toEqual([1, 2, 3]);
    expect([...readFileSync(archive.path(other))]).toEqual([4, 5, 6]);
    expect(readdirSync(archive.batchDir('batch'))).toHaveLength(2);
  });

  it('a write that must not clobber fails with EEXIST and leaves the file and no temporary', () => {
    const dir = temp();
    writeFileAtomic(join(dir, 'x.pdf'), 'first');
    expect(() => writeFileAtomic(join(dir, 'x.pdf'), 'second', 0o600, 'never')).toThrow(/EEXIST/);
    expect(readFileSync(join(dir, 'x.pdf'), 'utf8')).toBe('first');
    expect(readdirSync(dir)).toEqual(['x.pdf']);
  });
});

describe('configuration', () => {
  it('reads pre-provisioned pairings and lets flags beat the environment and the file', () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        port: 19000,
        module: '/m.so',
        pairings: [{ id: 'school', origin: ORIGIN, secret: SECRET }],
      }),
    );
    const fromFile = loadConfig({ dataDir: dir }, {});
    expect(fromFile).toMatchObject({
      port: 19000,
      module: '/m.so',
      pairings: [{ id: 'school', origin: ORIGIN }],
    });
    expect(loadConfig({ dataDir: dir }, { HOCBA_PORT: '19001' }).port).toBe(19001);
    expect(loadConfig({ dataDir: dir, port: 19002 }, { HOCBA_PORT: '19001' }).port).toBe(19002);
  });

  it('refuses a configuration with a web origin or a short secret, saying where', () => {
    const dir = temp();
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify({ pairings: [{ origin: 'https://vnedu.vn', secret: 'short' }] }));
    expect(() => readConfigFile(path)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', vi: expect.stringContaining(path) }),
    );
  });

  it('a provisioned pairing opens the door at the upgrade; an unknown extension stays outside', () => {
    const store = new PairingStore(temp(), [{ origin: ORIGIN, secret: SECRET }]);
    expect(store.findById('config-1')?.secret).toBe(SECRET);
    const headers = (origin: string) => ({ host: '127.0.0.1:18127', origin });
    expect(checkUpgrade(headers(ORIGIN), 18127, store)).toEqual({ status: 'accepted', origin: ORIGIN });
    expect(
      checkUpgrade(headers('chrome-extension://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'), 18127, store),
    ).toEqual({
      status: 'refused',
      reason: 'notPaired',
    });
    // Provisioned pairings are the admin's: `--revoke` does not remove them.
    expect(store.revoke(ORIGIN)).toEqual([]);
  });
});

describe('pairing window', () => {
  it('expires after its minutes and pairs one extension', () => {
    const store = new PairingStore(temp());
    const t0 = new Date('2026-01-01T00:00:00Z');
    const window = store.openWindow(5, t0);
    expect(window.salt).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.window(new Date(t0.getTime() + 4 * 60_000))).toBeDefined();
    expect(store.checkAttempt(ORIGIN, new Date(t0.getTime() + 6 * 60_000))).toBe('closed');
    const again = store.openWindow(5, t0);
    expect(store.checkAttempt(ORIGIN, t0)).toBe('allowed');
    expect(store.consumeWindow(window.salt, t0)).toBe(false);
    expect(store.consumeWindow(again.salt, t0)).toBe(true);
    expect(store.checkAttempt(ORIGIN, t0)).toBe('closed');
  });

  it('limits wrong proofs per origin, and all of them per window', () => {
    const store = new PairingStore(temp());
    const t0 = new Date('2026-01-01T00:00:00Z');
    const window = store.openWindow(5, t0);
    const stranger = 'chrome-extension://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    for (let i = 0; i < MAX_FAILURES_PER_ORIGIN; i++) store.recordFailure(window, stranger);
    expect(store.checkAttempt(stranger, t0)).toBe('exhausted');
    // Another origin, the teacher's, still may.
    expect(store.checkAttempt(ORIGIN, t0)).toBe('allowed');
    for (let i = MAX_FAILURES_PER_ORIGIN; i < MAX_FAILURES_PER_WINDOW; i++)
      store.recordFailure(window, `moz-extension://${String(i).padStart(36, '0')}`);
    expect(store.checkAttempt(ORIGIN, t0)).toBe('closed');
  });

  it('stretches the code once per window, the same K as the extension computes', async () => {
    const store = new PairingStore(temp());
    const window = store.openWindow(5);
    const k = await store.windowKey(window);
    expect(store.windowKey(window)).toBe(store.windowKey(window));
    const formatted = `${window.code.slice(0, 4)}-${window.code.slice(4)}`.toLowerCase();
    expect(Buffer.from(await stretchPairingCode(formatted, window.salt, window.iterations))).toEqual(
      Buffer.from(k),
    );
  });

  it.each([
    ['not JSON', '{"pairings": [ {"id": '],
    ['pairings not a list', '{"pairings": 5}'],
    ['an entry without its secret', '{"pairings": [{"id": "p-1", "origin": "x"}]}'],
    ['null', 'null'],
  ])(
    'a broken pairings.json (%s): the door still answers, configured pairings still open it, nothing overwrites the file',
    (_what, text) => {
      const dir = temp();
      const file = join(dir, 'pairings.json');
      writeFileSync(file, text);
      const store = new PairingStore(dir, [{ origin: ORIGIN, secret: SECRET }]);
      const headers = (origin: string) => ({ host: '127.0.0.1:18127', origin });
      // The upgrade used to throw here (an uncaught error in the server's upgrade handler).
      expect(checkUpgrade(headers(ORIGIN), 18127, store)).toEqual({ status: 'accepted', origin: ORIGIN });
      expect(
        checkUpgrade(headers('chrome-extension://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'), 18127, store),
      ).toEqual({
        status: 'refused',
        reason: 'notPaired',
      });
      expect(store.findById('config-1')?.secret).toBe(SECRET);
      // What reads or writes the stored pairings says what is wrong, typed, and leaves the file.
      for (const act of [() => store.list(), () => store.add(ORIGIN), () => store.revoke(ORIGIN)])
        expect(act).toThrow(expect.objectContaining({ code: 'PAIRINGS_INVALID' }));
      expect(readFileSync(file, 'utf8')).toBe(text);
    },
  );

  it('re-pairing an origin replaces its secret; pairings.json is 0600', () => {
    const dir = temp();
    const store = new PairingStore(dir);
    const first = store.add(ORIGIN);
    const second = store.add(ORIGIN);
    expect(store.list()).toHaveLength(1);
    expect(store.findById(first.id)).toBeUndefined();
    expect(store.findById(second.id)?.secret).toBe(second.secret);
    expect(statSync(join(dir, 'pairings.json')).mode & 0o777).toBe(0o600);
  });
});
