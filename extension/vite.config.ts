import { readFileSync } from 'node:fs';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import manifest from './manifest.config.js';

/** The manifest names storage.managed_schema, but crx does not copy it: emit it beside the manifest. */
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

export default defineConfig({
  plugins: [preact(), crx({ manifest }), managedSchema],
  // Read @hocba/shared from its TypeScript sources: one build, no stale dist.
  resolve: { conditions: ['source'] },
  build: {
    outDir: 'dist/chromium',
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome116',
    // Extension-owned pages: verify (offline), sign (the only place a PIN is typed), options.
    rollupOptions: {
      input: {
        verify: 'src/pages/verify/index.html',
        sign: 'src/pages/sign/index.html',
        options: 'src/pages/options/index.html',
      },
    },
  },
});
