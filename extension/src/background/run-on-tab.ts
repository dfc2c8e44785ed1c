/**
 * The toolbar icon on a web page: run the reader once on that page (activeTab grants the
 * page's origin for this one click). A content script already there is asked to look again
 * and say what it found; otherwise the built content script is injected, told first that
 * the user asked (so it reports a page it does not recognise instead of staying silent).
 * Anywhere else (a new tab, the browser's own pages) the icon opens the verify page.
 */
import browser, { type Tabs } from 'webextension-polyfill';

export async function openVerifyPage(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL('src/pages/verify/index.html') });
}

export async function runOnTab(tab: Tabs.Tab | undefined): Promise<'activated' | 'injected' | 'verify-page'> {
  if (!tab?.id || !/^https?:/.test(tab.url ?? '')) {
    await openVerifyPage();
    return 'verify-page';
  }
  const answered = await browser.tabs
    .sendMessage(tab.id, { type: 'hocba.activate' })
    .then((a) => (a as { ok?: boolean } | undefined)?.ok === true)
    .catch(() => false);
  if (answered) return 'activated';
  try {
    await browser.scripting.executeScript({
      target: { tabId: tab.id },
      func: () => {
        (globalThis as { hocbaAskedByUser?: boolean }).hocbaAskedByUser = true;
      },
    });
    // The content script as one classic script (vite.config.ts): no web-accessible modules needed.
    await browser.scripting.executeScript({ target: { tabId: tab.id }, files: ['content-script.js'] });
    return 'injected';
  } catch {
    // A page the extension may not script (the store, another extension): the verify page.
    await openVerifyPage();
    return 'verify-page';
  }
}
