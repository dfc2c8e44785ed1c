// The build the page-load bench measures: a copy of the unpacked extension whose declared
// content scripts skip any URL carrying `hocba-bench=off`. The same page in the same tab on
// the same origin, with and without that parameter, is then the page with our content script
// and without it: nothing else differs (not the origin, its relay, its renderer process or
// its tab, each of which carried a lasting bias of up to 9 % of its own: docs/performance.md,
// session 9). Optionally the copy burns CPU first (the positive control, burn-build.mjs).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { burnSource } from './burn-build.mjs';

/** The query parameter that keeps our content script off a page in the bench's build. */
export const BENCH_OFF = 'hocba-bench=off';

/** `path` with `param` added to its query. */
export const withParam = (path, param) => `${path}${path.includes('?') ? '&' : '?'}${param}`;

/**
 * A copy of the unpacked extension in `dist` for the bench: { dir, remove() }. Its content
 * scripts exclude URLs with BENCH_OFF; with `burnIterations`, each first runs that many
 * iterations of the positive control's burn (burn-build.mjs).
 */
export function benchBuild(dist, { burnIterations = 0 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-bench-ext-'));
  cpSync(dist, dir, { recursive: true });
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  const scripts = manifest.content_scripts ?? [];
  if (scripts.length === 0) throw new Error(`page-load bench: ${dist} declares no content script`);
  for (const script of scripts) {
    script.exclude_globs = [...(script.exclude_globs ?? []), `*${BENCH_OFF}*`];
    if (burnIterations > 0)
      for (const file of script.js ?? []) {
        const js = join(dir, file);
        writeFileSync(js, `${burnSource(burnIterations)}\n${readFileSync(js, 'utf8')}`);
      }
  }
  writeFileSync(path, JSON.stringify(manifest));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
