/**
 * The adapters to try on a page, in order: the adapter IT names for this portal in managed
 * `portals` first, then managed adapters (IT's fixes win), then the built-in ones, the
 * generic adapter last (order.ts).
 */
import browser from 'webextension-polyfill';
import { isAdapter } from './order.js';
import type { PortalAdapter } from './types.js';

export { BUILT_IN_ADAPTERS, orderAdapters, urlMatches } from './order.js';
export type { PortalAdapter } from './types.js';

async function managed(): Promise<{ adapters: unknown; portals: unknown }> {
  try {
    return (await browser.storage.managed.get(['adapters', 'portals'])) as {
      adapters: unknown;
      portals: unknown;
    };
  } catch {
    return { adapters: undefined, portals: undefined };
  }
}

export async function managedAdapters(): Promise<PortalAdapter[]> {
  const { adapters } = await managed();
  return Array.isArray(adapters) ? adapters.filter(isAdapter) : [];
}
