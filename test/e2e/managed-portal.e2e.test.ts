/**
 * Story (IT): the school's results portal lives on a domain no release knows
 * (`hocba.truong.test`, resolved to this computer). IT names it in policies.json —
 * `portals: [{ origin, adapter: "vnedu-tong-ket" }]` under the extension's gecko ID — and no
 * new release is needed: the settings page lists it as not yet allowed, one click on
 * "Cho phép" grants that one origin, the service worker registers the content script for it
 * at run time (scripting.registerContentScripts), and the teacher's class there is read by
 * the adapter IT named. Before that click, the extension does nothing on the portal.
 * Firefox ESR, because its policies.json can be private to the test run (Chromium reads
 * policy only from /etc, shared by the whole machine).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { outputPath } from '../support/browser.js';
import { extensionPage, extensionPolicies, launchFirefoxWithExtension } from '../support/firefox.js';
import { openPage } from '../support/navigation.js';
import { loginPortal } from '../support/portals.js';
import { clickToolbar, inToolbar, toolbarText } from '../support/toolbar.js';

const HOST = 'hocba.truong.test';

describe('IT adds a portal by policy, without a release', () => {
  let browser: Browser;
  let portals: Awaited<ReturnType<typeof startDemoPortals>>;
  let portalUrl: string;

  beforeAll(async () => {
    portals = await startDemoPortals({ dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')) });
    portalUrl = `http://${HOST}:${new URL(portals.urlVnedu).port}`;
    const policies = extensionPolicies({
      portals: [{ name: 'Cổng kết quả của trường', origin: portalUrl, adapter: 'vnedu-tong-ket' }],
    }) as { Preferences: Record<string, unknown> };
    // The school's domain resolves to this computer (the replica); the permission Firefox
    // asks for on "Cho phép" is granted without its doorhanger (no chrome UI to click in
    // headless). Both through the Preferences policy, as IT would set any pref.
    policies.Preferences['network.dns.localDomains'] = { Value: HOST, Status: 'default' };
    policies.Preferences['extensions.webextOptionalPermissionPrompts'] = { Value: false, Status: 'default' };
    ({ browser } = await launchFirefoxWithExtension(policies));
  });

  afterAll(async () => {
    await browser?.close();
    await portals?.close();
  });

  async function classPage(): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await loginPortal(page, portalUrl, 'gvcn');
    await openPage(page, `${portalUrl}/hoc-sinh/tong-ket?lop=4b`, 'open class 4B on the managed portal');
    await page.waitForSelector('#gridTongKet');
    return page;
  }

  it('lists the portal as not allowed; one click allows it; its pages are then read', async () => {
    // Not allowed yet: the extension does nothing on the school's portal.
    const before = await classPage();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // time for a content script that should not run
    expect(await before.$('[data-hocba-host]')).toBeNull();
    await before.close();

    // The settings page, from a page the extension does not recognise (a mid-term view on
    // the replica on loopback): its note links to where the extension works.
    const midTerm = await browser.newPage();
    await loginPortal(midTerm, portals.urlVnedu, 'gvcn');
    await openPage(midTerm, `${portals.urlVnedu}/hoc-sinh/tong-ket?lop=4b&hk=gk1`, 'open the mid-term view');
    await inToolbar(midTerm, '[data-hocba-action="open-settings"]');
    await clickToolbar(midTerm, '[data-hocba-action="open-settings"]');
    const settings = await extensionPage(browser, 'src/pages/options/index.html');
    await settings.waitForSelector(`[data-hocba="reach-managed"] li[data-origin="${portalUrl}"]`);
    const row = `[data-hocba="reach-managed"] li[data-origin="${portalUrl}"]`;
    expect(await settings.$eval(row, (el) => el.getAttribute('data-active'))).toBe('false');
    expect(await settings.$$eval('[data-hocba="reach-vendors"] li', (els) => els.length)).toBe(3);
    await settings.screenshot({ path: outputPath('managed-portal-1-settings-before.png'), fullPage: true });
    await settings.click(`${row} button`);
    await settings.waitForSelector(`${row}[data-active="true"]`, { timeout: 20_000 });
    await settings.screenshot({ path: outputPath('managed-portal-2-settings-after.png'), fullPage: true });

    // Registered at run time: the class on the school's portal is read by the adapter IT named.
    const page = await classPage();
    await inToolbar(page, '[data-hocba-action="check"]');
    expect(await page.$eval('[data-hocba-host]', (el) => el.getAttribute('data-hocba-host'))).toBe(
      'vnedu-tong-ket',
    );
    await clickToolbar(page, '[data-hocba-action="check"]');
    await inToolbar(page, '[data-hocba="summary"]');
    expect(await toolbarText(page, '[data-hocba="summary"]')).toMatch(
      /^30 học sinh: \d+ đầy đủ, [1-9]\d* có lỗi, 0 chỉ có cảnh báo\.$/,
    );
    await page.screenshot({ path: outputPath('managed-portal-3-class.png') });
  });
});
