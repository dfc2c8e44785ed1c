/** Small helpers shared by the companion's subcommands. */
import { type ParseArgsConfig, parseArgs } from 'node:util';

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>): ParsedArgs {
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
  return { values: values as ParsedArgs['values'], positionals };
}

/** Prints a usage error (Vietnamese first) and returns exit code 2. */
export function usageError(message: { vi: string; en: string }, usage: string): number {
  console.error(`${message.vi} / ${message.en}\n\n${usage}`);
  return 2;
}
