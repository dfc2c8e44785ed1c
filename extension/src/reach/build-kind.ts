/**
 * This bundle's kind of build, from the vite mode it was built in (vite.config.ts): `release`
 * and `release-firefox` are what is shipped; anything else is a development build.
 */
import type { BuildKind } from './vendor-portals.js';

export const BUILD_KIND: BuildKind = import.meta.env.MODE.startsWith('release') ? 'release' : 'development';
