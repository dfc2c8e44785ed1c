/**
 * When the content script may start its work: after the portal page's own load event and an
 * idle moment, so reading the table, checking and drawing never delay the page.
 *
 * Self-contained on purpose (no imports, its constants inside): the build also writes this
 * function's source into the manifest's content-script loader (vite.config.ts), which must
 * wait before it imports anything, because at document_start that import's fetch would be a
 * request the page's load event waits for.
 */

/**
 * Resolves after the page's load event and then an idle moment (500 ms at most on a busy
 * page), or 1 s after DOMContentLoaded when load does not come (a hung image, a streaming
 * frame). Only the browser's own events count: page script can fire an untrusted `load` or
 * `DOMContentLoaded` at any time, and would otherwise pull our work into its load.
 */
export function afterLoadAndIdle(): Promise<void> {
  const IDLE_TIMEOUT_MS = 500;
  const LOAD_TIMEOUT_MS = 1_000;
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
