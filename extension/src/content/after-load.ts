/**
 * When the content script may start its work: after the portal page's own load event and an
 * idle moment, so reading the table, checking and drawing never delay the page.
 */

/** The longest the toolbar waits for an idle moment after the page's load event. */
const IDLE_TIMEOUT_MS = 500;
/**
 * The longest it waits for the load event once the page's DOM is parsed (DOMContentLoaded):
 * a page whose load never ends (a hung image, a streaming frame) still gets its toolbar.
 */
const LOAD_TIMEOUT_MS = 1_000;

/**
 * Resolves after the page's load event and then an idle moment (or IDLE_TIMEOUT_MS on a
 * busy page), or LOAD_TIMEOUT_MS after DOMContentLoaded when load does not come. Only the
 * browser's own events count: page script can fire an untrusted `load` or
 * `DOMContentLoaded` at any time, and would otherwise pull our work into its load.
 */
export function afterLoadAndIdle(): Promise<void> {
  return new Promise((resolve) => {
    let waiting = true;
    let fallback: ReturnType<typeof setTimeout> | undefined;
    const idle = () => {
      if (!waiting) return;
      waiting = false;
      window.removeEventListener('load', onLoad);
      document.removeEventListener('DOMContentLoaded', onParsed);
      clearTimeout(fallback);
      if (typeof window.requestIdleCallback === 'function') {
        window.requestIdleCallback(() => resolve(), { timeout: IDLE_TIMEOUT_MS });
      } else setTimeout(resolve, 0);
    };
    const onLoad = (event: Event) => {
      if (event.isTrusted) idle();
    };
    const startFallback = () => {
      fallback ??= setTimeout(idle, LOAD_TIMEOUT_MS);
    };
    const onParsed = (event: Event) => {
      if (event.isTrusted) startFallback();
    };
    if (document.readyState === 'complete') return idle();
    window.addEventListener('load', onLoad);
    // Started at document_start, the DOM is still being parsed: count from its end.
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', onParsed);
    else startFallback();
  });
}
