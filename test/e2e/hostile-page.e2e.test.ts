/**
 * A hostile portal page against the content script (red-team, session 6), in Debian Chromium:
 * the page's own script replaces the DOM and JSON built-ins of its world (querySelector,
 * textContent, input values, getAttribute, JSON.parse, Array.prototype.map/filter) and
 * posts fake extension messages, then a person clicks "Kiểm tra". The content script lives in
 * an isolated world: it reads the real table with its own built-ins, and the summary is the
 * one the unmodified page gets; nothing the page posts reaches the extension.
 */
import { describe, expect, it } from 'vitest';
import { outputPath } from '../support/browser.js';
import { withPortalsAndExtension } from '../support/portals-and-extension.js';
import { inToolbar, overlayMarks, toolbarText } from '../support/toolbar.js';

describe('hostile portal page: built-ins replaced in the page world', () => {
  const env = withPortalsAndExtension();

  it('the check reads the real table with its own built-ins; page messages reach nothing', async () => {
    const cls = env.portals.storeA.classById('4a');
    const withErrors = new Set((cls.defects as { recordId: string }[]).map((d) => d.recordId)).size;
    const page = await env.openAs(env.portals.urlA, 'gvcn', '/lop/4a');
    const button = await inToolbar(page, '[data-hocba-action="check"]');
    const box = await button.boundingBox();
    if (!box) throw new Error('no check button box');
    const signTargets = () => env.browser.targets().filter((t) => t.url().includes('/sign')).length;
    const before = signTargets();

    const active = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const saved: [object, string, PropertyDescriptor][] = [];
      const replace = (target: object, key: string, desc: PropertyDescriptor) => {
        saved.push([target, key, Object.getOwnPropertyDescriptor(target, key) as PropertyDescriptor]);
        Object.defineProperty(target, key, { configurable: true, ...desc });
      };
      const none = () => null;
      const empty = () => document.createDocumentFragment().childNodes;
      replace(Element.prototype, 'querySelector', { value: none });
      replace(Element.prototype, 'querySelectorAll', { value: empty });
      replace(Document.prototype, 'querySelector', { value: none });
      replace(Document.prototype, 'querySelectorAll', { value: empty });
      replace(Element.prototype, 'getAttribute', { value: () => 'FAKE' });
      replace(Node.prototype, 'textContent', { get: () => 'Giả Mạo', set: () => {} });
      replace(HTMLInputElement.prototype, 'value', { get: () => '10', set: () => {} });
      replace(HTMLElement.prototype, 'innerText', { get: () => 'Giả Mạo', set: () => {} });
      replace(JSON, 'parse', {
        value: () => {
          throw new Error('hostile');
        },
      });
      replace(Array.prototype, 'map', { value: () => [] });
      replace(Array.prototype, 'filter', { value: () => [] });
      w.__hostileRestore = () => {
        for (const [target, key, desc] of saved.reverse()) Object.defineProperty(target, key, desc);
      };
      // Messages an extension might listen for, to every window the page can name.
      for (let i = 0; i < 200; i++) {
        const fake = { type: 'sign.start', heldId: `x${i}`, documents: [], source: 'hocba' };
        window.postMessage(fake, '*');
        window.dispatchEvent(new CustomEvent('hocba', { detail: fake }));
        document.dispatchEvent(new MessageEvent('message', { data: fake }));
      }
      return document.querySelectorAll('td').length === 0 && document.title.length >= 0;
    });
    expect(active).toBe(true);
    // A person's click (trusted), while the page's built-ins are replaced.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // Give the check time to read the table while the built-ins stay replaced.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await page.evaluate(() => (window as unknown as { __hostileRestore: () => void }).__hostileRestore());

    await inToolbar(page, '[data-hocba="summary"]');
    expect(await toolbarText(page, '[data-hocba="summary"]')).toBe(
      `35 học sinh: ${35 - withErrors} đầy đủ, ${withErrors} có lỗi, 0 chỉ có cảnh báo.`,
    );
    const marks = (await overlayMarks(page)).filter((m) => m.kind === 'error' || m.kind === 'warning');
    expect(marks.length).toBeGreaterThanOrEqual(withErrors);
    expect(signTargets()).toBe(before);
    await page.screenshot({ path: outputPath('hostile-page-check.png') });
    await page.close();
  });
});
