/**
 * The adapters the extension knows and their trial order (pure: no browser API, so it is
 * unit-tested). A URL only makes an adapter a candidate; the page's structure decides
 * (content/find-portal.ts).
 */
import { onPortal, parseManagedPortals } from '../reach/managed-portals.js';
import { demoPortalA } from './demo-portal-a.js';
import { demoPortalB } from './demo-portal-b.js';
import { edocBook } from './edoc.js';
import { genericAdapter } from './generic.js';
import type { PortalAdapter } from './types.js';
import { vneduSummary, vneduTransfers } from './vnedu.js';

export const BUILT_IN_ADAPTERS: readonly PortalAdapter[] = [
  demoPortalA,
  demoPortalB,
  edocBook,
  vneduSummary,
  vneduTransfers,
];

const LAYOUT_KINDS = new Set(['columns', 'blocks', 'files']);

export function isAdapter(value: unknown): value is PortalAdapter {
  if (typeof value !== 'object' || value === null) return false;
  const a = value as Partial<PortalAdapter>;
  return (
    typeof a.id === 'string' &&
    typeof a.name === 'string' &&
    Array.isArray(a.matches) &&
    a.matches.every((m) => typeof m === 'string') &&
    typeof a.layout === 'object' &&
    a.layout !== null &&
    LAYOUT_KINDS.has((a.layout as { kind?: string }).kind ?? '')
  );
}

/**
 * A `*`-wildcard URL pattern. As in the browsers' match patterns, `scheme://*.host/` also
 * matches the bare host.
 */
export function urlMatches(pattern: string, url: string): boolean {
  if (pattern === '*') return true;
  const toRegex = (p: string) =>
    new RegExp(
      `^${p
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
  if (toRegex(pattern).test(url)) return true;
  return pattern.includes('://*.') && toRegex(pattern.replace('://*.', '://')).test(url);
}

/** Pure: the trial order for `url`, given what managed configuration holds. */
export function orderAdapters(
  url: string,
  fromPolicy: { adapters: unknown; portals: unknown },
): PortalAdapter[] {
  const managedList = Array.isArray(fromPolicy.adapters) ? fromPolicy.adapters.filter(isAdapter) : [];
  const known = [...managedList, ...BUILT_IN_ADAPTERS];
  const portal = parseManagedPortals(fromPolicy.portals).portals.find((p) => onPortal(p, url));
  // The portal IT named: its adapter first, whatever its own URL patterns say.
  const named = portal?.adapter ? known.filter((a) => a.id === portal.adapter) : [];
  const byUrl = [...known, genericAdapter].filter((a) => a.matches.some((p) => urlMatches(p, url)));
  return [...named, ...byUrl.filter((a) => !named.includes(a))];
}
