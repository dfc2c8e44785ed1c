/**
 * The sign window walked as a signer walks it: "Duyệt và ký…" on the portal page opens the
 * extension's window, which reads and judges every document before showing the PIN form;
 * the PIN is typed there and the batch runs to its result.
 */
import type { Browser, Page, Target } from 'puppeteer-core';
import { outputPath } from './browser.js';
import { DEMO_PIN } from './companion.js';
import { clickToolbar } from './toolbar.js';

const isSignWindow = (t: Target) => t.url().includes('/src/pages/sign/index.html');

/**
 * Clicks "Duyệt và ký…" and returns the new sign window once its PIN form is there. A
 * window that shows an error instead fails the test with its text; a window that never
 * gets there fails it after `timeout`. Both leave a screenshot named after `shot`.
 */
export async function openSignWindow(
  browser: Browser,
  page: Page,
  shot: string,
  timeout = 90_000,
): Promise<Page> {
  const before = new Set(browser.targets().filter(isSignWindow));
  const opened = browser.waitForTarget((t) => isSignWindow(t) && !before.has(t), { timeout: 60_000 });
  await clickToolbar(page, '[data-hocba-action="sign"]');
  const signPage = (await (await opened).page()) as Page;
  await signPage
    .waitForSelector('[data-hocba="sign-form"], [data-hocba="sign-error"]', { timeout })
    .catch(async (error: unknown) => {
      await signPage.screenshot({ path: outputPath(`${shot}-timeout.png`), fullPage: true });
      throw error;
    });
  const problem = await signPage.$('[data-hocba="sign-error"]');
  if (problem) {
    await signPage.screenshot({ path: outputPath(`${shot}-error.png`), fullPage: true });
    throw new Error(`sign window: ${await problem.evaluate((el) => el.textContent)}`);
  }
  return signPage;
}

/** Types the demo PIN into the window's PIN field, signs, and waits for the batch's result. */
export async function signWithPin(signPage: Page, timeout = 120_000): Promise<void> {
  await signPage.type('input[name=pin]', DEMO_PIN);
  await signPage.click('[data-hocba="sign-submit"]');
  await signPage.waitForSelector('[data-hocba="result"]', { timeout });
}
