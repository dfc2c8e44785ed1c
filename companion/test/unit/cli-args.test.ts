import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCommand } from '../../src/cli/commands/args.js';
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
