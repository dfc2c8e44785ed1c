/** `--tsa URL [--level B-T|B-LT]` of install and policy, checked as the configuration's schema does. */
import { httpUrlSchema } from '../../config/index.js';
import { usageError } from './args.js';

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
