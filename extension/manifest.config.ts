import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };
import { type BuildKind, contentScriptPatterns, OPTIONAL_HOST_PATTERNS } from './src/reach/vendor-portals.js';

/**
 * The public half of the extension's signing key. It fixes the extension ID on every
 * machine (jfholdamahenahlfmimleieloadpkmgo), which is what the companion pairs with and
 * what IT policies name. The ID is the first 32 hex digits of sha256(this DER), mapped 0-f to a-p.
 */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0WKb0YHzvQOOw2I6BspGLJz2K/wSyxYBK8olbkhGD0Ln7iMQWrQ1GvPLDMIipysDj2HywHYoThE6nqgsMlprjJZ5dYoaqFg8CqIXonQyI3islTFbK7NYX1L6113FdKEvOREc1qLaabKCCLGf1EOsy0tFFJfS2T1n6Lh6FDh4sbTNu9YOfima5LpGlSUitlgXngqXeyZpR3gg/OXqMVdK2V9/eCQNiXvVLvqTQ3cTo32mhyj9Cv4fAybUtDNP5ooc1HhAIx7vl1r1gChPTkW59M6DVTXU1ePlMKuuUKeVzO32unp1dvFJKEeEGT/LR+RncIHqWqWMEu/RfPGDcjwMYQIDAQAB';

/**
 * The Firefox add-on ID. Firefox has no `key`: this ID is what Firefox enterprise policies
 * (policies.json `3rdparty.Extensions`, `ExtensionSettings`) and managed storage name, so it
 * must never change.
 */
export const GECKO_ID = 'hocba-so@hocba.vn';
/** Firefox ESR 128: MV3 with background scripts as event pages, storage.session, ES modules. */
export const GECKO_MIN_VERSION = '128.0';

export type TargetBrowser = 'chromium' | 'firefox';

/**
 * One manifest, two browsers, two kinds of build (development: loopback demo portals too;
 * release: the vendors' portals only). What differs between browsers:
 * - Chromium: `key` (fixed ID), `minimum_chrome_version`, a background service worker.
 * - Firefox: `browser_specific_settings.gecko` (ID, minimum version), background `scripts`
 *   (Firefox MV3 runs the background as an event page, not a service worker; crxjs writes the
 *   same module loader either way), and an explicit CSP: Firefox's MV3 default adds
 *   `upgrade-insecure-requests`, which would turn the companion's ws://127.0.0.1 into wss://
 *   (no TLS there: the socket would never open). The policy below is Chromium's default.
 * Firefox takes no `storage.managed_schema` (managed values come from policies.json);
 * Chromium's names managed-schema.json (what IT may pre-set by policy).
 */
export function manifestFor(browser: TargetBrowser, build: BuildKind = 'development') {
  return defineManifest({
    manifest_version: 3,
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    version: pkg.version,
    default_locale: 'vi',
    ...(browser === 'chromium'
      ? {
          key: EXTENSION_PUBLIC_KEY,
          minimum_chrome_version: '116',
          storage: { managed_schema: 'managed-schema.json' },
        }
      : {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: GECKO_MIN_VERSION,
              // Firefox's data consent (140+; older versions ignore it): the portal's record
              // (names, dates of birth, ID numbers) goes to the signing companion on this
              // computer. Mozilla counts that as transmission even though it never leaves it.
              data_collection_permissions: { required: ['personallyIdentifyingInfo', 'websiteContent'] },
            },
          },
        }),
    // scripting: content scripts registered at run time for IT's managed portals;
    // activeTab: the toolbar icon runs the reader once on the page the user is looking at.
    permissions: ['storage', 'scripting', 'activeTab'],
    // Install-time access only to the vendors' portals (src/reach/vendor-portals.ts); any
    // other portal is granted one origin at a time (managed `portals`, options page). A
    // development build also reaches the demo portals on loopback where its content script
    // runs: the service worker injects the page defence into that script's frame
    // (background/page-defence.ts), which a content script's match alone does not allow.
    host_permissions: [...contentScriptPatterns(build)],
    optional_host_permissions: [...OPTIONAL_HOST_PATTERNS],
    ...(browser === 'chromium'
      ? { background: { service_worker: 'src/background/index.ts', type: 'module' } }
      : {
          background: { scripts: ['src/background/index.ts'] },
          content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
        }),
    action: { default_title: '__MSG_actionTitle__' },
    // The vendors' portals; in a development build also the demo portals on loopback
    // (`npm run demo`, the e2e tests), never in a release (contentScriptPatterns).
    // document_start, not document_idle: an idle script makes Chromium render a frame before
    // the page's load event and holds that event back by it. The loader crxjs writes for this
    // script waits for the load event before it imports anything (vite.config.ts).
    // Firefox declares the one-file script instead, at document_idle (vite.config.ts,
    // firefoxDeclaresOneFile): its Web Content process crashed with crxjs's import() loader
    // (3 in ~2,300 loads, 0 in 900 with the one file; docs/performance.md).
    ...(browser === 'chromium'
      ? {
          content_scripts: [
            {
              matches: [...contentScriptPatterns(build)],
              js: ['src/content/index.tsx'],
              run_at: 'document_start',
            },
          ],
        }
      : {}),
    options_ui: { page: 'src/pages/options/index.html', open_in_tab: true },
  });
}

export default manifestFor('chromium');
