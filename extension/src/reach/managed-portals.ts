/**
 * The portals IT names in managed configuration (`portals`: an origin and, optionally, the
 * adapter that reads it). Pure: what a policy value means, checked entry by entry, so a
 * mistyped entry is reported and skipped, never guessed.
 */

export interface ManagedPortal {
  name: string;
  /** `https://host[:port]`, no path: content scripts are registered for `<origin>/*`. */
  origin: string;
  /** Adapter id (built-in or managed) tried first on this origin; else the usual order. */
  adapter?: string;
}

export interface RejectedPortal {
  index: number;
  reason: 'shape' | 'origin';
}

/** More would be a policy mistake; each one is a registered content script. */
export const MAX_MANAGED_PORTALS = 50;

/** The origin of an http(s) URL, or null (wildcards, other schemes, credentials refused). */
export function portalOrigin(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2048 || value.includes('*')) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || !url.hostname) return null;
  return url.origin;
}

/**
 * Entries accept `origin` (the documented key) or `url` (older policies), whose origin is
 * taken. Duplicates keep the first entry.
 */
export function parseManagedPortals(value: unknown): {
  portals: ManagedPortal[];
  rejected: RejectedPortal[];
} {
  const portals: ManagedPortal[] = [];
  const rejected: RejectedPortal[] = [];
  if (!Array.isArray(value)) return { portals, rejected };
  value.slice(0, MAX_MANAGED_PORTALS).forEach((entry, index) => {
    if (typeof entry !== 'object' || entry === null) {
      rejected.push({ index, reason: 'shape' });
      return;
    }
    const e = entry as Record<string, unknown>;
    const origin = portalOrigin(e.origin ?? e.url);
    if (!origin) {
      rejected.push({ index, reason: 'origin' });
      return;
    }
    if (portals.some((p) => p.origin === origin)) return;
    portals.push({
      name: typeof e.name === 'string' && e.name.trim() ? e.name.trim().slice(0, 200) : origin,
      origin,
      ...(typeof e.adapter === 'string' && e.adapter ? { adapter: e.adapter } : {}),
    });
  });
  return { portals, rejected };
}

/** The match pattern that covers every page of a portal's origin. */
export function originPattern(origin: string): string {
  // Match patterns take no port: Chromium and Firefox match any port of the host then.
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** The id of a portal's registered content script (stable, so re-registering replaces it). */
export function scriptId(origin: string): string {
  return `hocba-portal:${origin}`;
}

/** Is `pageUrl` a page of this portal (same origin)? */
export function onPortal(portal: ManagedPortal, pageUrl: string): boolean {
  return portalOrigin(pageUrl) === portal.origin;
}
