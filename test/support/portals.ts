import type { Browser, Page, Viewport } from 'puppeteer-core';
import { clickAndLoad, onceMoreIfTabCrashed, openPage, step } from './navigation.js';
import { toolbarText } from './toolbar.js';

/**
 * Logs into a demo portal as `user` (gvcn or hieutruong, password demo). Logging in again
 * is harmless, so a login whose tab crashed (navigation.ts) is done once more.
 */
export function loginPortal(page: Page, baseUrl: string, user: 'gvcn' | 'hieutruong'): Promise<void> {
  return onceMoreIfTabCrashed(`login as ${user}`, async () => {
    await openPage(page, `${baseUrl}/login`, `login as ${user}: open the login page`);
    await step(page, `login as ${user}: type the name and password`, async () => {
      await page.type('#user', user);
      await page.type('#password', 'demo');
    });
    await clickAndLoad(page, '#dang-nhap', `login as ${user}: submit and load the portal's first page`);
  });
}

/** A new tab (1300×900 unless `viewport`) logged into the portal at `baseUrl` as `user`. */
export async function portalTab(
  browser: Browser,
  baseUrl: string,
  user: 'gvcn' | 'hieutruong',
  viewport: Viewport = { width: 1300, height: 900 },
): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  await loginPortal(page, baseUrl, user);
  return page;
}

/**
 * The toolbar's status line in the portal tab, once it reads `expected` (the upload of signed
 * files has finished), or whatever it reads after 90 s, for the assertion to show.
 */
export async function toolbarStatus(page: Page, expected: string): Promise<string> {
  const read = () => toolbarText(page, '[data-hocba="status"]');
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const text = await read();
    if (text === expected) return text;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return read();
}
