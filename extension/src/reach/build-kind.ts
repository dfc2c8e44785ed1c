/**
 * This bundle's kind of build, from the vite mode it was built in (vite.config.ts): `release`
 * and `release-firefox` are what is shipped; anything else is a development build.
 */
import type { BuildKind } from './vendor-portals.js';

export const BUILD_KIND: BuildKind = import.meta.env.MODE.startsWith('release') ? 'release' : 'development';

/** The browser this bundle was built for (`vite build --mode firefox` / `release-firefox`). */
export const FOR_FIREFOX: boolean =
  import.meta.env.MODE === 'firefox' || import.meta.env.MODE === 'release-firefox';
