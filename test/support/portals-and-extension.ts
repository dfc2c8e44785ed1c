/**
 * The start-up the portal stories share: the demo portals on loopback (data in a temp dir),
 * Debian's Chromium with the built extension, and a tab logged into a portal at a page. Call
 * it inside a `describe`: it registers that block's beforeAll/afterAll, so a story's own
 * beforeAll (which may edit the portals' records) runs after the start-up.
 *
 *   const env = withPortalsAndExtension();
 *   it('…', async () => {
 *     const page = await env.openAs(env.portals.urlA, 'gvcn', '/lop/4a');
 *   });
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Viewport } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { launchWithExtension } from './browser.js';
import { portalTab } from './portals.js';

export type Portals = Awaited<ReturnType<typeof startDemoPortals>>;
type PortalOptions = Omit<Parameters<typeof startDemoPortals>[0], 'dataDir'>;

export interface PortalsAndExtension {
  /** The demo portals (ready once the block's beforeAll hooks run). */
  readonly portals: Portals;
  /** Chromium with the extension (ready once the block's beforeAll hooks run). */
  readonly browser: Browser;
  /** A new tab (1400×900 unless `viewport`), logged into the portal at `baseUrl` as `user`, at `path`. */
  openAs(baseUrl: string, user: 'gvcn' | 'hieutruong', path: string, viewport?: Viewport): Promise<Page>;
}

/** Starts the portals (with `options`: records per class, defect rate…) and the browser for one describe block. */
export function withPortalsAndExtension(options: PortalOptions = {}): PortalsAndExtension {
  let portals: Portals | undefined;
  let browser: Browser | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} not started: use it inside it() or a later beforeAll`);
    return value;
  };

  beforeAll(async () => {
    portals = await startDemoPortals({ ...options, dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')) });
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    await portals?.close();
  });

  return {
    get portals() {
      return ready(portals, 'the demo portals');
    },
    get browser() {
      return ready(browser, 'the browser');
    },
    async openAs(baseUrl, user, path, viewport = { width: 1400, height: 900 }) {
      const page = await portalTab(ready(browser, 'the browser'), baseUrl, user, viewport);
      await page.goto(`${baseUrl}${path}`);
      return page;
    },
  };
}
