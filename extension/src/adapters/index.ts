/**
 * The adapters the extension knows, in the order they are tried: managed configuration
 * first (IT's fixes win), then the built-in ones, the generic adapter last.
 */
import browser from 'webextension-polyfill';
import { demoPortalA } from './demo-portal-a.js';
import { demoPortalB } from './demo-portal-b.js';
import { genericAdapter } from './generic.js';
import type { PortalAdapter } from './types.js';

export type { PortalAdapter } from './types.js';

export const BUILT_IN_ADAPTERS: readonly PortalAdapter[] = [demoPortalA, demoPortalB];

function isAdapter(value: unknown): value is PortalAdapter {
  if (typeof value !== 'object' || value === null) return false;
  const a = value as Partial<PortalAdapter>;
  return (
    typeof a.id === 'string' && Array.isArray(a.matches) && typeof a.layout === 'object' && a.layout !== null
  );
}

export async function managedAdapters(): Promise<PortalAdapter[]> {
  try {
    const { adapters } = await browser.storage.managed.get('adapters');
    return Array.isArray(adapters) ? adapters.filter(isAdapter) : [];
  } catch {
    return [];
  }
}

export function urlMatches(pattern: string, url: string): boolean {
  if (pattern === '*') return true;
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(url);
}

/** Adapters whose URL patterns match, in trial order; the page decides which finds its table. */
export async function candidateAdapters(url: string): Promise<PortalAdapter[]> {
  const all = [...(await managedAdapters()), ...BUILT_IN_ADAPTERS, genericAdapter];
  return all.filter((a) => a.matches.some((p) => urlMatches(p, url)));
}
