/**
 * The standalone verify file: no extension, so no policy and no settings. Only the bundled
 * Vietnamese roots, plus roots the reader loads for this session (kept in memory, gone on reload).
 */
import type { VerifyPlatform } from './platform.js';

export function standalonePlatform(): VerifyPlatform {
  const sessionAnchors: string[] = [];
  return {
    kind: 'standalone',
    extraAnchors: async () => [...sessionAnchors],
    addSessionAnchor(pem) {
      if (!sessionAnchors.includes(pem)) sessionAnchors.push(pem);
    },
  };
}
