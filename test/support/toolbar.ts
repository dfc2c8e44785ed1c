/**
 * Our toolbar and cell marks live in closed shadow roots: page script cannot reach them, and
 * neither can puppeteer's `pierce/` selectors. Tests reach them the way a browser's own
 * tooling does: through the accessibility tree in Chromium (CDP), through WebDriver BiDi's
 * node serialisation (which includes closed roots) in Firefox. Clicks on what they find are
 * real input events (trusted), like a person's.
 */
import type { ElementHandle, JSHandle, Page } from 'puppeteer-core';

type BidiHandle = ElementHandle & {
  remoteValue?: () => { value?: { shadowRoot?: unknown } };
  realm?: unknown;
};

async function closedRoot(page: Page, host: string, ariaFallback: string): Promise<ElementHandle<Node>> {
  const handle = (await page.waitForSelector(host, { timeout: 30_000 })) as BidiHandle | null;
  if (!handle) throw new Error(`no ${host} on the page`);
  const remote = handle.remoteValue?.();
  if (remote) {
    const shadowRoot = remote.value?.shadowRoot;
    if (!shadowRoot) throw new Error(`${host} has no shadow root`);
    const ctor = handle.constructor as unknown as {
      from(value: unknown, realm: unknown): ElementHandle<Node>;
    };
    return ctor.from(shadowRoot, handle.realm);
  }
  const inside = await page.waitForSelector(`aria/${ariaFallback}`, { timeout: 30_000 });
  if (!inside) throw new Error(`nothing named ${ariaFallback} in the accessibility tree`);
  return (await inside.evaluateHandle((el) => el.getRootNode())) as ElementHandle<Node>;
}

/** The toolbar's (closed) shadow root. */
export function toolbarRoot(page: Page): Promise<ElementHandle<Node>> {
  return closedRoot(page, '[data-hocba-host]', 'Học bạ số[role="region"]');
}

/** The marks overlay's (closed) shadow root (present after the first check). */
export function overlayRoot(page: Page): Promise<ElementHandle<Node>> {
  return closedRoot(page, '[data-hocba-overlay]', 'Học bạ số: ô được đánh dấu[role="group"]');
}

/** An element of the toolbar, once it is there. */
export async function inToolbar(
  page: Page,
  selector: string,
  timeout = 30_000,
): Promise<ElementHandle<Element>> {
  const deadline = Date.now() + timeout;
  const root = await toolbarRoot(page);
  for (;;) {
    const el = await root.$(selector);
    if (el) return el;
    if (Date.now() > deadline) throw new Error(`toolbar: no ${selector} after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A person's click on a toolbar element (a real, trusted input event). */
export async function clickToolbar(page: Page, selector: string): Promise<void> {
  await (await inToolbar(page, selector)).click();
}

/** The text of a toolbar element ('' when it is not there). */
export async function toolbarText(page: Page, selector: string): Promise<string> {
  const root = await toolbarRoot(page);
  const el = await root.$(selector);
  return el ? ((await el.evaluate((e) => e.textContent)) ?? '') : '';
}

export interface OverlayMark {
  kind: string;
  rules: string[];
  label: string;
  rect: { x: number; y: number; width: number; height: number };
}

/** The marks drawn over the portal's cells, with where each box is (viewport coordinates). */
export async function overlayMarks(page: Page): Promise<OverlayMark[]> {
  const root: JSHandle<Node> = await overlayRoot(page);
  // The overlay follows layout changes on the next frame: let two frames pass.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return root.evaluate((r) =>
    Array.from((r as ShadowRoot).querySelectorAll<HTMLElement>('.box')).map((box) => {
      const b = box.getBoundingClientRect();
      return {
        kind: box.dataset.kind ?? '',
        rules: (box.dataset.rules ?? '').split(' ').filter(Boolean),
        label: box.textContent ?? '',
        rect: { x: b.x, y: b.y, width: b.width, height: b.height },
      };
    }),
  );
}

/** What holds the keyboard inside the toolbar: a button's action (`check`, `sign`), else its text; null when nothing of it does. */
export async function focusedInToolbar(page: Page): Promise<string | null> {
  const root = await toolbarRoot(page);
  return root.evaluate((r) => {
    const active = (r as ShadowRoot).activeElement;
    return active ? (active.getAttribute('data-hocba-action') ?? active.textContent ?? '') : null;
  });
}
