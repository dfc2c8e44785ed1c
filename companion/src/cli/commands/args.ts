/**
 * Small helpers shared by the companion's subcommands. Every command loads this module, so it
 * imports nothing of the project (the option checks that need the configuration's schemas are
 * in ./timestamp-options.ts).
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

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

/** Prints a usage error (Vietnamese first) and returns exit code 2. */
export function usageError(message: { vi: string; en: string }, usage: string): number {
  console.error(`${message.vi} / ${message.en}\n\n${usage}`);
  return 2;
}
