/**
 * What each entry point of the built extension loads: the content script (its loader, the
 * boot module it imports through chrome.runtime.getURL and the toolbar's module the boot
 * imports after the page's load), the service worker, and each page (its
 * HTML, scripts, module preloads and styles), following static and dynamic imports, with
 * raw and gzip sizes (what a download or the disk costs; the browser parses the raw bytes).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Everything the content script loads, raw, at most (issue 19): it runs on every portal page.
 * Checked by the bench (60-extension) and by extension/test/build.test.ts.
 */
export const CONTENT_SCRIPT_BUDGET_BYTES = 60_000;

/** Raw and gzip (level 9) bytes of one file of the build. */
export function fileSize(root, file) {
  const bytes = readFileSync(join(root, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** Every file the entry pulls in, relative to `root`. */
function closure(root, entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.js')) return;
    const text = readFileSync(join(root, file), 'utf8');
    const specs = [
      // Any quotes: the bundler writes dynamic imports as template literals (without ${}).
      ...text.matchAll(/(?:from|import)\s*\(?\s*["'`]([^"'`$]+\.js)["'`]/g),
      ...text.matchAll(/getURL\(\s*["']([^"']+)["']\s*\)/g),
    ].map((m) => m[1]);
    for (const spec of specs) {
      const target = spec.startsWith('.') ? normalize(join(dirname(file), spec)) : spec.replace(/^\//, '');
      visit(target);
    }
  };
  visit(entry);
  return [...seen];
}

function htmlEntries(root, html) {
  const text = readFileSync(join(root, html), 'utf8');
  return [...text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) =>
    m[1].startsWith('/') ? m[1].slice(1) : normalize(join(dirname(html), m[1])),
  );
}

/** [{ entry, kind, files, raw, gzip, ownRaw, ownGzip }] for the extension built in `root`. */
export function extensionBundles(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const entries = [];
  for (const cs of manifest.content_scripts ?? [])
    for (const js of cs.js) entries.push({ entry: js, kind: 'content script', roots: [js] });
  if (manifest.background?.service_worker)
    entries.push({
      entry: manifest.background.service_worker,
      kind: 'service worker',
      roots: [manifest.background.service_worker],
    });
  const pages = [manifest.options_ui?.page, 'src/pages/verify/index.html', 'src/pages/sign/index.html'];
  for (const page of [...new Set(pages.filter(Boolean))])
    entries.push({ entry: page, kind: 'page', roots: [page, ...htmlEntries(root, page)] });
  return entries.map(({ entry, kind, roots }) => {
    const files = [...new Set(roots.flatMap((r) => closure(root, r)))];
    const sizes = files.map((f) => fileSize(root, f));
    const own = fileSize(root, entry);
    return {
      entry: relative(root, join(root, entry)),
      kind,
      files,
      raw: sizes.reduce((s, x) => s + x.raw, 0),
      gzip: sizes.reduce((s, x) => s + x.gzip, 0),
      ownRaw: own.raw,
      ownGzip: own.gzip,
    };
  });
}
