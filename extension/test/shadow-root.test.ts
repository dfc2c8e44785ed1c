/**
 * Closed shadow roots through Chromium's content-script API (`chrome.dom.openOrClosedShadowRoot`),
 * which throws a TypeError for anything but an HTMLElement: an SVG icon in a cell, or a placed
 * SVG anywhere on the page, made the page defence throw and the whole check refuse
 * (DEFENCE_FAILED). SVG and MathML elements take no shadow root: they are not asked.
 * happy-dom's DOM, with the API as Chromium types it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shadowRootOf } from '../src/content/shadow-root.js';
import { domWindow } from './fuzz/portal-table.js';

const window = domWindow();
const document = window.document;
const g = globalThis as { chrome?: unknown };

describe('shadowRootOf with Chromium’s API', () => {
  let asked: string[];
  beforeEach(() => {
    asked = [];
    g.chrome = {
      dom: {
        openOrClosedShadowRoot(el: Element) {
          asked.push(el.localName);
          if (!(el instanceof window.HTMLElement))
            throw new TypeError('Error in invocation of dom.openOrClosedShadowRoot(HTMLElement element)');
          return (el as unknown as { shadowRoot: ShadowRoot | null }).shadowRoot;
        },
      },
    };
  });
  afterEach(() => {
    delete g.chrome;
  });

  it('an SVG icon and its shapes have none, and the API is not asked', () => {
    const td = document.createElement('td');
    td.innerHTML =
      'Nguyễn Văn An <svg width="12" height="12"><circle cx="6" cy="6" r="5"/><text>9</text></svg>';
    for (const el of Array.from(td.querySelectorAll('svg, circle, text')))
      expect(shadowRootOf(el as unknown as Element)).toBeNull();
    expect(asked).toEqual([]);
  });

  it('an HTML element’s open root is found through the API', () => {
    const span = document.createElement('span');
    const root = span.attachShadow({ mode: 'open' });
    expect(shadowRootOf(span as unknown as Element)).toBe(root);
    expect(asked).toEqual(['span']);
  });
});
