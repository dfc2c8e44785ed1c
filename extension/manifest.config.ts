import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };

/**
 * The public half of the extension's signing key. It fixes the extension ID on every
 * machine (jfholdamahenahlfmimleieloadpkmgo), which is what the companion pairs with and
 * what IT policies name. The ID is the first 32 hex digits of sha256(this DER), mapped 0-f to a-p.
 */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0WKb0YHzvQOOw2I6BspGLJz2K/wSyxYBK8olbkhGD0Ln7iMQWrQ1GvPLDMIipysDj2HywHYoThE6nqgsMlprjJZ5dYoaqFg8CqIXonQyI3islTFbK7NYX1L6113FdKEvOREc1qLaabKCCLGf1EOsy0tFFJfS2T1n6Lh6FDh4sbTNu9YOfima5LpGlSUitlgXngqXeyZpR3gg/OXqMVdK2V9/eCQNiXvVLvqTQ3cTo32mhyj9Cv4fAybUtDNP5ooc1HhAIx7vl1r1gChPTkW59M6DVTXU1ePlMKuuUKeVzO32unp1dvFJKEeEGT/LR+RncIHqWqWMEu/RfPGDcjwMYQIDAQAB';

export default defineManifest({
  manifest_version: 3,
  name: '__MSG_extName__',
  description: '__MSG_extDescription__',
  version: pkg.version,
  default_locale: 'vi',
  key: EXTENSION_PUBLIC_KEY,
  minimum_chrome_version: '116',
  permissions: ['storage'],
  // What IT may pre-set by policy (companion port, pairing, trust anchors, portals, adapters).
  storage: { managed_schema: 'managed-schema.json' },
  background: { service_worker: 'src/background/index.ts', type: 'module' },
  action: { default_title: '__MSG_actionTitle__' },
  // Least privilege: content scripts only on the portals this build is configured for (here
  // the demo portals on loopback); no host permission is requested beyond them.
  content_scripts: [
    {
      matches: ['http://127.0.0.1/*', 'http://localhost/*'],
      js: ['src/content/index.tsx'],
      run_at: 'document_idle',
    },
  ],
  options_ui: { page: 'src/pages/options/index.html', open_in_tab: true },
});
