import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCommand } from '../../src/cli/commands/args.js';
import { configOverrides, portOption } from '../../src/cli/commands/config-options.js';
import { checkTimestampOptions, timestampOption } from '../../src/cli/commands/timestamp-options.js';

const USAGE = 'usage: hocba x';

describe('parseCommand', () => {
  afterEach(() => vi.restoreAllMocks());

  it('returns the values and positionals', () => {
    const parsed = parseCommand(
      ['a', '--out', 'd', '--json'],
      { out: { type: 'string' }, json: { type: 'boolean' } },
      USAGE,
    );
    expect(parsed).toEqual({ values: { out: 'd', json: true }, positionals: ['a'] });
  });

  it('an unknown or malformed option is a usage error, exit 2, Vietnamese first', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(parseCommand(['--nope'], { out: { type: 'string' } }, USAGE)).toBe(2);
    expect(parseCommand(['--out'], { out: { type: 'string' } }, USAGE)).toBe(2);
    expect(err.mock.calls[0]?.[0]).toMatch(/^Tuỳ chọn không hợp lệ \/ .*--nope[\s\S]*usage: hocba x$/);
  });

  it('--help and -h print the usage and exit 0 for every command, declared or not', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(parseCommand(['-h'], { help: { type: 'boolean', short: 'h' } }, USAGE)).toBe(0);
    expect(log).toHaveBeenCalledWith(USAGE);
    expect(parseCommand(['-h'], { json: { type: 'boolean' } }, USAGE)).toBe(0);
    expect(parseCommand(['x.json', '--help'], { json: { type: 'boolean' } }, USAGE)).toBe(0);
    expect(log).toHaveBeenCalledTimes(3);
  });

  it('-h stays a command’s own short option when it has taken it; --help still answers', () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const options = { host: { type: 'string', short: 'h' } } as const;
    expect(parseCommand(['-h', 'example'], options, USAGE)).toMatchObject({ values: { host: 'example' } });
    expect(parseCommand(['--help'], options, USAGE)).toBe(0);
  });
});

describe('checkTimestampOptions / timestampOption', () => {
  afterEach(() => vi.restoreAllMocks());

  it('accepts no --tsa, an http(s) --tsa, and --level B-T|B-LT with it', () => {
    expect(checkTimestampOptions({}, USAGE)).toBeUndefined();
    expect(checkTimestampOptions({ tsa: 'https://tsa.example.vn' }, USAGE)).toBeUndefined();
    expect(checkTimestampOptions({ tsa: 'http://127.0.0.1:9/', level: 'B-LT' }, USAGE)).toBeUndefined();
    expect(timestampOption({})).toEqual({});
    expect(timestampOption({ tsa: 'https://t.vn', level: 'B-LT' })).toEqual({
      timestamp: { url: 'https://t.vn', level: 'B-LT' },
    });
    expect(timestampOption({ tsa: 'https://t.vn' })).toEqual({ timestamp: { url: 'https://t.vn' } });
  });

  it('refuses a non-http --tsa, --level without --tsa, and an unknown level: exit 2', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(checkTimestampOptions({ tsa: 'ftp://t.vn' }, USAGE)).toBe(2);
    expect(checkTimestampOptions({ level: 'B-T' }, USAGE)).toBe(2);
    expect(checkTimestampOptions({ tsa: 'https://t.vn', level: 'B-LTA' }, USAGE)).toBe(2);
  });
});

describe('configOverrides / portOption: the configuration options every command reads alike', () => {
  afterEach(() => vi.restoreAllMocks());

  it('--data-dir, --config and --module become loadConfig overrides; absent ones stay absent', () => {
    expect(configOverrides({})).toEqual({});
    expect(configOverrides({ 'data-dir': '/d', config: '/c.json', module: '/m.so', json: true })).toEqual({
      dataDir: '/d',
      configPath: '/c.json',
      module: '/m.so',
    });
    expect(configOverrides({ 'data-dir': '/d' })).toEqual({ dataDir: '/d' });
  });

  it('--port: nothing when absent, the port from `lowest` to 65535', () => {
    expect(portOption({}, 1, USAGE)).toEqual({});
    expect(portOption({ port: '0' }, 0, USAGE)).toEqual({ port: 0 });
    expect(portOption({ port: '18127' }, 1024, USAGE)).toEqual({ port: 18127 });
    expect(portOption({ port: '65535' }, 1, USAGE)).toEqual({ port: 65535 });
  });

  it('--port out of range or not a whole number: exit 2, Vietnamese first, then the usage', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const [port, lowest] of [
      ['0', 1],
      ['1023', 1024],
      ['65536', 0],
      ['12.5', 1],
      ['x', 1],
    ] as const)
      expect(portOption({ port }, lowest, USAGE)).toBe(2);
    expect(err.mock.calls[0]?.[0]).toBe(`Cổng không hợp lệ: 0 / Invalid port: 0\n\n${USAGE}`);
  });
});
