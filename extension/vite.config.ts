import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { build, defineConfig, type Plugin, type Rollup } from 'vite';
import { manifestFor, type TargetBrowser } from './manifest.config.js';

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
function injectedContentScript(target: string): Plugin {
  return {
    name: 'hocba-injected-content-script',
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
            entry: fileURLToPath(new URL('./src/content/index.tsx', import.meta.url)),
            formats: ['iife'],
            name: 'hocbaContent',
            fileName: () => INJECTED_CONTENT_SCRIPT,
          },
        },
      })) as Rollup.RollupOutput[];
      const chunk = out[0]?.output.find((o) => o.type === 'chunk');
      if (!chunk || chunk.type !== 'chunk') throw new Error('injected content script: no output');
      this.emitFile({ type: 'asset', fileName: INJECTED_CONTENT_SCRIPT, source: chunk.code });
    },
  };
}

export default defineConfig(({ mode }) => {
  const browser: TargetBrowser = mode === 'firefox' ? 'firefox' : 'chromium';
  return {
    plugins: [
      preact(),
      // The portal content script stays crxjs's loader + modules, not one classic file
      // (`contentScripts.standaloneFiles`): declared at document_start (manifest.config.ts),
      // a 54 KB classic file would be compiled (≈ 3 ms CPU) inside the page's load; the
      // loader imports only the small boot module, which imports the rest after the load
      // event (measured, docs/performance.md).
      crx({ manifest: manifestFor(browser), browser: browser === 'firefox' ? 'firefox' : 'chrome' }),
      ...(browser === 'chromium' ? [managedSchema] : []),
      injectedContentScript(browser === 'firefox' ? 'firefox128' : 'chrome116'),
    ],
    // Read @hocba/shared from its TypeScript sources: one build, no stale dist.
    resolve: { conditions: ['source'] },
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      sourcemap: false,
      target: browser === 'firefox' ? 'firefox128' : 'chrome116',
      // The content script's boot (src/content/boot.ts) imports the toolbar's module after the
      // page's load. Vite's preload helper would add <link rel=modulepreload> tags for that
      // module's chunks to the portal's own document, resolved against the portal's origin
      // (`resolveDependencies` returning [] does not remove them from the JS under this
      // bundler): no preloading at all. The extension's pages load from disk; their chunks
      // are fetched as the module graph asks for them.
      modulePreload: false,
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
