/**
 * Page loads in the stories, each named as a step. When a wait runs out, the error says
 * which step it was, the address asked for, and where the tab really is (its address, load
 * state, title and the start of its text, read from the page itself: under WebDriver BiDi,
 * puppeteer's `page.url()` can lag behind the tab).
 */
import type { GoToOptions, HTTPResponse, Page } from 'puppeteer-core';

/** Long enough for a loopback page on a loaded 2-core machine; short enough to say why early. */
export const NAVIGATION_TIMEOUT_MS = 45_000;

/** Where the tab is and what it shows, in one line, for an error message. */
export async function describePage(page: Page): Promise<string> {
  const asked = page
    .evaluate(() => ({
      href: location.href,
      readyState: document.readyState,
      title: document.title,
      text: (document.body?.innerText ?? '').replace(/\s+/g, ' ').slice(0, 160),
    }))
    .then(
      (s) => `the tab shows ${s.href} (${s.readyState}), title "${s.title}", text "${s.text}"`,
      (error: unknown) => `the tab did not answer (${String(error).split('\n')[0]})`,
    );
  const late = new Promise<string>((resolve) =>
    setTimeout(() => resolve('the tab did not answer within 3 s'), 3_000).unref(),
  );
  return `${await Promise.race([asked, late])}; puppeteer's page.url() is ${page.url()}`;
}

/** Runs `action`; if it throws, the error names the step and what the tab shows. */
export async function step<T>(page: Page, name: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${name}: ${message}; ${await describePage(page)}`, { cause: error });
  }
}

/** page.goto as a named step (waits for the load event). */
export function openPage(
  page: Page,
  url: string,
  name = `open ${url}`,
  options: GoToOptions = {},
): Promise<HTTPResponse | null> {
  return step(page, name, () => page.goto(url, { timeout: NAVIGATION_TIMEOUT_MS, ...options }));
}

/**
 * A person's click on `selector` that loads another page (a form's submit button, a link),
 * as a named step: resolves once the page the click led to has loaded. The wait is set up
 * before the click, so a fast load cannot be missed.
 */
export async function clickAndLoad(page: Page, selector: string, name: string): Promise<void> {
  await step(page, name, async () => {
    await Promise.all([page.waitForNavigation({ timeout: NAVIGATION_TIMEOUT_MS }), page.click(selector)]);
  });
}
