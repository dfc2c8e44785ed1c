/**
 * The sign window walked as a signer walks it: "Duyệt và ký…" on the portal page opens the
 * extension's window, which reads and judges every document before showing the PIN form;
 * the PIN is typed there and the batch runs to its result.
 */
import type { Browser, Page, Target } from 'puppeteer-core';
import { outputPath } from './browser.js';
import { DEMO_PIN } from './companion.js';
import { clickToolbar } from './toolbar.js';

export const isSignWindow = (t: Target) => t.url().includes('/src/pages/sign/index.html');

export interface SignWindowOptions {
  /** How long the window may take to show its form (or error) once open. */
  timeout?: number;
  /** The window's size, set as soon as it opens (before it lays out its form). */
  viewport?: { width: number; height: number };
  /**
   * 'error': the story expects the window to say why it cannot sign (e.g. no companion):
   * the window is returned with its error, and a PIN form fails the test instead.
   */
  expect?: 'form' | 'error';
}

/**
 * Clicks "Duyệt và ký…" and returns the new sign window once its PIN form is there. A
 * window that shows an error instead fails the test with its text (unless `expect` is
 * 'error'); a window that never opens or never gets there fails it after the timeout. Each
 * failure leaves a screenshot named after `shot`.
 */
export async function openSignWindow(
  browser: Browser,
  page: Page,
  shot: string,
  options: SignWindowOptions | number = {},
): Promise<Page> {
  const {
    timeout = 90_000,
    viewport,
    expect = 'form',
  } = typeof options === 'number' ? { timeout: options } : options;
  const before = new Set(browser.targets().filter(isSignWindow));
  const opened = browser.waitForTarget((t) => isSignWindow(t) && !before.has(t), { timeout: 60_000 });
  await clickToolbar(page, '[data-hocba-action="sign"]');
  const target = await opened.catch(async (error: unknown) => {
    await page.screenshot({ path: outputPath(`${shot}-no-window.png`) });
    throw error;
  });
  const signPage = (await target.page()) as Page;
  if (viewport) await signPage.setViewport(viewport);
  await signPage
    .waitForSelector('[data-hocba="sign-form"], [data-hocba="sign-error"]', { timeout })
    .catch(async (error: unknown) => {
      await signPage.screenshot({ path: outputPath(`${shot}-timeout.png`), fullPage: true });
      throw error;
    });
  const problem = await signPage.$('[data-hocba="sign-error"]');
  if (problem && expect === 'form') {
    await signPage.screenshot({ path: outputPath(`${shot}-error.png`), fullPage: true });
    throw new Error(`sign window: ${await problem.evaluate((el) => el.textContent)}`);
  }
  if (!problem && expect === 'error') {
    await signPage.screenshot({ path: outputPath(`${shot}-no-error.png`), fullPage: true });
    throw new Error('sign window: a form where an error was expected');
  }
  return signPage;
}

/** Types `pin` into the window's PIN field and submits it (the batch then runs, or is refused). */
export async function submitPin(signPage: Page, pin: string = DEMO_PIN): Promise<void> {
  await signPage.type('input[name=pin]', pin);
  await signPage.click('[data-hocba="sign-submit"]');
}

/** Types the demo PIN into the window's PIN field, signs, and waits for the batch's result. */
export async function signWithPin(signPage: Page, timeout = 120_000): Promise<void> {
  await submitPin(signPage);
  await signPage.waitForSelector('[data-hocba="result"]', { timeout });
}
