import type { Page } from 'puppeteer-core';
import { toolbarText } from './toolbar.js';

/** Logs into a demo portal as `user` (gvcn or hieutruong, password demo). */
export async function loginPortal(page: Page, baseUrl: string, user: 'gvcn' | 'hieutruong'): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.type('#user', user);
  await page.type('#password', 'demo');
  await Promise.all([page.waitForNavigation(), page.click('#dang-nhap')]);
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
