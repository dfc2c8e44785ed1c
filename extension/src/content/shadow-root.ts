/** An element's shadow root, open or closed: what the page draws there is not in its DOM text. */
export function shadowRootOf(el: Element): ShadowRoot | null {
  // Closed roots too: Chromium's content-script API, Firefox's Xray property.
  const api = (
    globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?: (e: Element) => ShadowRoot | null } } }
  ).chrome?.dom;
  const viaApi = api?.openOrClosedShadowRoot?.(el);
  const viaXray = (el as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
  return viaApi ?? viaXray ?? el.shadowRoot;
}
