/// <reference types="node" />
/**
 * The extension's builds as a browser store sees them: `npm run build -w extension` (run
 * here, so the test sees today's sources) writes dist/chromium and dist/firefox, the
 * development builds the demo and the tests load; `npm run package -w extension` the release
 * builds dist/release/<browser> and their zips, what is shipped. Firefox's own linter (`web-ext lint`, Mozilla's addons-linter) must accept
 * dist/firefox with no error; both manifests keep the shape each browser needs; the code
 * reaches browser APIs only through webextension-polyfill.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONTENT_SCRIPT_BUDGET_BYTES,
  extensionBundles,
  fileSize,
} from '../../test/bench/helpers/bundles.mjs';
import {
  contentScriptPatterns,
  LOOPBACK_DEMO_PATTERNS,
  OPTIONAL_HOST_PATTERNS,
  VENDOR_HOST_PATTERNS,
} from '../src/reach/vendor-portals.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (browser: string) => join(root, 'dist', browser);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

type Manifest = Record<string, unknown> & {
  background: { service_worker?: string; scripts?: string[]; type?: string };
  content_scripts: { js: string[]; matches: string[]; run_at?: string }[];
  web_accessible_resources?: { resources: string[]; matches: string[]; use_dynamic_url?: boolean }[];
  options_ui: { page: string };
};

const manifest = (browser: string) =>
  JSON.parse(readFileSync(join(dist(browser), 'manifest.json'), 'utf8')) as Manifest;

/** Every file under `dir`, as sorted paths relative to it with forward slashes. */
function files(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path, base) : [relative(base, path).split('\\').join('/')];
    })
    .sort();
}

/** Every file the manifest names is in the build. */
function referencedFiles(m: Manifest): string[] {
  return [
    ...(m.background.scripts ?? []),
    ...(m.background.service_worker ? [m.background.service_worker] : []),
    ...m.content_scripts.flatMap((c) => c.js),
    ...(m.web_accessible_resources ?? []).flatMap((w) => w.resources),
    m.options_ui.page,
  ];
}

beforeAll(() => {
  // As shipped: vitest sets NODE_ENV=test, which vite would take for a build with preact's
  // development code (3 KB more in the content script, and in the zips).
  for (const script of ['build', 'package'])
    execFileSync('npm', ['run', script], {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, NODE_ENV: 'production' },
    });
});

describe('chromium build (unchanged)', () => {
  it('keeps the fixed key, the minimum Chrome version and a module service worker', () => {
    const m = manifest('chromium');
    expect(m.manifest_version).toBe(3);
    expect(m.key).toMatch(/^MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A/);
    expect(m.minimum_chrome_version).toBe('116');
    expect(m.background).toEqual({ service_worker: 'service-worker-loader.js', type: 'module' });
    expect(m.browser_specific_settings).toBeUndefined();
    expect(m.content_security_policy).toBeUndefined();
    for (const file of referencedFiles(m)) expect(existsSync(join(dist('chromium'), file)), file).toBe(true);
  });
});

describe('firefox build', () => {
  it('has the gecko ID IT policies name, Firefox 128+, background scripts, and nothing Chromium-only', () => {
    const m = manifest('firefox');
    const chromium = manifest('chromium');
    expect(m.manifest_version).toBe(3);
    expect(m.browser_specific_settings).toMatchObject({
      gecko: { id: 'hocba-so@hocba.vn', strict_min_version: '128.0' },
    });
    expect(m.background.scripts).toEqual(['service-worker-loader.js']);
    expect(m.background.service_worker).toBeUndefined();
    for (const key of ['key', 'minimum_chrome_version', 'update_url']) expect(m[key], key).toBeUndefined();
    // The one-file content script (below) imports nothing: no file of ours is web-accessible.
    expect(m.web_accessible_resources).toBeUndefined();
    // Firefox's MV3 default CSP has upgrade-insecure-requests: ws://127.0.0.1 would become wss://.
    expect(m.content_security_policy).toEqual({ extension_pages: "script-src 'self'; object-src 'self'" });
    // The rest is the Chromium manifest: same name, version, permissions, pages, portals.
    for (const key of [
      'name',
      'description',
      'version',
      'default_locale',
      'permissions',
      'action',
      'options_ui',
    ])
      expect(m[key], key).toEqual(chromium[key]);
    expect(m.content_scripts.map((c) => c.matches)).toEqual(chromium.content_scripts.map((c) => c.matches));
    expect(m.permissions).toEqual(['storage', 'scripting', 'activeTab']);
    for (const file of referencedFiles(m)) expect(existsSync(join(dist('firefox'), file)), file).toBe(true);
    expect(readFileSync(join(dist('firefox'), 'service-worker-loader.js'), 'utf8')).toMatch(
      /^import '\.\/assets\/[^']+\.js';/,
    );
    expect(files(join(dist('firefox'), '_locales'))).toEqual(['en/messages.json', 'vi/messages.json']);
  });

  it('is accepted by web-ext lint (Mozilla addons-linter): no errors, only known warnings', () => {
    const require = createRequire(import.meta.url);
    // The package root (its index.js), then the CLI it ships.
    const bin = join(dirname(require.resolve('web-ext')), 'bin', 'web-ext.js');
    const result = spawnSync(
      process.execPath,
      [bin, 'lint', '--source-dir', dist('firefox'), '--no-config-discovery', '--output', 'json'],
      { encoding: 'utf8', env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } },
    );
    const report = JSON.parse(result.stdout) as {
      summary: { errors: number; warnings: number };
      errors: { code: string; message: string }[];
      warnings: { code: string; message: string; file?: string }[];
    };
    expect(report.errors).toEqual([]);
    expect(result.status).toBe(0);
    // Known and accepted (README, "Firefox"): data_collection_permissions is read from
    // Firefox 140 on and ignored by 128–139; preact's innerHTML support and zod's eval
    // probe (it falls back when the CSP forbids eval) are library code.
    const known = new Set([
      'KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION',
      'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION',
      'UNSAFE_VAR_ASSIGNMENT',
      'DANGEROUS_EVAL',
    ]);
    expect(report.warnings.filter((w) => !known.has(w.code))).toEqual([]);
  });
});

describe('reach: where each build may act', () => {
  type Reach = Manifest & { host_permissions?: string[]; optional_host_permissions?: string[] };
  /** Any pattern that reaches every site (or every site of a scheme). */
  const everySite = (p: string) => p === '<all_urls>' || /^(\*|https?):\/\/\*\//.test(p);

  it.each(['chromium', 'firefox'])(
    '%s: host permissions only for the named vendor patterns and the demo',
    (browser) => {
      const m = manifest(browser) as Reach;
      // The vendors, and (development build) the demo portals on loopback where the content
      // script runs: the worker injects the page defence there (release: below).
      expect(m.host_permissions).toEqual([...VENDOR_HOST_PATTERNS, ...LOOPBACK_DEMO_PATTERNS]);
      expect(VENDOR_HOST_PATTERNS.length).toBeGreaterThanOrEqual(3);
      for (const p of VENDOR_HOST_PATTERNS) expect(p).toMatch(/^https:\/\/\*\.[a-z0-9.-]+\.vn\/\*$/);
      // Development build's static content script: the vendors, and the demo portals on
      // loopback; nothing wider (the release builds: below).
      expect(m.content_scripts).toHaveLength(1);
      expect(m.content_scripts[0]?.matches).toEqual([...VENDOR_HOST_PATTERNS, ...LOOPBACK_DEMO_PATTERNS]);
      expect(m.content_scripts.flatMap((c) => c.matches).filter(everySite)).toEqual([]);
      // Everything else only when granted at run time, one origin at a time.
      expect(m.optional_host_permissions).toEqual([...OPTIONAL_HOST_PATTERNS]);
      expect(m.permissions).toEqual(['storage', 'scripting', 'activeTab']);
      // No site may load our modules beyond where the static script runs.
      expect((m.web_accessible_resources ?? []).flatMap((w) => w.matches).filter(everySite)).toEqual([]);
    },
  );

  // Declared at document_start so that Chromium does not render a frame before the load
  // event for it (document_idle does): its loader must not fetch our modules before load,
  // or the page's load event would wait for that fetch (docs/performance.md).
  it('chromium: the declared content script starts at document_start and imports only after the load event', () => {
    const m = manifest('chromium');
    expect(m.content_scripts.map((c) => c.run_at)).toEqual(['document_start']);
    for (const file of m.content_scripts.flatMap((c) => c.js)) {
      const code = readFileSync(join(dist('chromium'), file), 'utf8');
      const wait = code.indexOf('window.addEventListener("load"');
      expect(wait, file).toBeGreaterThan(0);
      expect(code.indexOf('event.isTrusted'), file).toBeGreaterThan(0);
      expect(code.indexOf('import('), file).toBeGreaterThan(wait);
      expect(code.match(/import\(/g), file).toHaveLength(1);
    }
  });

  // Firefox ESR's content process crashed with crxjs's import() loader: Firefox declares the
  // one classic file (managed portals and the toolbar icon inject the same), which waits for
  // the trusted load event and idle itself before it reads or draws anything.
  // At document_idle: Firefox holds the parser for a document_start script (vite.config.ts).
  it('firefox: the declared content script is the one-file script, at document_idle, waiting for load', () => {
    const m = manifest('firefox');
    expect(m.content_scripts.map((c) => c.run_at)).toEqual(['document_idle']);
    expect(m.content_scripts.map((c) => c.js)).toEqual([['content-script.js']]);
    const code = readFileSync(join(dist('firefox'), 'content-script.js'), 'utf8');
    expect(code).toMatch(/addEventListener\(\s*["'`]load["'`]/);
    expect(code).toContain('.isTrusted');
  });

  // IT's managed portals get the one-file script registered at run time
  // (background/portal-scripts.ts), when each browser's declared script runs for the vendors.
  it.each([
    ['chromium', 'document_start'],
    ['firefox', 'document_idle'],
  ])('%s: managed portals get the one-file script at %s, as the vendor portals', (browser, runAt) => {
    const chunks = readdirSync(join(dist(browser), 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(dist(browser), 'assets', f), 'utf8'))
      .filter((code) => code.includes('registerContentScripts'));
    expect(chunks).toHaveLength(1);
    const registered = chunks[0] ?? '';
    const runs = [...registered.matchAll(/runAt:\s*[`"'](\w+)[`"']/g)].map((m) => m[1]);
    expect(runs).toEqual([runAt]);
  });

  it.each(['chromium', 'firefox'])('%s: the injected content script is one classic script', (browser) => {
    const file = join(dist(browser), 'content-script.js');
    expect(existsSync(file)).toBe(true);
    const code = readFileSync(file, 'utf8');
    // Injected on managed portals and by the toolbar icon: no module syntax, no import of
    // extension files (those would need web_accessible_resources on every site).
    expect(code).not.toMatch(/\bimport\s*\(|^\s*import\s|\bexport\s|import\.meta/m);
    expect(code).not.toContain('runtime.getURL("assets/');
    expect(code.length).toBeGreaterThan(20_000);
  });

  // It runs on every portal page: the rules, the record schema (zod) and the PDF reader run
  // in the service worker (background/table-checks.ts), not in it.
  it.each(['chromium', 'firefox'])('%s: the content script loads at most 60 KB, raw', (browser) => {
    const [content] = extensionBundles(dist(browser)).filter((b) => b.kind === 'content script');
    // Chromium: the loader and the modules it imports; Firefox: the one file.
    expect(content?.files.length).toBeGreaterThanOrEqual(browser === 'chromium' ? 2 : 1);
    expect(content?.raw).toBeLessThanOrEqual(CONTENT_SCRIPT_BUDGET_BYTES);
    expect(fileSize(dist(browser), 'content-script.js').raw).toBeLessThanOrEqual(CONTENT_SCRIPT_BUDGET_BYTES);
    for (const file of content?.files ?? []) {
      const code = readFileSync(join(dist(browser), file), 'utf8');
      expect(code, file).not.toContain('ZodError');
      expect(code, file).not.toContain('This script should only be loaded in a browser extension');
    }
  });
});

// The page defence (content/shown-cells.ts, text-tricks.ts) is not in the script every
// portal page loads: the service worker injects it as one classic file into the content
// script's world when a check first needs it (background/page-defence.ts). Injected, it
// need not be web-accessible, and must not be: a page could probe for it.
describe('the page defence: its own file, injected, never web-accessible', () => {
  const DEFENCE = 'content-defence.js';
  it.each(['chromium', 'firefox', 'release/chromium', 'release/firefox'])('%s', (browser) => {
    const code = readFileSync(join(dist(browser), DEFENCE), 'utf8');
    // One classic script that announces itself on its world's global.
    expect(code).not.toMatch(/\bimport\s*\(|^\s*import\s|\bexport\s|import\.meta/m);
    expect(code).toContain('hocba.pageDefence');
    expect(code).toContain('checkVisibility');
    expect(code.length).toBeGreaterThan(4_000);
    const m = manifest(browser);
    const accessible = (m.web_accessible_resources ?? []).flatMap((w) => w.resources);
    expect(accessible.filter((r) => r.includes('defence') || r === '*' || r.endsWith('/*'))).toEqual([]);
    expect(m.content_scripts.flatMap((c) => c.js)).not.toContain(DEFENCE);
    // What the content script loads at page start carries none of it (its size: above).
    const [content] = extensionBundles(dist(browser)).filter((b) => b.kind === 'content script');
    for (const file of [...(content?.files ?? []), 'content-script.js']) {
      const loaded = readFileSync(join(dist(browser), file), 'utf8');
      expect(loaded, file).not.toContain('checkVisibility');
      expect(loaded, file).not.toContain('unicodeBidi');
    }
    // The worker names the file it injects.
    const worker = readdirSync(join(dist(browser), 'assets'))
      .map((f) => readFileSync(join(dist(browser), 'assets', f), 'utf8'))
      .filter((text) => text.includes(DEFENCE));
    expect(worker.length).toBeGreaterThan(0);
  });
});

/** A match pattern's host (`*.vnedu.vn`, `127.0.0.1`), or the pattern itself when it has none. */
const hostOf = (pattern: string) => /^[a-z*]+:\/\/([^/]*)\//.exec(pattern)?.[1] ?? pattern;
/** Hosts that are this very computer, in any spelling a match pattern may use. */
const isLoopback = (host: string) =>
  /^(localhost|\*\.localhost|[^.]+\.localhost|127(\.\d+){3}|\[::1\]|\[::ffff:127(\.\d+){3}\]|0\.0\.0\.0|\*)$/i.test(
    host.replace(/:\d+$/, ''),
  );

describe('release builds: what IT installs runs on the vendors’ portals only', () => {
  const release = (browser: string) => manifest(join('release', browser));
  const vendorHosts = new Set(VENDOR_HOST_PATTERNS.map(hostOf));

  it('the loopback check knows this computer when it sees it', () => {
    for (const p of [...LOOPBACK_DEMO_PATTERNS, 'http://127.0.0.2:8080/*', 'http://[::1]/*', '<all_urls>'])
      expect(isLoopback(hostOf(p)) || !vendorHosts.has(hostOf(p)), p).toBe(true);
    for (const p of VENDOR_HOST_PATTERNS) expect(isLoopback(hostOf(p)), p).toBe(false);
  });

  it.each(['chromium', 'firefox'])(
    '%s: the content script and the resources it loads match no loopback and no other host',
    (browser) => {
      const m = release(browser) as Manifest & { host_permissions?: string[] };
      expect(m.host_permissions).toEqual([...VENDOR_HOST_PATTERNS]);
      const patterns = [
        ...(m.host_permissions ?? []),
        ...m.content_scripts.flatMap((c) => c.matches),
        ...(m.web_accessible_resources ?? []).flatMap((w) => w.matches),
      ];
      expect(m.content_scripts).toHaveLength(1);
      expect(m.content_scripts[0]?.matches).toEqual([...contentScriptPatterns('release')]);
      expect(patterns.length).toBeGreaterThan(0);
      for (const p of patterns) {
        expect(isLoopback(hostOf(p)), p).toBe(false);
        expect(vendorHosts.has(hostOf(p)), p).toBe(true);
      }
    },
  );

  it.each(['chromium', 'firefox'])('%s: otherwise the development build, file for file', (browser) => {
    const m = release(browser);
    const dev = manifest(browser);
    const { content_scripts: _c, web_accessible_resources: _w, host_permissions: _h, ...rest } = m;
    const { content_scripts: _dc, web_accessible_resources: _dw, host_permissions: _dh, ...devRest } = dev;
    expect(rest).toEqual(devRest);
    expect(m.content_scripts.map((c) => c.js)).toEqual(dev.content_scripts.map((c) => c.js));
    expect(dev.content_scripts[0]?.matches).toEqual([...contentScriptPatterns('development')]);
    // Same files; a chunk's content hash may differ (the options page knows its build kind).
    const unhashed = (list: string[]) => list.map((f) => f.replace(/-[\w-]{8}\.(js|css)$/, '-#.$1'));
    expect(unhashed(files(dist(join('release', browser))))).toEqual(unhashed(files(dist(browser))));
  });
});

describe('packages', () => {
  it.each(['chromium', 'firefox'])(
    '%s zip holds exactly the release build, manifest at the root',
    (browser) => {
      const zip = join(root, 'packages', `hocba-so-${browser}-${version}.zip`);
      const entries = unzipSync(new Uint8Array(readFileSync(zip)));
      expect(Object.keys(entries).sort()).toEqual(files(dist(join('release', browser))));
      const zipped = JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as Manifest;
      expect(zipped).toEqual(manifest(join('release', browser)));
      expect(
        zipped.content_scripts
          .flatMap((c) => c.matches)
          .map(hostOf)
          .filter(isLoopback),
      ).toEqual([]);
    },
  );
});

describe('standalone verify file', () => {
  const html = () => readFileSync(join(dist('verify-standalone'), 'hocba-xac-minh.html'), 'utf8');

  it('is the only file of its build, with every script and stylesheet inside', () => {
    expect(files(dist('verify-standalone'))).toEqual(['hocba-xac-minh.html']);
    const page = html();
    expect(page).not.toMatch(/<script[^>]*\ssrc=/);
    expect(page).not.toMatch(/<link[^>]*stylesheet/);
    expect(page).toMatch(/<script type="module">[\s\S]+<\/script>/);
    expect(page).toMatch(/<style>[\s\S]*\.dropzone[\s\S]*<\/style>/);
    expect(page).toContain("default-src 'none'");
  });

  it('carries the vi and en text and none of webextension-polyfill (it throws outside an extension)', () => {
    const page = html();
    expect(page).toContain('In báo cáo xác minh');
    expect(page).toContain('Print verification report');
    expect(page).not.toContain('This script should only be loaded in a browser extension');
    expect(page).not.toMatch(/\bchrome\.runtime\b/);
  });
});

describe('sources', () => {
  it('reach browser APIs only through webextension-polyfill (browser.*), never chrome.*', () => {
    const src = join(root, 'src');
    const offenders: string[] = [];
    let polyfilled = 0;
    for (const file of files(src).filter((f) => /\.tsx?$/.test(f))) {
      const text = readFileSync(join(src, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (/\bchrome\s*\.\s*[a-z]/.test(text) || /\bglobalThis\.chrome\b/.test(text)) offenders.push(file);
      if (/from 'webextension-polyfill'/.test(text)) polyfilled++;
    }
    expect(offenders).toEqual([]);
    expect(polyfilled).toBeGreaterThan(5);
  });

  it('the content script reaches them only through content/extension-api.ts (no polyfill: its size)', () => {
    const content = join(root, 'src', 'content');
    const importers = files(content).filter((f) =>
      /from 'webextension-polyfill'|ui\/i18n\.js'/.test(readFileSync(join(content, f), 'utf8')),
    );
    expect(importers).toEqual([]);
  });
});
