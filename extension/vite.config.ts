import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.config.js';

export default defineConfig({
  plugins: [preact(), crx({ manifest })],
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
