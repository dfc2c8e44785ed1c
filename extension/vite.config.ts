import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { build, defineConfig, type Plugin, type Rollup } from 'vite';
import { manifestFor, type TargetBrowser } from './manifest.config.js';
import { afterLoadAndIdle } from './src/content/after-load.js';
import { type BuildKind, contentScriptPatterns } from './src/reach/vendor-portals.js';

/**
 * `vite build` → dist/chromium; `vite build --mode firefox` → dist/firefox. Same sources
 * (every browser API call goes through webextension-polyfill's `browser.*`); the manifests
 * differ (manifest.config.ts) and crxjs writes the background loader each browser wants.
 */
/** The Chromium manifest names storage.managed_schema, but crx does not copy it: emit it beside the manifest. */
const managedSchema: Plugin = {
  name: 'hocba-managed-schema',
  generateBundle() {
    this.emitFile({
      type: 'asset',
      fileName: 'managed-schema.json',
      source: readFileSync(new URL('./managed-schema.json', import.meta.url), 'utf8'),
    });
  },
};

/**
 * The content script once more, as one classic script (IIFE), for the scripts the service
 * worker injects at run time: managed portals (scripting.registerContentScripts) and the
 * toolbar icon (activeTab). crxjs's loader imports the script's modules from the extension,
 * which a page may do only where `web_accessible_resources` lists it (the static matches);
 * listing every site there would let any site detect the extension. One file needs nothing.
 */
export const INJECTED_CONTENT_SCRIPT = 'content-script.js';
/**
 * The page defence (content/defence-script.ts: shown-cells.ts, text-tricks.ts), one classic
 * script the service worker injects into the content script's world when a check first
 * needs it (background/page-defence.ts): out of the bytes every portal page loads (issue 19),
 * and, being injected, not web-accessible either.
 */
export const PAGE_DEFENCE_SCRIPT = 'content-defence.js';

/** `entry` bundled alone as one classic script (IIFE) named `fileName`, emitted beside the build. */
function oneClassicScript(target: string, entry: string, fileName: string, name: string): Plugin {
  return {
    name: `hocba-one-classic-script:${fileName}`,
    async generateBundle() {
      const out = (await build({
        configFile: false,
        logLevel: 'warn',
        resolve: { conditions: ['source'] },
        build: {
          write: false,
          target,
          minify: true,
          lib: {
            entry: fileURLToPath(new URL(entry, import.meta.url)),
            formats: ['iife'],
            name,
            fileName: () => fileName,
          },
        },
      })) as Rollup.RollupOutput[];
      const chunk = out[0]?.output.find((o) => o.type === 'chunk');
      if (!chunk || chunk.type !== 'chunk') throw new Error(`${fileName}: no output`);
      this.emitFile({ type: 'asset', fileName, source: chunk.code });
    },
  };
}

/**
 * crxjs declares each content script as a small classic loader that imports the script's
 * module from the extension at once. Declared at document_start (manifest.config.ts), that
 * import's fetch is a request the portal's load event waits for (measured: with the loader
 * at document_end the load event came 1.8× later). Once the build is written, each
 * declared loader is made to wait first for the page's trusted load event and an idle
 * moment: `afterLoadAndIdle`'s own source (content/after-load.ts, self-contained and
 * unit-tested). It also notes when it ran and when its wait ended, in the content script's
 * world (the bench reads them; the page cannot). Whether the script already started is read
 * as an own property: an element with that id or name is a named property of the window,
 * in the content script's world too (Chromium), and must not stop the script.
 */
const LOADER_START = '(async () => {';
function contentLoaderWaitsForLoad(): Plugin {
  const wait = `globalThis.hocbaBootedAt = performance.now(); await (${afterLoadAndIdle.toString()})(); globalThis.hocbaBootResumedAt = performance.now(); if (Object.getOwnPropertyDescriptor(globalThis, 'hocbaContentStarted')?.value === true) return;`;
  return {
    name: 'hocba-content-loader-waits-for-load',
    writeBundle(options) {
      const dir = options.dir as string;
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
        content_scripts?: { js?: string[] }[];
      };
      for (const file of (manifest.content_scripts ?? []).flatMap((c) => c.js ?? [])) {
        const code = readFileSync(join(dir, file), 'utf8');
        // Exactly one async body, and it imports: crxjs's loader; anything else is a new shape.
        if (code.split(LOADER_START).length !== 2 || !code.includes('import('))
          throw new Error(`content script ${file}: not the crxjs loader this build knows how to defer`);
        writeFileSync(join(dir, file), code.replace(LOADER_START, `${LOADER_START} ${wait}`));
      }
    },
  };
}

/**
 * Firefox's portal content script is the one-file classic script (content-script.js, which
 * waits for the trusted load event and idle itself: content/index.tsx), declared here in the
 * written manifest: crxjs would take a declared script for a source to bundle. Firefox ESR's
 * Web Content process crashed 3 times in ~2,300 loads with crxjs's loader, whose import()
 * of extension modules runs in the content script's sandbox, and never in 900 with the one
 * file (docs/performance.md). No module is then web-accessible: no page can probe for them.
 * At document_idle, not document_start: Firefox holds the page's parser until a
 * document_start script is ready, and this one is 54 KB (by hand the load event read
 * 1.01–1.25× at document_start against 0.96–1.00× at idle, where Chromium's idle script
 * would hold the load event back by a frame: manifest.config.ts).
 */
function firefoxDeclaresOneFile(build: BuildKind): Plugin {
  return {
    name: 'hocba-firefox-one-file-content-script',
    writeBundle(options) {
      const path = join(options.dir as string, 'manifest.json');
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      if (manifest.content_scripts || manifest.web_accessible_resources)
        throw new Error('firefox manifest: content scripts are declared here only');
      manifest.content_scripts = [
        {
          matches: [...contentScriptPatterns(build)],
          js: [INJECTED_CONTENT_SCRIPT],
          run_at: 'document_idle',
        },
      ];
      writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}

/**
 * Modes: (none) and `firefox` are development builds (dist/chromium, dist/firefox: the demo
 * and the tests); `release` and `release-firefox` are what is shipped (dist/release/…, zipped
 * by scripts/package.mjs), whose content script does not run on loopback.
 */
export default defineConfig(({ mode }) => {
  const browser: TargetBrowser = mode === 'firefox' || mode === 'release-firefox' ? 'firefox' : 'chromium';
  const build: BuildKind = mode.startsWith('release') ? 'release' : 'development';
  const target = browser === 'firefox' ? 'firefox128' : 'chrome116';
  return {
    plugins: [
      preact(),
      // Chromium's portal content script stays crxjs's loader + modules, not one classic file
      // (`contentScripts.standaloneFiles`): declared at document_start (manifest.config.ts),
      // a 54 KB classic file would be compiled (≈ 3 ms CPU) inside the page's load; the
      // loader imports the modules only after the load event (contentLoaderWaitsForLoad).
      crx({ manifest: manifestFor(browser, build), browser: browser === 'firefox' ? 'firefox' : 'chrome' }),
      ...(browser === 'chromium'
        ? [contentLoaderWaitsForLoad(), managedSchema]
        : [firefoxDeclaresOneFile(build)]),
      oneClassicScript(target, './src/content/index.tsx', INJECTED_CONTENT_SCRIPT, 'hocbaContent'),
      oneClassicScript(target, './src/content/defence-script.ts', PAGE_DEFENCE_SCRIPT, 'hocbaDefenceScript'),
    ],
    // Read @hocba/shared from its TypeScript sources: one build, no stale dist.
    resolve: { conditions: ['source'] },
    build: {
      outDir: build === 'release' ? `dist/release/${browser}` : `dist/${browser}`,
      emptyOutDir: true,
      sourcemap: false,
      target,
      // Extension-owned pages: verify (offline), sign (the only place a PIN is typed), options.
      rollupOptions: {
        input: {
          verify: 'src/pages/verify/index.html',
          sign: 'src/pages/sign/index.html',
          options: 'src/pages/options/index.html',
        },
      },
    },
  };
});
