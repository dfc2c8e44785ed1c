/**
 * Which adapter reads this page: the candidates (chosen by URL, in trial order) are tried
 * on the page's structure, and the first that finds what it reads wins. When none does, the
 * page is reported as not recognised if an adapter's page marker says it is one of its
 * pages, or if the user asked (toolbar icon); otherwise the extension stays out of the way.
 */
import { orderAdapters } from '../adapters/order.js';
import type { PortalAdapter } from '../adapters/types.js';
import { extensionApi } from './extension-api.js';
import { type FilesPortal, readFiles } from './read-files.js';
import { type PortalTable, readPortal } from './read-table.js';

export type FoundPortal =
  | { kind: 'table'; portal: PortalTable }
  | { kind: 'files'; portal: FilesPortal }
  | { kind: 'unrecognised'; expected: PortalAdapter[] };

const normalize = (text: string | null | undefined) =>
  (text ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/** Does the page carry the adapter's marker ("this is the page I read")? */
export function hasPageMarker(adapter: PortalAdapter, root: ParentNode = document): boolean {
  if (!adapter.page) return false;
  let el: Element | null = null;
  try {
    el = root.querySelector(adapter.page.selector);
  } catch {
    return false; // a managed adapter's selector that does not parse
  }
  if (!el) return false;
  return !adapter.page.text || normalize(el.textContent).includes(normalize(adapter.page.text));
}

/**
 * Adapters to try on this page, in trial order: the adapter IT names for this portal in
 * managed `portals` first, then managed adapters (IT's fixes win), then the built-in ones,
 * the generic adapter last (adapters/order.ts).
 */
export async function candidateAdapters(url: string): Promise<PortalAdapter[]> {
  let managed: { adapters?: unknown; portals?: unknown } = {};
  try {
    managed = await extensionApi.storage.managed.get(['adapters', 'portals']);
  } catch {
    // No policy (Firefox rejects then): the built-in adapters.
  }
  return orderAdapters(url, { adapters: managed.adapters, portals: managed.portals });
}

export async function findPortal(
  adapters: readonly PortalAdapter[],
  asked: boolean,
): Promise<FoundPortal | null> {
  for (const adapter of adapters) {
    try {
      if (adapter.layout.kind === 'files') {
        const files = await readFiles(adapter, adapter.layout);
        if (files) return { kind: 'files', portal: files };
      } else {
        const table = readPortal([adapter]);
        if (table) return { kind: 'table', portal: table };
      }
    } catch {
      // A managed adapter with a selector that does not parse: the next one is tried.
    }
  }
  const expected = adapters.filter((a) => hasPageMarker(a));
  return expected.length > 0 || asked ? { kind: 'unrecognised', expected } : null;
}
