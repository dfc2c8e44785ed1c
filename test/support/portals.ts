import type { Page } from 'puppeteer-core';

/** Logs into a demo portal as `user` (gvcn or hieutruong, password demo). */
export async function loginPortal(page: Page, baseUrl: string, user: 'gvcn' | 'hieutruong'): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.type('#user', user);
  await page.type('#password', 'demo');
  await Promise.all([page.waitForNavigation(), page.click('#dang-nhap')]);
}

/** Our toolbar lives in a shadow root: puppeteer's pierce/ selectors reach into it. */
export const hocba = (selector: string) => `pierce/${selector}`;
