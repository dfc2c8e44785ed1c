/**
 * Content scripts for the portals IT names in managed configuration, registered at run time
 * (`scripting.registerContentScripts`) for each portal whose origin the extension may reach:
 * a vendor pattern, or an optional host permission granted for it (options page). Kept in
 * step with the policy and the permissions; re-done at every start (not persisted), so a
 * portal IT removes is gone at the next start at the latest.
 */
import browser from 'webextension-polyfill';
import { FOR_FIREFOX } from '../reach/build-kind.js';
import {
  type ManagedPortal,
  originPattern,
  parseManagedPortals,
  scriptId,
} from '../reach/managed-portals.js';

export async function managedPortals(): Promise<ManagedPortal[]> {
  try {
    const { portals } = await browser.storage.managed.get('portals');
    return parseManagedPortals(portals).portals;
  } catch {
    // No policy store (Firefox without policies.json, or none set).
    return [];
  }
}

/** The content script as one classic script (vite.config.ts: needs no web-accessible modules). */
const CONTENT_SCRIPT = 'content-script.js';

export interface PortalReach {
  portal: ManagedPortal;
  /** The content script is registered and runs on the portal's pages. */
  active: boolean;
}

export async function portalReach(portals: ManagedPortal[]): Promise<PortalReach[]> {
  return Promise.all(
    portals.map(async (portal) => ({
      portal,
      active: await browser.permissions
        .contains({ origins: [originPattern(portal.origin)] })
        .catch(() => false),
    })),
  );
}

let syncing: Promise<PortalReach[]> = Promise.resolve([]);

/** Registers the reachable managed portals' content scripts, and unregisters the rest. */
export function syncPortalScripts(): Promise<PortalReach[]> {
  // One sync at a time: policy and permission events can arrive together.
  syncing = syncing.catch(() => []).then(doSync);
  return syncing;
}

async function doSync(): Promise<PortalReach[]> {
  const reach = await portalReach(await managedPortals());
  // Only what changed: the service worker wakes often, and a portal page loading while its
  // script is briefly unregistered would get no toolbar.
  const wanted = new Map(reach.filter((r) => r.active).map((r) => [scriptId(r.portal.origin), r.portal]));
  const ours = (await browser.scripting.getRegisteredContentScripts())
    .map((s) => s.id)
    .filter((id) => id.startsWith('hocba-portal:'));
  const stale = ours.filter((id) => !wanted.has(id));
  if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale });
  const missing = [...wanted].filter(([id]) => !ours.includes(id));
  if (missing.length > 0) {
    await browser.scripting.registerContentScripts(
      missing.map(([id, portal]) => ({
        id,
        matches: [originPattern(portal.origin)],
        js: [CONTENT_SCRIPT],
        // As the vendor portals' declared script in each browser (manifest.config.ts,
        // vite.config.ts): in Chromium at document_start (document_idle would hold the load
        // event back by a frame; the script waits for load itself); in Firefox at
        // document_idle (Firefox holds the page's parser until a document_start script is
        // ready: 1.01–1.25× the load event for this 54 KB file, 0.96–1.00× at idle).
        runAt: FOR_FIREFOX ? ('document_idle' as const) : ('document_start' as const),
        persistAcrossSessions: false,
      })),
    );
  }
  return reach;
}
