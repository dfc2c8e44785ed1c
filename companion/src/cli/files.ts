import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files named on a command line: plain files as given, directories walked recursively
 * for files ending in `extension` (sorted, so reports are stable). Throws a Node error
 * (ENOENT, EACCES) for a path that cannot be read; commands turn that into exit code 2.
 */
export function collectFiles(paths: readonly string[], extension: string): string[] {
  const out: string[] = [];
  const walk = (path: string, depth: number, named: boolean) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      if (depth > 16) return;
      for (const name of readdirSync(path).sort()) walk(join(path, name), depth + 1, false);
    } else if (named || path.toLowerCase().endsWith(extension)) {
      out.push(path);
    }
  };
  for (const path of paths) walk(path, 0, true);
  return out;
}
