import { readFileSync } from 'node:fs';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
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

export default defineConfig(({ mode }) => {
  const browser: TargetBrowser = mode === 'firefox' ? 'firefox' : 'chromium';
  return {
    plugins: [
      preact(),
      crx({ manifest: manifestFor(browser), browser: browser === 'firefox' ? 'firefox' : 'chrome' }),
      ...(browser === 'chromium' ? [managedSchema] : []),
    ],
    // Read @hocba/shared from its TypeScript sources: one build, no stale dist.
    resolve: { conditions: ['source'] },
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      sourcemap: false,
      target: browser === 'firefox' ? 'firefox128' : 'chrome116',
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
