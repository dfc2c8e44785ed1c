/** An element's shadow root, open or closed: what the page draws there is not in its DOM text. */
export function shadowRootOf(el: Element): ShadowRoot | null {
  // Only HTML elements take a shadow root; Chromium's API throws a TypeError on any other
  // (an SVG icon in a cell, a placed SVG anywhere on the page), which failed the whole check.
  if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') return null;
  // Closed roots too: Chromium's content-script API, Firefox's Xray property.
  const api = (
    globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?: (e: Element) => ShadowRoot | null } } }
  ).chrome?.dom;
  const viaApi = api?.openOrClosedShadowRoot?.(el);
  const viaXray = (el as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
  return viaApi ?? viaXray ?? el.shadowRoot;
}
