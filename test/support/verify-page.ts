/**
 * The extension's verify page as a receiving school uses it: roots an IT admin added, files
 * dropped on it, and every card's details opened to be read.
 */
import type { Browser, Page } from 'puppeteer-core';
import { EXTENSION_ORIGIN, extensionWorker } from './browser.js';

export const VERIFY_PAGE = `${EXTENSION_ORIGIN}/src/pages/verify/index.html`;

/** Adds `pems` as trust anchors, where an IT admin adds a root the extension does not bundle. */
export async function addTrustAnchors(browser: Browser, pems: string[]): Promise<void> {
  const worker = await extensionWorker(browser);
  await worker.evaluate((anchors) => chrome.storage.local.set({ trustAnchors: anchors }), pems);
}

/** Drops `files` on the verify page and waits until every one has its card with a verdict. */
export async function dropFiles(page: Page, files: string[], timeout = 30_000): Promise<void> {
  const input = await page.waitForSelector('input[data-hocba="file-input"]');
  await input?.uploadFile(...files);
  await page.waitForFunction(
    (n) => document.querySelectorAll('article.file:not([data-state="verifying"])').length === n,
    { timeout },
    files.length,
  );
}

/** Opens every card's details (they start closed: the summary first). */
export async function openAllDetails(page: Page): Promise<void> {
  await page.$$eval('details[data-hocba="details"]', (els) => {
    for (const el of els) (el as HTMLDetailsElement).open = true;
  });
}
