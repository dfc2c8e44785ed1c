/**
 * One harness for every subcommand: logs, serve, pair and audit parse their options through
 * parseCommand like the others. A wrong option is a usage error (exit 2, Vietnamese first,
 * then the command's own usage); --help prints that usage and exits 0. Run through `main`,
 * as `hocba` does, so the lazily loaded command is the one tested.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const dataDir = mkdtempSync(join(tmpdir(), 'hocba-harness-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function capture() {
  const out = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  return {
    stdout: () => out.mock.calls.map((c) => c.join(' ')).join('\n'),
    stderr: () => err.mock.calls.map((c) => c.join(' ')).join('\n'),
  };
}

const cases = [
  { command: 'logs', usage: 'hocba logs [--lines N]' },
  { command: 'serve', usage: 'hocba serve [--port N]' },
  { command: 'pair', usage: 'hocba pair --list' },
  { command: 'audit', usage: 'hocba audit verify' },
] as const;

describe.each(cases)('hocba $command: one option parser', ({ command, usage }) => {
  afterEach(() => vi.restoreAllMocks());

  it('an unknown option: exit 2, "Tuỳ chọn không hợp lệ / …" then the usage', async () => {
    const io = capture();
    expect(await main([command, '--no-such-option', '--data-dir', dataDir])).toBe(2);
    expect(io.stderr()).toMatch(/^Tuỳ chọn không hợp lệ \/ .*--no-such-option/);
    expect(io.stderr()).toContain(usage);
    expect(io.stdout()).toBe('');
  });

  it('a string option without its value: exit 2', async () => {
    const io = capture();
    expect(await main([command, '--data-dir'])).toBe(2);
    expect(io.stderr()).toMatch(/^Tuỳ chọn không hợp lệ \/ .*--data-dir/);
  });

  it('--help and -h: the usage on stdout, exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const io = capture();
      expect(await main([command, flag])).toBe(0);
      expect(io.stdout()).toContain(usage);
      expect(io.stderr()).toBe('');
      vi.restoreAllMocks();
    }
  });
});

describe('the commands’ own value checks keep their texts', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    [['logs', '--lines', '0'], 'Số dòng phải là số nguyên dương / --lines must be a positive integer'],
    [['logs', '--lines', 'x'], 'Số dòng phải là số nguyên dương'],
    [['serve', '--port', '70000'], 'Cổng không hợp lệ: 70000 / Invalid port: 70000'],
    [['pair', '--minutes', '31'], 'Số phút từ 1 đến 30 / Minutes must be 1 to 30'],
    [['pair', '--add', 'https://evil.example'], 'Không phải nguồn của tiện ích: https://evil.example'],
    [['audit'], 'Thiếu lệnh con verify / missing subcommand verify'],
    [['audit', 'verify', '--head', join(dataDir, 'none.json')], 'Không có tệp'],
    [['companion', 'stop'], 'Lệnh con không có / unknown subcommand'],
  ])('%j: exit 2, %s', async (argv, message) => {
    const io = capture();
    expect(await main([...argv, '--data-dir', dataDir])).toBe(2);
    expect(io.stderr()).toContain(message);
  });

  it('audit takes --head more than once (a multiple option through the same parser)', async () => {
    const io = capture();
    const missing = join(dataDir, 'second.json');
    const code = await main(['audit', 'verify', '--data-dir', dataDir, '--head', missing, '--head', missing]);
    expect(code).toBe(2);
    expect(io.stderr()).toContain(`Không có tệp ${missing}`);
  });

  it('logs with good options still reads the log (an empty one here)', async () => {
    const io = capture();
    expect(await main(['logs', '--data-dir', dataDir, '--lines', '3'])).toBe(0);
    expect(io.stdout()).toContain('Nhật ký trống hoặc chưa có');
  });
});
