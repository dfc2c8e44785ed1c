/**
 * Where the extension may act without asking: the vendors' portals, in one place. The
 * manifest's `host_permissions` and static content script come from here, the options page
 * lists them, and the build test checks the built manifests against them.
 *
 * The domains are the vendors' public ones (their sites and user guides); the exact hosts
 * schools land on inside them were not captured (login-only portals), so the patterns cover
 * each vendor's domain and its subdomains, and nothing else. Any other portal is reached
 * only through IT's managed `portals` or the user's click on the toolbar icon (activeTab).
 */
export interface VendorPortal {
  vendor: string;
  /** Chromium/Firefox match patterns (https only: the vendors serve nothing else). */
  patterns: readonly string[];
}

export const VENDOR_PORTALS: readonly VendorPortal[] = [
  { vendor: 'VnEdu (VNPT)', patterns: ['https://*.vnedu.vn/*'] },
  { vendor: 'SMAS (Viettel)', patterns: ['https://*.smas.vn/*', 'https://*.smas.edu.vn/*'] },
  // Assumed from Viettel's naming: the guides show eDoc reached from SMAS, not its address.
  { vendor: 'eDoc (Viettel)', patterns: ['https://*.edoc.viettel.vn/*'] },
];

/** The vendors' patterns, flat: the manifest's `host_permissions`, exactly. */
export const VENDOR_HOST_PATTERNS: readonly string[] = VENDOR_PORTALS.flatMap((p) => p.patterns);

/**
 * The demo portals and replicas `npm run demo` serves on this computer: in a development
 * build only, both where its static content script runs and in its `host_permissions`
 * (manifest.config.ts: the service worker injects the page defence into that script's frame,
 * which a content script's match alone does not allow). A release build declares neither.
 */
export const LOOPBACK_DEMO_PATTERNS: readonly string[] = ['http://127.0.0.1/*', 'http://localhost/*'];

/**
 * `development`: `npm run build` (extension/dist/<browser>), for the demo and the tests.
 * `release`: `npm run package -w extension` (extension/dist/release/<browser> and the zips),
 * what the stores and IT install.
 */
export type BuildKind = 'development' | 'release';

/**
 * Where the static content script runs. A school PC's extension must not run it on every web
 * app served on the PC itself (a router page, a local tool): the loopback demo patterns are
 * in development builds only.
 */
export function contentScriptPatterns(build: BuildKind): readonly string[] {
  return build === 'release'
    ? [...VENDOR_HOST_PATTERNS]
    : [...VENDOR_HOST_PATTERNS, ...LOOPBACK_DEMO_PATTERNS];
}

/**
 * What a managed portal or the user may add at run time (`optional_host_permissions`): any
 * web origin, but only once granted, one origin at a time.
 */
export const OPTIONAL_HOST_PATTERNS: readonly string[] = ['https://*/*', 'http://*/*'];
