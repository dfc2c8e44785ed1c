import { join } from 'node:path';

/**
 * Where the companion keeps its files inside the data folder. A leaf module: the commands
 * that only read these files (logs, pair, audit) get the paths without the server's imports.
 */
export function dataPaths(dataDir: string) {
  return {
    audit: join(dataDir, 'audit.jsonl'),
    archive: join(dataDir, 'archive'),
    batches: join(dataDir, 'batches'),
    logs: join(dataDir, 'logs'),
  };
}
