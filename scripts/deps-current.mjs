// Exit 0 when node_modules holds what package-lock.json says, 1 otherwise (scripts/ensure-deps.sh
// then runs `npm ci`). Compares contents, not dates: a checkout rewrites the lockfile's date
// without changing it, and `npm ci` then cost a minute for nothing. npm keeps what it
// installed in node_modules/.package-lock.json; optional packages for other platforms are
// absent there by design.
import { readFileSync } from 'node:fs';

function packages(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8')).packages ?? {};
  } catch {
    return undefined;
  }
}

const wanted = packages('package-lock.json');
const installed = packages('node_modules/.package-lock.json');
if (!wanted || !installed) process.exit(1);
for (const [path, entry] of Object.entries(wanted)) {
  if (path === '') continue;
  const have = installed[path];
  if (!have) {
    if (entry.optional) continue;
    process.exit(1);
  }
  if ((have.version ?? '') !== (entry.version ?? '') || (have.resolved ?? '') !== (entry.resolved ?? ''))
    process.exit(1);
}
for (const path of Object.keys(installed)) if (!(path in wanted)) process.exit(1);
process.exit(0);
