/** Types for bundles.mjs (also used by extension/test/build.test.ts for the content script's budget). */
export interface ExtensionBundle {
  entry: string;
  kind: 'content script' | 'service worker' | 'page';
  /** Every file it loads, relative to the build's root, itself first. */
  files: string[];
  raw: number;
  gzip: number;
  ownRaw: number;
  ownGzip: number;
}

/** Everything the content script loads, raw, at most (60 KB). */
export const CONTENT_SCRIPT_BUDGET_BYTES: number;

export function extensionBundles(root: string): ExtensionBundle[];
export function fileSize(root: string, file: string): { raw: number; gzip: number };
