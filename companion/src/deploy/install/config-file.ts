/**
 * config.json as the install leaves it: the school's own settings kept, --module and the
 * time-stamp server written when they change it. Nothing to write when they do not.
 */
import { join } from 'node:path';
import { type ConfigFile, readConfigFile } from '../../config/index.js';
import type { PlannedFile } from './plan.js';

export function planConfigFile(options: {
  dataDir: string;
  module: string | undefined;
  timestamp: { url: string; level?: 'B-T' | 'B-LT' } | undefined;
  exists: (path: string) => boolean;
}): PlannedFile | undefined {
  const configPath = join(options.dataDir, 'config.json');
  const existing: ConfigFile = options.exists(configPath) ? readConfigFile(configPath) : {};
  const moduleChanged = Boolean(options.module && existing.module !== options.module);
  const timestamp = options.timestamp
    ? {
        ...existing.timestamp,
        url: options.timestamp.url,
        ...(options.timestamp.level ? { level: options.timestamp.level } : {}),
      }
    : undefined;
  const timestampChanged =
    timestamp !== undefined && JSON.stringify(timestamp) !== JSON.stringify(existing.timestamp);
  if (!moduleChanged && !timestampChanged) return undefined;
  const next: ConfigFile = {
    ...existing,
    ...(moduleChanged ? { module: options.module } : {}),
    ...(timestampChanged ? { timestamp } : {}),
  };
  return {
    path: configPath,
    content: `${JSON.stringify(next, null, 2)}\n`,
    mode: 0o600,
    what: {
      vi: `cấu hình chương trình ký (${[moduleChanged ? 'thư viện PKCS#11' : '', timestampChanged ? 'máy chủ dấu thời gian' : ''].filter(Boolean).join(', ')})`,
      en: `companion configuration (${[moduleChanged ? 'PKCS#11 module' : '', timestampChanged ? 'time-stamp server' : ''].filter(Boolean).join(', ')})`,
    },
  };
}
