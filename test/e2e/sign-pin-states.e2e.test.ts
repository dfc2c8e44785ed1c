/**
 * The token's PIN state, as the principal sees it before typing: a locked PIN is said up
 * front (no PIN field to type into, no button, whom to call), and on the last try the PIN
 * is only sent once the signer has ticked that they know it is the last one. SoftHSM never
 * locks a PIN nor reports a last try: the companion runs the real SoftHSM token through its
 * fault-injecting wrapper (companion/src/pkcs11/faults.ts), which adds the token's PIN flags.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { launchWithExtension, outputPath } from '../support/browser.js';
import { pairExtension, type RunningCompanion, startCompanion } from '../support/companion.js';
import { portalTab } from '../support/portals.js';
import { openSignWindow } from '../support/sign-window.js';
import { clickToolbar, inToolbar } from '../support/toolbar.js';

// PKCS#11 token flags (the companion keeps only these three from a test's faults).
const CKF_USER_PIN_FINAL_TRY = 0x20000;
const CKF_USER_PIN_LOCKED = 0x40000;

describe('the token PIN state in the sign window', () => {
  let browser: Browser;
  let portals: Awaited<ReturnType<typeof startDemoPortals>>;
  let companion: RunningCompanion | undefined;
  let page: Page;
  const dataDir = mkdtempSync(join(tmpdir(), 'hocba-companion-'));

  async function useCompanion(pinFlags: number): Promise<void> {
    const port = companion?.port;
    await companion?.stop();
    companion = await startCompanion(dataDir, { ...(port ? { port } : {}), faults: { pinFlags } });
    await pairExtension(browser, companion);
  }

  async function openWindow(shot: string): Promise<Page> {
    await page.goto(`${portals.urlA}/lop/3a`);
    await inToolbar(page, '[data-hocba-action="sign"]');
    await clickToolbar(page, '[data-hocba-action="check"]');
    return openSignWindow(browser, page, shot, { viewport: { width: 900, height: 1000 }, timeout: 30_000 });
  }

  const disabled = (p: Page, selector: string) =>
    p.$eval(selector, (el) => (el as HTMLInputElement | HTMLButtonElement).disabled);

  beforeAll(async () => {
    browser = await launchWithExtension();
    portals = await startDemoPortals({
      dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')),
      defectRate: 0,
    });
    page = await portalTab(browser, portals.urlA, 'gvcn');
  });

  afterAll(async () => {
    await browser?.close();
    await portals?.close();
    await companion?.stop();
  });

  it('a locked PIN is said before anything is typed: no PIN field, no button, whom to call', async () => {
    await useCompanion(CKF_USER_PIN_LOCKED);
    const signPage = await openWindow('sign-pin-locked');
    const locked = await signPage.$eval('[data-hocba="pin-locked"]', (el) => el.textContent ?? '');
    expect(locked).toBe(
      'Mã PIN của token HOCBA-DEMO đã bị khoá vì nhập sai quá nhiều lần: không ký được bằng token này. ' +
        'Hãy liên hệ nhà cung cấp chữ ký số để mở khoá (bằng mã PUK). Các học bạ chưa bị thay đổi gì.',
    );
    expect(await disabled(signPage, 'input[name=pin]')).toBe(true);
    expect(await disabled(signPage, '[data-hocba="sign-submit"]')).toBe(true);
    await signPage.screenshot({ path: outputPath('sign-pin-1-locked.png'), fullPage: true });
    await signPage.close();
  });

  it('on the last try, the PIN goes only once the signer has ticked that it is the last', async () => {
    await useCompanion(CKF_USER_PIN_FINAL_TRY);
    const signPage = await openWindow('sign-pin-final-try');
    expect(await signPage.$eval('[data-hocba="pin-final-try"]', (el) => el.textContent)).toBe(
      'Đây là lần nhập PIN CUỐI CÙNG: nhập sai, token sẽ bị khoá.',
    );
    // The confirmation comes before the PIN field, in reading and in keyboard order.
    expect(
      await signPage.$eval('[data-hocba="confirm-final-try"]', (box) =>
        Boolean(
          box.compareDocumentPosition(document.querySelector('input[name=pin]') as Node) &
            Node.DOCUMENT_POSITION_FOLLOWING,
        ),
      ),
    ).toBe(true);
    await signPage.type('input[name=pin]', '12345678');
    expect(await disabled(signPage, '[data-hocba="sign-submit"]')).toBe(true);
    // Enter in the PIN field submits nothing either: the form's only button is off. (A
    // submission clears the field at once, in the same event: the PIN still there says none ran.)
    await signPage.keyboard.press('Enter');
    expect(await signPage.$eval('input[name=pin]', (el) => (el as HTMLInputElement).value)).toBe('12345678');
    expect(await signPage.$('[data-hocba="progress"], [data-hocba="pin-error"]')).toBeNull();
    await signPage.screenshot({ path: outputPath('sign-pin-2-final-try.png'), fullPage: true });
    await signPage.click('[data-hocba="confirm-final-try"]');
    expect(await disabled(signPage, '[data-hocba="sign-submit"]')).toBe(false);
    await signPage.close();
    expect(Object.keys(portals.storeA.state.signed)).toHaveLength(0);
  });
});
