/**
 * One harness for every subcommand: logs, serve, pair and audit parse their options through
 * parseCommand like the others. A wrong option is a usage error (exit 2, Vietnamese first,
 * then the command's own usage); --help prints that usage and exits 0. Run through `main`,
 * as `hocba` does, so the lazily loaded command is the one tested.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { commandTable, main } from '../../src/cli/main.js';

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
    [['doctor', '--port', '0'], 'Cổng không hợp lệ: 0 / Invalid port: 0'],
    [
      ['policy', '--pairing', 'new', '--out', dataDir, '--port', '80'],
      'Cổng không hợp lệ: 80 / Invalid port: 80',
    ],
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

describe('hocba verify on the same parser', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    [['verify', 'a.pdf', '--at', 'tomorrow'], '--at cần ngày dạng 2045-06-01'],
    [['verify', 'a.pdf', '--anchors'], 'Tuỳ chọn không hợp lệ'],
    [['verify', '--json'], 'Cần ít nhất một tệp hoặc thư mục / at least one file or directory is needed'],
    [['verify', 'a.pdf', '--no-such-option'], 'Tuỳ chọn không hợp lệ'],
  ])('%j: exit 2, %s, then the usage', async (argv, message) => {
    const io = capture();
    expect(await main(argv)).toBe(2);
    expect(io.stderr()).toContain(message);
    expect(io.stderr()).toContain('hocba verify <tệp.pdf|thư mục>');
  });

  it('--anchors and --trust both add roots, each more than once (a missing one is named)', async () => {
    const io = capture();
    const missing = join(dataDir, 'no-root.pem');
    const pdf = join(dataDir, 'one.pdf');
    writeFileSync(pdf, '%PDF-1.7\n');
    const code = await main(['verify', pdf, '--anchors', dataDir, '--trust', missing]);
    expect(code).toBe(2);
    expect(io.stderr()).toContain(missing);
  });
});

describe('an unreadable config.json: exit 2 and its typed message, whichever command reads it', () => {
  afterEach(() => vi.restoreAllMocks());
  const broken = mkdtempSync(join(tmpdir(), 'hocba-broken-config-'));
  writeFileSync(join(broken, 'config.json'), '{ "port": ');
  afterAll(() => rmSync(broken, { recursive: true, force: true }));

  it.each([[['archive', 'status']], [['logs']], [['pair', '--list']]])('%j', async (argv) => {
    const io = capture();
    expect(await main([...argv, '--data-dir', broken])).toBe(2);
    expect(io.stderr()).toContain(`Tệp cấu hình ${join(broken, 'config.json')} không hợp lệ`);
    expect(io.stderr()).toContain('(CONFIG_INVALID)');
  });
});

describe('install and uninstall read --data-dir and --module as every command does', () => {
  afterEach(() => vi.restoreAllMocks());

  it('install --dry-run plans for the folder and the module given', async () => {
    const io = capture();
    const module = join(dataDir, 'libtoken-pkcs11.so');
    writeFileSync(module, '');
    const argv = [
      'install',
      '--dry-run',
      '--json',
      '--autostart',
      'xdg',
      '--data-dir',
      dataDir,
      '--module',
      module,
    ];
    expect(await main(argv), io.stderr()).toBe(0);
    const plan = JSON.parse(io.stdout());
    expect(plan.dataDir).toBe(dataDir);
    expect(plan.module.modules.map((m: { path: string }) => m.path)).toContain(module);
  });

  it('uninstall --data-dir: that folder, where nothing was installed (exit 1, its manifest named)', async () => {
    const io = capture();
    expect(await main(['uninstall', '--dry-run', '--data-dir', dataDir])).toBe(1);
    expect(io.stderr()).toContain(join(dataDir, 'install-manifest.json'));
  });
});

const notYetOnTheHarness = new Set<string>();

describe('every command answers --help and -h with its usage, exit 0', () => {
  afterEach(() => vi.restoreAllMocks());
  const names = commandTable.map((c) => c.name).filter((n) => !notYetOnTheHarness.has(n));

  it('the list covers the table (a new command is tested without editing this file)', () => {
    expect(names).toEqual(
      expect.arrayContaining(['generate', 'demo-token', 'check', 'export', 'archive', 'sign', 'verify']),
    );
    expect(names.length).toBe(commandTable.length - notYetOnTheHarness.size);
  });

  it.each(names)('hocba %s --help / -h', async (name) => {
    for (const argv of [
      [name, '--help'],
      [name, '-h'],
    ]) {
      const io = capture();
      expect(await main(argv), argv.join(' ')).toBe(0);
      // Vietnamese first, then English, then the command's own line.
      expect(io.stdout()).toMatch(new RegExp(`^Cách dùng / usage:\\s+hocba ${name}\\b`));
      expect(io.stderr()).toBe('');
      vi.restoreAllMocks();
    }
  });
});

describe('generate, check and export: wrong usage through the same parser', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    [['generate', '--out'], /^Tuỳ chọn không hợp lệ \/ .*--out/, 'hocba generate --out'],
    [['generate', '--size', '5'], /^Thiếu --out hoặc giá trị ngoài khoảng \//, 'hocba generate --out'],
    [['generate', '--out', join(dataDir, 'g'), '--grade', '6'], /ngoài khoảng/, 'hocba generate'],
    [['check'], /^Cần ít nhất một tệp hoặc thư mục \//, 'hocba check <tệp.json|thư mục>'],
    [['check', '--frobnicate', 'x.json'], /^Tuỳ chọn không hợp lệ \/ .*--frobnicate/, 'hocba check'],
    [['export', 'x.json'], /^Cần --csdl/, 'hocba export --csdl'],
    [['export', '--csdl'], /^Cần ít nhất một tệp hoặc thư mục/, 'hocba export --csdl'],
    [['export', '--csdl', 'x.json', '--out'], /^Tuỳ chọn không hợp lệ \/ .*--out/, 'hocba export'],
    [['demo-token', '--lable', 'X'], /^Tuỳ chọn không hợp lệ \/ .*--lable/, 'hocba demo-token'],
    [['companion', 'stop'], /^Lệnh con không có \/ unknown subcommand/, 'hocba companion start'],
  ])('%j: exit 2, the message then the usage', async (argv, message, usage) => {
    const io = capture();
    expect(await main(argv)).toBe(2);
    expect(io.stderr()).toMatch(message);
    expect(io.stderr()).toContain(usage);
    expect(io.stdout()).toBe('');
  });
});
