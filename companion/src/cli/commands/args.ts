/** Small helpers shared by the companion's subcommands. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { httpUrlSchema } from '../../config/index.js';

export interface ParsedArgs {
  /** A `multiple: true` option gives an array of strings. */
  values: Record<string, string | string[] | boolean | undefined>;
  positionals: string[];
}

type Options = NonNullable<ParseArgsConfig['options']>;

function parse(args: string[], options: Options): ParsedArgs {
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
  return { values: values as ParsedArgs['values'], positionals };
}

/** --help and -h, which every command answers, added unless a command declares its own. */
function withHelp(options: Options): Options {
  if ('help' in options) return options;
  const hTaken = Object.values(options).some((o) => o.short === 'h');
  return { ...options, help: { type: 'boolean', ...(hTaken ? {} : { short: 'h' }) } };
}

/**
 * A subcommand's options, or the exit code to return at once: 2 (usage error printed) for an
 * unknown or malformed option, 0 (usage printed on stdout) for --help or -h, which every
 * command parsed here answers, whatever else is on the line.
 */
export function parseCommand(args: string[], options: Options, usage: string): ParsedArgs | number {
  let parsed: ParsedArgs;
  try {
    parsed = parse(args, withHelp(options));
  } catch (error) {
    return usageError({ vi: 'Tuỳ chọn không hợp lệ', en: (error as Error).message }, usage);
  }
  if (parsed.values.help) {
    console.log(usage);
    return 0;
  }
  return parsed;
}

/** The values of --tsa and --level, whatever else the command takes. */
type TimestampValues = Readonly<{ tsa?: unknown; level?: unknown }>;

/**
 * `--tsa URL [--level B-T|B-LT]` as written into a configuration (install, policy): the URL
 * must be http(s), and --level only goes with --tsa. A usage exit code when they are wrong.
 */
export function checkTimestampOptions(v: TimestampValues, usage: string): number | undefined {
  if (typeof v.tsa === 'string' && !httpUrlSchema.safeParse(v.tsa).success)
    return usageError(
      { vi: `--tsa không phải địa chỉ http(s): ${v.tsa}`, en: `--tsa is not an http(s) URL: ${v.tsa}` },
      usage,
    );
  if (v.level !== undefined && (typeof v.tsa !== 'string' || (v.level !== 'B-T' && v.level !== 'B-LT')))
    return usageError(
      { vi: '--level (B-T|B-LT) đi cùng --tsa', en: '--level (B-T|B-LT) goes with --tsa' },
      usage,
    );
  return undefined;
}

/** The checked --tsa/--level as the `timestamp` of a configuration, or nothing without --tsa. */
export function timestampOption(v: TimestampValues): {
  timestamp?: { url: string; level?: 'B-T' | 'B-LT' };
} {
  return typeof v.tsa === 'string'
    ? { timestamp: { url: v.tsa, ...(v.level ? { level: v.level as 'B-T' | 'B-LT' } : {}) } }
    : {};
}

/** Prints a usage error (Vietnamese first) and returns exit code 2. */
export function usageError(message: { vi: string; en: string }, usage: string): number {
  console.error(`${message.vi} / ${message.en}\n\n${usage}`);
  return 2;
}
