/**
 * Story (IT staff, Firefox ESR): the same pairing as it-pairing, in Firefox with the Firefox
 * build. IT's policies.json sets only the companion's port (and the fixed moz-extension
 * origin); the technician opens the extension's settings from the toolbar (Firefox lets no
 * driver open moz-extension:// pages), sees "not paired", types a wrong code (refused in
 * Vietnamese, nothing stored), then the code `hocba pair` printed: the companion and the
 * extension prove each other, and the settings page then shows the companion's version, its
 * token module and the SoftHSM2 token, fetched over the new pairing.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { outputPath } from '../support/browser.js';
import { hocba, type RunningCompanion, startCompanion } from '../support/companion.js';
import {
  extensionPage,
  extensionPolicies,
  FIREFOX_ORIGIN,
  launchFirefoxWithExtension,
} from '../support/firefox.js';
import { openPage } from '../support/navigation.js';
import { loginPortal } from '../support/portals.js';
import { clickToolbar, inToolbar } from '../support/toolbar.js';

const COMPANION_VERSION = (
  JSON.parse(readFileSync(new URL('../../companion/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

describe('Firefox ESR: IT staff pair the browser with the companion', () => {
  let browser: Browser;
  let companion: RunningCompanion;
  let portals: Awaited<ReturnType<typeof startDemoPortals>>;
  let page: Page;

  const stateOf = (p: Page) =>
    p.$eval('[data-hocba="companion-state"]', (el) => ({
      state: el.getAttribute('data-state'),
      text: (el as HTMLElement).innerText,
    }));
  /** What the extension keeps in its own storage (Firefox's `browser.*`, in the page). */
  const storedPairing = (p: Page) =>
    p.evaluate(async () => {
      const api = (globalThis as unknown as { browser: typeof chrome }).browser;
      return (await api.storage.local.get('pairing')).pairing as unknown;
    });
  const pairCode = () =>
    (
      JSON.parse(hocba(['pair', '--json', '--data-dir', companion.dataDir], companion.env)) as {
        code: string;
      }
    ).code;

  beforeAll(async () => {
    companion = await startCompanion(mkdtempSync(join(tmpdir(), 'hocba-companion-')), { pair: false });
    portals = await startDemoPortals({ dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')) });
    // IT's policies.json: the school's port, no pairing (a fresh profile).
    ({ browser } = await launchFirefoxWithExtension(extensionPolicies({ companionPort: companion.port })));
    // The way a technician reaches settings in Firefox: the toolbar's note on a portal page
    // the extension does not read (VnEdu's mid-term view) links to them.
    const portal = await browser.newPage();
    await loginPortal(portal, portals.urlVnedu, 'gvcn');
    await openPage(portal, `${portals.urlVnedu}/hoc-sinh/tong-ket?lop=4b&hk=gk1`, 'open the mid-term view');
    await inToolbar(portal, '[data-hocba-action="open-settings"]');
    await clickToolbar(portal, '[data-hocba-action="open-settings"]');
    page = await extensionPage(browser, 'src/pages/options/index.html');
    await page.setViewport({ width: 900, height: 900 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await portals?.close();
    await companion?.stop();
  });

  it('shows "not paired", refuses a wrong code in Vietnamese, pairs with the right one and shows the companion', async () => {
    await page.waitForSelector('[data-hocba="companion-state"]', { timeout: 30_000 });
    const before = await stateOf(page);
    expect(before.state).toBe('unavailable');
    expect(before.text).toContain('Tiện ích chưa được ghép nối với chương trình ký');
    await page.screenshot({ path: outputPath('firefox-pairing-1-not-paired.png'), fullPage: true });
    // IT's policy sets the port: the policy wins, so the field is not offered for editing.
    expect(await page.$eval('input[type=number]', (el) => (el as HTMLInputElement).disabled)).toBe(true);
    expect(await page.$eval('[data-hocba="port-managed"]', (el) => (el as HTMLElement).innerText)).toContain(
      'do bộ phận IT đặt',
    );

    // A code that was never issued (one character off the one `hocba pair` printed).
    const issued = pairCode();
    const wrong = issued.startsWith('A') ? `B${issued.slice(1)}` : `A${issued.slice(1)}`;
    await page.type('input[name=code]', wrong);
    await page.click('[data-hocba="pair-form"] button[type=submit]');
    await page.waitForSelector('[data-hocba="pair-message"]', { timeout: 30_000 });
    const refused = await page.$eval('[data-hocba="pair-message"]', (el) => ({
      cls: el.className,
      text: el.textContent ?? '',
    }));
    expect(refused.cls).toContain('error-text');
    // Said by the extension, which finds the companion's proof does not match the code typed.
    expect(refused.text).toBe(
      `Mã ghép nối không khớp với mã chương trình ký đang hiển thị (hoặc chương trình trả lời trên cổng ${companion.port} không phải chương trình ký). Hãy kiểm tra lại mã; tiện ích chưa gửi gì suy ra từ mã này.`,
    );
    await page.screenshot({ path: outputPath('firefox-pairing-2-wrong-code.png'), fullPage: true });
    expect(await storedPairing(page)).toBeUndefined();
    expect(
      JSON.parse(hocba(['pair', '--list', '--json', '--data-dir', companion.dataDir], companion.env)),
    ).toEqual([]);

    // The code `hocba pair` prints now: both sides prove each other, the pairing is kept.
    await page.$eval('input[name=code]', (el) => {
      (el as HTMLInputElement).value = '';
    });
    await page.type('input[name=code]', pairCode());
    await page.click('[data-hocba="pair-form"] button[type=submit]');
    await page.waitForFunction(
      () => document.querySelector('[data-hocba="companion-state"]')?.getAttribute('data-state') === 'ready',
      { timeout: 30_000 },
    );
    const message = await page.$eval('[data-hocba="pair-message"]', (el) => ({
      cls: el.className,
      text: el.textContent ?? '',
    }));
    expect(message.cls).not.toContain('error-text');
    expect(message.text).toBe('Đã ghép nối với chương trình ký.');
    const stored = (await storedPairing(page)) as { pairingId: string; secret: string };
    expect(stored.pairingId).toMatch(/\S/);
    expect(stored.secret).toMatch(/\S/);

    // What the settings page learned over the pairing: the companion's version, its module, the token.
    const after = await stateOf(page);
    expect(after.text).toContain(`phiên bản ${COMPANION_VERSION}`);
    expect(after.text).toContain('SoftHSM');
    expect(after.text).toContain('Đã cắm 1 token');
    await page.screenshot({ path: outputPath('firefox-pairing-3-paired.png'), fullPage: true });

    // The companion lists exactly this pairing, for the Firefox origin, named as Firefox
    // (how `hocba pair --list` tells the technician which browser it is).
    const listed = JSON.parse(
      hocba(['pair', '--list', '--json', '--data-dir', companion.dataDir], companion.env),
    ) as { id: string; origin: string; label?: string }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]?.id).toBe(stored.pairingId);
    expect(listed[0]?.origin).toBe(FIREFOX_ORIGIN);
    expect(listed[0]?.label).toMatch(/^Firefox · /);
  }, 120_000);

  it('after a reload the page reconnects with the kept pairing (the background proves it again)', async () => {
    // Firefox does not report moz-extension navigations to the driver: reload from inside,
    // then ask the tab until the new page says where it stands.
    await page.evaluate(() => location.reload());
    const deadline = Date.now() + 30_000;
    let state: string | null | undefined;
    while (Date.now() < deadline && state !== 'ready') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      state = await page
        .evaluate(() => document.querySelector('[data-hocba="companion-state"]')?.getAttribute('data-state'))
        .catch(() => undefined);
    }
    expect(state).toBe('ready');
    expect((await stateOf(page)).text).toContain('Đã cắm 1 token');
    const { pairingId } = (await storedPairing(page)) as { pairingId: string };
    expect(await page.$eval('[data-hocba="pair-form"]', (el) => (el as HTMLElement).innerText)).toContain(
      `Đã ghép nối (${pairingId}).`,
    );
    await page.screenshot({ path: outputPath('firefox-pairing-4-reloaded.png'), fullPage: true });
  });
});
