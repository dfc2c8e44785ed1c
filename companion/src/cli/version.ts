import { readFileSync } from 'node:fs';

/** The companion's version, read from its package.json (the one the bundle ships). */
export function companionVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
