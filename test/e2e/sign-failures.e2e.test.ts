/**
 * What goes wrong when a principal signs, and what they see: a wrong PIN (nothing signed,
 * the form comes back, the right PIN then signs), a batch cancelled half-way (what was
 * signed is kept and reaches the portal, the rest is listed as not signed), the companion
 * not running, and no token plugged in. Every message in Vietnamese. Real companion,
 * real SoftHSM2, Debian Chromium.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { launchWithExtension, outputPath } from '../support/browser.js';
import { pairExtension, type RunningCompanion, startCompanion } from '../support/companion.js';
import { loginPortal, portalTab, toolbarStatus } from '../support/portals.js';
import { openSignWindow, signWithPin, submitPin } from '../support/sign-window.js';
import { clickToolbar, inToolbar } from '../support/toolbar.js';

type Portals = Awaited<ReturnType<typeof startDemoPortals>>;

describe('signing when things go wrong', () => {
  let browser: Browser;
  let portals: Portals;
  let companion: RunningCompanion;
  let page: Page;

  let loggedInAs: 'gvcn' | 'hieutruong' = 'gvcn';

  /**
   * Opens class `klass` in portal A as `role`, checks and clicks "sign"; returns the sign
   * window (its PIN form, or with `expect: 'error'` the error it shows instead).
   */
  async function openClassSignWindow(
    klass: string,
    role: 'gvcn' | 'principal' = 'gvcn',
    expect: 'form' | 'error' = 'form',
  ): Promise<Page> {
    // The role follows the portal login (and the certificate's title), never a default.
    const user = role === 'principal' ? 'hieutruong' : 'gvcn';
    if (user !== loggedInAs) {
      await loginPortal(page, portals.urlA, user);
      loggedInAs = user;
    }
    await page.goto(`${portals.urlA}/lop/${klass}`);
    await inToolbar(page, '[data-hocba-action="sign"]');
    await clickToolbar(page, '[data-hocba-action="check"]');
    return openSignWindow(browser, page, `sign-failures-${klass}-${role}`, {
      viewport: { width: 900, height: 1000 },
      timeout: 30_000,
      expect,
    });
  }

  const errorText = (p: Page) => p.$eval('[data-hocba="sign-error"]', (el) => el.textContent ?? '');

  beforeAll(async () => {
    companion = await startCompanion(mkdtempSync(join(tmpdir(), 'hocba-companion-')));
    portals = await startDemoPortals({
      dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')),
      defectRate: 0,
      trustAnchors: [companion.rootPem],
    });
    browser = await launchWithExtension();
    await pairExtension(browser, companion);
    page = await portalTab(browser, portals.urlA, 'gvcn');
  });

  afterAll(async () => {
    await browser?.close();
    await portals?.close();
    await companion?.stop();
  });

  it('a wrong PIN signs nothing and says so; the right PIN then signs the batch', async () => {
    const signPage = await openClassSignWindow('3a');
    await submitPin(signPage, '87654321');
    // Said beside the PIN field, which has the focus again for the next try.
    await signPage.waitForSelector('[data-hocba="sign-form"] [data-hocba="pin-error"]', { timeout: 30_000 });
    expect(await signPage.$eval('[data-hocba="pin-error"]', (el) => el.textContent)).toMatch(
      /^Mã PIN không đúng\./,
    );
    expect(
      await signPage.$eval('[data-hocba="pin-error"]', (el) =>
        el.previousElementSibling?.querySelector('input[name=pin]') ? 'beside' : 'elsewhere',
      ),
    ).toBe('beside');
    await signPage.waitForFunction(() => document.activeElement?.getAttribute('name') === 'pin');
    // The form is back, empty, with the same documents and nothing marked signed.
    await signPage.waitForSelector('[data-hocba="sign-form"]');
    expect(await signPage.$eval('input[name=pin]', (el) => (el as HTMLInputElement).value)).toBe('');
    expect(
      await signPage.$$eval('[data-hocba="documents"] li[data-status="pending"]', (els) => els.length),
    ).toBe(35);
    expect(await signPage.content()).not.toContain('87654321');
    // What the PIN is for, said before the principal types it: the token's, once, for all 35.
    expect(await signPage.$eval('[data-hocba="pin-purpose"]', (el) => el.textContent)).toBe(
      'Mã PIN là mã của USB token (không phải mật khẩu cổng thông tin): nhập một lần để token ký cả 35 học bạ bằng chứng thư số đã chọn ở trên.',
    );
    await signPage.screenshot({ path: outputPath('sign-failures-1-wrong-pin.png'), fullPage: true });
    expect(Object.keys(portals.storeA.state.signed)).toHaveLength(0);

    await signWithPin(signPage);
    expect(await signPage.$eval('[data-hocba="result-summary"]', (el) => el.textContent)).toContain(
      'Đã ký 35 / 35 học bạ',
    );
    // Where the signed files are, for a principal who looks for them later.
    const where = await signPage.$eval('[data-hocba="result-where"]', (el) => el.textContent);
    expect(where).toContain('trong thư mục “archive” của thư mục dữ liệu');
    expect(where).toContain('dòng “Thư mục dữ liệu” của “hocba doctor”'); // Linux: hocba
    expect(await signPage.$('[data-hocba="sign-error"]')).toBeNull();
    expect(await toolbarStatus(page, 'Đã gửi 35 học bạ đã ký lên cổng thông tin.')).toBe(
      'Đã gửi 35 học bạ đã ký lên cổng thông tin.',
    );
    await signPage.close();
  });

  /** Restarts the companion on the same port and data (same token, same root), with faults. */
  async function restartCompanion(options: Parameters<typeof startCompanion>[1] = {}): Promise<void> {
    const { port, dataDir } = companion;
    await companion.stop();
    companion = await startCompanion(dataDir, { port, ...options });
    await pairExtension(browser, companion);
  }

  it('cancelling half-way keeps what was signed, sends it to the portal, lists the rest', async () => {
    // A slow token (300 ms a signature) so that the cancel lands mid-batch.
    await restartCompanion({ faults: { signDelayMs: 300 } });
    const before = Object.keys(portals.storeA.state.signed).length;
    const signPage = await openClassSignWindow('4a');
    await submitPin(signPage);
    // Cancel as soon as the first record shows as signed.
    await signPage.waitForSelector('[data-hocba="documents"] li[data-status="signed"]', { timeout: 60_000 });
    await signPage.click('[data-hocba="progress"] button');
    await signPage.waitForSelector('[data-hocba="result"]', { timeout: 60_000 });
    expect(await signPage.$eval('[data-hocba="result"]', (el) => el.getAttribute('data-status'))).toBe(
      'cancelled',
    );
    const signedCount = await signPage.$$eval(
      '[data-hocba="documents"] li[data-status="signed"]',
      (els) => els.length,
    );
    expect(signedCount).toBeGreaterThan(0);
    expect(signedCount).toBeLessThan(35);
    const summary = await signPage.$eval('[data-hocba="result-summary"]', (el) => el.textContent);
    expect(summary).toContain(`Đã ký ${signedCount} / 35 học bạ`);
    const notSigned = await signPage.$$eval('[data-hocba="not-signed-doc"]', (els) => els.length);
    expect(notSigned).toBe(35 - signedCount);
    await signPage.screenshot({ path: outputPath('sign-failures-2-cancelled.png'), fullPage: true });
    // What was signed reaches the portal: nothing already signed is lost.
    const sent = `Đã gửi ${signedCount} học bạ đã ký lên cổng thông tin.`;
    expect(await toolbarStatus(page, sent)).toBe(sent);
    expect(Object.keys(portals.storeA.state.signed).length - before).toBe(signedCount);
    await signPage.close();
  });

  it('the token is pulled out mid-batch: what was signed is kept and sent, the rest says why', async () => {
    await restartCompanion({ faults: { removeAfterSigns: 4 } });
    const before = Object.keys(portals.storeA.state.signed).length;
    const signPage = await openClassSignWindow('5a');
    await signWithPin(signPage, 60_000);
    expect(await signPage.$eval('[data-hocba="result"]', (el) => el.getAttribute('data-status'))).toBe(
      'failed',
    );
    expect(await signPage.$eval('[data-hocba="result-summary"]', (el) => el.textContent)).toContain(
      'Đã ký 4 / 35 học bạ',
    );
    // One reason for the document the token was pulled on, one for the rest: not 31 copies.
    const reasons = await signPage.$$eval('[data-hocba="not-signed-reason"]', (els) =>
      els.map((el) => el.textContent ?? ''),
    );
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toContain('USB token đã bị rút ra trong khi ký');
    // The cause is said once; the rest are "not reached", in words that say nothing was lost.
    expect(reasons[1]).toBe(
      '30 học bạ chưa đến lượt ký khi lô dừng: chưa được ký, không có gì bị thay đổi. Bấm "Ký tiếp" để ký các học bạ này.',
    );
    expect(await signPage.$$('[data-hocba="not-signed-doc"]')).toHaveLength(31);
    await signPage.screenshot({ path: outputPath('sign-failures-3-token-pulled.png'), fullPage: true });
    expect(await toolbarStatus(page, 'Đã gửi 4 học bạ đã ký lên cổng thông tin.')).toBe(
      'Đã gửi 4 học bạ đã ký lên cổng thông tin.',
    );
    expect(Object.keys(portals.storeA.state.signed).length - before).toBe(4);

    // The token is plugged back in (here: the companion restarts with the token present);
    // "sign the rest" signs the 31 others in the same window with one more PIN entry.
    await restartCompanion();
    await signPage.click('[data-hocba="sign-rest"]');
    await signPage.waitForSelector('[data-hocba="sign-form"]');
    expect(await signPage.$eval('[data-hocba="sign-submit"]', (el) => el.textContent)).toBe('Ký 31 học bạ');
    await signWithPin(signPage, 60_000);
    expect(await signPage.$eval('[data-hocba="result-summary"]', (el) => el.textContent)).toContain(
      'Đã ký 35 / 35 học bạ',
    );
    await signPage.screenshot({ path: outputPath('sign-failures-3b-rest-signed.png'), fullPage: true });
    expect(await toolbarStatus(page, 'Đã gửi 31 học bạ đã ký lên cổng thông tin.')).toBe(
      'Đã gửi 31 học bạ đã ký lên cổng thông tin.',
    );
    expect(Object.keys(portals.storeA.state.signed).length - before).toBe(35);
    await signPage.close();
  }, 300_000); // two signing rounds, with uploads: room for a loaded machine

  it('the companion stops mid-batch: what was signed is kept and sent; once it is back, the rest is signed', async () => {
    await restartCompanion({ faults: { signDelayMs: 300 } });
    const before = Object.keys(portals.storeA.state.signed).length;
    // Class 3A, already signed by its GVCN in the first test: now the principal signs it.
    const signPage = await openClassSignWindow('3a', 'principal');
    await submitPin(signPage);
    await signPage.waitForSelector('[data-hocba="documents"] li[data-status="signed"]', { timeout: 60_000 });
    await companion.stop();
    await signPage.waitForSelector('[data-hocba="result"]', { timeout: 60_000 });
    expect(await signPage.$eval('[data-hocba="result"]', (el) => el.getAttribute('data-status'))).toBe(
      'failed',
    );
    const kept = await signPage.$$eval(
      '[data-hocba="documents"] li[data-status="signed"]',
      (els) => els.length,
    );
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(35);
    const reasons = await signPage.$$eval('[data-hocba="not-signed-reason"]', (els) =>
      els.map((el) => el.textContent),
    );
    expect(reasons).toEqual([expect.stringContaining('Mất kết nối với chương trình ký giữa chừng')]);
    await signPage.screenshot({ path: outputPath('sign-failures-3c-companion-stopped.png'), fullPage: true });
    const sent = `Đã gửi ${kept} học bạ đã ký lên cổng thông tin.`;
    expect(await toolbarStatus(page, sent)).toBe(sent);

    await restartCompanion();
    await signPage.click('[data-hocba="sign-rest"]');
    await signPage.waitForSelector('[data-hocba="sign-form"]');
    await signWithPin(signPage, 60_000);
    expect(await signPage.$eval('[data-hocba="result-summary"]', (el) => el.textContent)).toContain(
      'Đã ký 35 / 35 học bạ',
    );
    const rest = `Đã gửi ${35 - kept} học bạ đã ký lên cổng thông tin.`;
    expect(await toolbarStatus(page, rest)).toBe(rest);
    // 3A's files on the portal now carry both signatures, GVCN then principal.
    const classA = Object.values(portals.storeA.state.signed).filter((e) => e.signers.length === 2);
    expect(classA).toHaveLength(35);
    expect(Object.keys(portals.storeA.state.signed).length).toBe(before);
    await signPage.close();
  }, 300_000); // two signing rounds, with uploads: room for a loaded machine

  it('no token plugged in: the sign window says to plug it in and offers nothing to sign with', async () => {
    await restartCompanion({ token: 'empty' });
    // 4A: the class with records still to sign (the cancel above left some), so the PIN form
    // is there and only the token is missing (5A is fully signed by now: nothing to sign).
    const signPage = await openClassSignWindow('4a');
    const text = await signPage.$eval('[data-hocba="sign-form"]', (el) => (el as HTMLElement).innerText);
    expect(text).toContain('Không thấy token. Hãy cắm token USB vào máy rồi bấm "Tìm lại token".');
    expect(await signPage.$$('[data-hocba="certificate"]')).toHaveLength(0);
    expect(
      await signPage.$eval('[data-hocba="sign-submit"]', (el) => (el as HTMLButtonElement).disabled),
    ).toBe(true);
    // No PIN to type without a token: the field is off and the focus is on looking again,
    // which asks the companion again in place (no need to reopen the window).
    expect(await signPage.$eval('input[name=pin]', (el) => (el as HTMLInputElement).disabled)).toBe(true);
    await signPage.waitForFunction(() => document.activeElement?.getAttribute('data-hocba') === 'find-token');
    await signPage.keyboard.press('Enter');
    await signPage.waitForSelector('[data-hocba="sign-form"] [data-hocba="find-token"]');
    await signPage.screenshot({ path: outputPath('sign-failures-4-no-token.png'), fullPage: true });
    await signPage.close();
  });

  it('the companion is not running: the sign window says how to start it', async () => {
    await companion.stop();
    const signPage = await openClassSignWindow('5a', 'gvcn', 'error');
    const text = await errorText(signPage);
    expect(text).toContain('Không kết nối được chương trình ký trên máy này');
    expect(text).toContain('hocba doctor');
    await signPage.screenshot({ path: outputPath('sign-failures-5-no-companion.png'), fullPage: true });
    await signPage.close();
  });
});
