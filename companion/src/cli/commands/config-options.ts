/**
 * The options that say where the companion's things are and which token module and port to
 * use (--data-dir, --config, --module, --port), read the same way by every command that
 * loads the configuration: given ones override the environment, config.json and defaults.
 * Types only from the configuration module, so a command that needs no configuration loads
 * nothing more for this.
 */
import type { ConfigOverrides } from '../../config/index.js';
import { type ParsedArgs, usageError } from './args.js';

/**
 * What the line gave of --data-dir, --config and --module, as loadConfig's overrides. A
 * command passes its own values: an option it does not declare cannot be there (parseArgs is
 * strict), so each keeps the options it has.
 */
export function configOverrides(values: ParsedArgs['values']): ConfigOverrides {
  return {
    ...(typeof values['data-dir'] === 'string' ? { dataDir: values['data-dir'] } : {}),
    ...(typeof values.config === 'string' ? { configPath: values.config } : {}),
    ...(typeof values.module === 'string' ? { module: values.module } : {}),
  };
}

/**
 * --port N as an override: nothing when absent, the port when it is a whole number from
 * `lowest` (0 for serve's "any free port", 1024 for a policy's, 1 elsewhere) to 65535, else
 * the usage exit code (2) with the error printed.
 */
export function portOption(
  values: ParsedArgs['values'],
  lowest: number,
  usage: string,
): { port?: number } | number {
  if (typeof values.port !== 'string') return {};
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < lowest || port > 65535)
    return usageError({ vi: `Cổng không hợp lệ: ${values.port}`, en: `Invalid port: ${values.port}` }, usage);
  return { port };
}
