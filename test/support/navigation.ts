/**
 * Page loads in the stories, each named as a step. When a wait runs out, the error says
 * which step it was, the address asked for, and where the tab really is (its address, load
 * state, title and the start of its text, read from the page itself: under WebDriver BiDi,
 * puppeteer's `page.url()` can lag behind the tab).
 *
 * Firefox ESR's content process sometimes dies in the middle of a load (a general protection
 * fault in libxul, logged by the kernel as `traps: Web Content[…] general protection fault`):
 * the tab shows about:tabcrashed, no load event ever comes, and `page.goto` used to wait out
 * its 30 s (session 6's CI failure in firefox-pairing). That is the browser's fault, not a
 * slow page: a crashed tab is named as such, and a plain page load is tried once more in the
 * same tab, said in the log. Nothing else is retried.
 */
import type { GoToOptions, HTTPResponse, Page } from 'puppeteer-core';

/** puppeteer's default: a loopback page loads in a few seconds even on a loaded 2-core machine. */
export const NAVIGATION_TIMEOUT_MS = 30_000;

/** A step that failed because the tab's content process crashed (Firefox: about:tabcrashed). */
export class TabCrashedError extends Error {
  override name = 'TabCrashedError';
}

/** Firefox draws about:tabcrashed in the parent process, where WebDriver BiDi runs no script. */
const CRASHED = /not supported for parent process browsing contexts/;

type TabState = { crashed: boolean; text: string };

/** Where the tab is and what it shows, in one line, for an error message. */
export async function describePage(page: Page): Promise<TabState> {
  const asked = page
    .evaluate(() => ({
      href: location.href,
      readyState: document.readyState,
      title: document.title,
      text: (document.body?.innerText ?? '').replace(/\s+/g, ' ').slice(0, 160),
    }))
    .then(
      (s): TabState => ({
        crashed: s.href.startsWith('about:tabcrashed'),
        text: `the tab shows ${s.href} (${s.readyState}), title "${s.title}", text "${s.text}"`,
      }),
      (error: unknown): TabState =>
        CRASHED.test(String(error))
          ? { crashed: true, text: "the tab crashed: the browser's content process died (about:tabcrashed)" }
          : { crashed: false, text: `the tab did not answer (${String(error).split('\n')[0]})` },
    );
  const late = new Promise<TabState>((resolve) =>
    setTimeout(() => resolve({ crashed: false, text: 'the tab did not answer within 3 s' }), 3_000).unref(),
  );
  const state = await Promise.race([asked, late]);
  return { ...state, text: `${state.text}; puppeteer's page.url() is ${page.url()}` };
}

/** Runs `action`; if it throws, the error names the step and what the tab shows. */
export async function step<T>(page: Page, name: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const tab = await describePage(page);
    const Failure = tab.crashed ? TabCrashedError : Error;
    throw new Failure(`${name}: ${message}; ${tab.text}`, { cause: error });
  }
}

/**
 * Runs `attempt`; if the tab's content process crashed during it, says so in the log and runs
 * it once more (the crashed tab loads again in a new process). Only for steps that are safe
 * to repeat from the start (a page load, a login).
 */
export async function onceMoreIfTabCrashed<T>(name: string, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof TabCrashedError)) throw error;
    console.warn(
      `[e2e] ${name}: the browser's tab crashed (not our page); trying once more. ${error.message}`,
    );
    return attempt();
  }
}

/** page.goto as a named step (waits for the load event). */
export function openPage(
  page: Page,
  url: string,
  name = `open ${url}`,
  options: GoToOptions = {},
): Promise<HTTPResponse | null> {
  return onceMoreIfTabCrashed(name, () =>
    step(page, name, () => page.goto(url, { timeout: NAVIGATION_TIMEOUT_MS, ...options })),
  );
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
