/**
 * Elements of the page laid over a cell from outside it (red team, round five): a box placed
 * (absolute, fixed, relative, sticky, a transform) elsewhere in the page, drawing another
 * grade or name on top of the real one. Hit-testing (elementsFromPoint) does not see a box
 * with `pointer-events: none`, so this is a geometric check: the page's placed boxes are
 * gathered once per check (bounded, charged to the check's budget), with where each draws
 * ink (its background, border or image, its text, its replaced elements, a shadow root), cut
 * to the overflow boxes that clip it; a cell is covered when such ink overlaps its drawn text.
 *
 * Left out: our own toolbar and marks (by identity: defence-contract.ts `ownElements`), the
 * cell's own ancestors and subtree (judged by shown-cells.ts), boxes placed under the page
 * (negative z-index), ink too faint to read (drawn-style.ts FAINT_OPACITY), and fixed or
 * sticky boxes while the page or their scroll box is scrolled: a header the rows scrolled
 * under, not a cover.
 */
import { spendOnCheck, whenCheckEnds } from './check-budget.js';
import { ownElements } from './defence-contract.js';
import { type Box, clipTo, FAINT_OPACITY, overlap } from './drawn-style.js';
import { shadowRootOf } from './shadow-root.js';

/** The page's elements looked at per check, at most (a class grid of 50 rows is some 5,000). */
export const MAX_PAGE_ELEMENTS = 20_000;
/** Elements (and shadow ones) walked inside one placed box for its ink. */
const MAX_LAYER_ELEMENTS = 200;

interface Layer {
  element: Element;
  /** Where it draws ink, in client coordinates, cut to what clips it. */
  ink: Box[];
}

/** The placed boxes of the page, for the check under way; null when the page is past the bound. */
let layers: Layer[] | null | undefined;

const REPLACED = new Set([
  'img',
  'svg',
  'canvas',
  'video',
  'iframe',
  'object',
  'embed',
  'input',
  'select',
  'textarea',
  'button',
  'picture',
]);

const styleOf = (el: Element) => getComputedStyle(el);

/** Whether `el` is placed out of the flow's painting order: above in-flow content, or moved. */
function placed(style: CSSStyleDeclaration): boolean {
  return (
    style.position !== 'static' ||
    style.transform !== 'none' ||
    (style.translate !== '' && style.translate !== 'none' && style.translate !== undefined) ||
    style.zIndex !== 'auto'
  );
}

/** The alpha of a computed colour (drawn-style.ts has the general one; here: drawn at all). */
const painted = (color: string) => color !== 'transparent' && !/^rgba\(.*,\s*0(\.0+)?\)$/.test(color);

/** Whether `el` itself puts ink in its box: background, image, border, a replaced element, shadow content, CSS text. */
function paintsItself(el: Element, style: CSSStyleDeclaration): boolean {
  if (REPLACED.has(el.localName) || shadowRootOf(el)) return true;
  if (painted(style.backgroundColor) || style.backgroundImage !== 'none') return true;
  for (const side of ['Top', 'Right', 'Bottom', 'Left'] as const) {
    const width = Number.parseFloat(style[`border${side}Width`]);
    if (width > 0 && style[`border${side}Style`] !== 'none' && painted(style[`border${side}Color`]))
      return true;
  }
  for (const pseudo of ['::before', '::after']) {
    const content = getComputedStyle(el, pseudo).content;
    if (content && content !== 'none' && content !== 'normal') return true;
  }
  return false;
}

const boxOf = (r: DOMRect): Box => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });

/** Drawn and not too faint to read: checkVisibility, and opacity over all ancestors. */
function readable(el: Element): boolean {
  if (
    typeof el.checkVisibility === 'function' &&
    !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true } as CheckVisibilityOptions)
  )
    return false;
  let opacity = 1;
  for (let at: Element | null = el, depth = 0; at && depth < 64; at = at.parentElement, depth++)
    opacity *= Number.parseFloat(styleOf(at).opacity) || 0;
  return opacity >= FAINT_OPACITY;
}

const SCROLLS = new Set(['auto', 'scroll', 'hidden', 'clip']);
const scrollsOrClips = (style: CSSStyleDeclaration) =>
  SCROLLS.has(style.overflowX) || SCROLLS.has(style.overflowY);

/** The padding box overflow clips to (client coordinates). */
function clipBoxOf(el: Element): Box {
  const r = el.getBoundingClientRect();
  const left = r.left + el.clientLeft;
  const top = r.top + el.clientTop;
  return { left, top, right: left + el.clientWidth, bottom: top + el.clientHeight };
}

/**
 * The boxes whose overflow clip `el`'s ink: every clipping ancestor for a box in the flow
 * (relative, sticky), those from its containing block up for an absolute one, none for a
 * fixed one (unless a transformed ancestor holds it).
 */
function clipsOf(el: Element, position: string): Box[] {
  const clips: Box[] = [];
  let held = position !== 'absolute' && position !== 'fixed';
  for (let at = el.parentElement, depth = 0; at && depth < 64; at = at.parentElement, depth++) {
    const style = styleOf(at);
    if (!held) {
      const holds =
        position === 'absolute'
          ? style.position !== 'static' || style.transform !== 'none'
          : style.transform !== 'none' || style.filter !== 'none' || style.perspective !== 'none';
      if (holds) held = true;
    }
    if (held && scrollsOrClips(style) && at !== document.documentElement && at !== document.body)
      clips.push(clipBoxOf(at));
  }
  return clips;
}

/** Whether the box a fixed or sticky element sticks to has been scrolled (it may be a header over rows scrolled under it). */
function scrolledUnder(el: Element, position: string): boolean {
  if (position === 'sticky')
    for (
      let at = el.parentElement;
      at && at !== document.body && at !== document.documentElement;
      at = at.parentElement
    )
      if (scrollsOrClips(styleOf(at))) return at.scrollTop !== 0 || at.scrollLeft !== 0;
  return scrollX !== 0 || scrollY !== 0;
}

/** Element children of `el`, and of its shadow root (a placed box may draw there). */
function childrenOf(el: Element): Element[] {
  const shadow = shadowRootOf(el);
  return shadow ? [...Array.from(el.children), ...Array.from(shadow.children)] : Array.from(el.children);
}

/** Where the placed box `el` draws ink: its own paint, its subtree's text, painted boxes and replaced elements. */
function inkOf(el: Element, clips: readonly Box[]): Box[] {
  const ink: Box[] = [];
  const stack = [el];
  for (let n = 0; stack.length > 0 && n < MAX_LAYER_ELEMENTS; n++) {
    const at = stack.pop() as Element;
    // Charged to the check: past its bound the walk stops here, and pageLayers says so.
    if (!spendOnCheck(1)) return ink;
    if (ownElements().has(at)) continue;
    const style = styleOf(at);
    if (style.display === 'none') continue;
    if (
      at === el ||
      at.checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true } as CheckVisibilityOptions) !==
        false
    ) {
      if (paintsItself(at, style)) ink.push(boxOf(at.getBoundingClientRect()));
      for (const node of Array.from(at.childNodes)) {
        if (node.nodeType !== Node.TEXT_NODE || !/\S/.test(node.nodeValue ?? '')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of Array.from(range.getClientRects()))
          if (r.width > 0 && r.height > 0) ink.push(boxOf(r));
      }
    }
    stack.push(...childrenOf(at));
  }
  return ink.flatMap((box) => {
    let cut: Box | null = box;
    for (const clip of clips) cut = cut && clipTo(cut, clip);
    return cut ? [cut] : [];
  });
}

/** The page's placed boxes that draw readable ink; null when the page has more elements than a check looks at. */
function pageLayers(): Layer[] | null {
  if (layers !== undefined) return layers;
  whenCheckEnds(() => {
    layers = undefined;
  });
  const found: Layer[] = [];
  const stack: Element[] = [document.documentElement];
  let n = 0;
  while (stack.length > 0) {
    if (++n > MAX_PAGE_ELEMENTS || !spendOnCheck(1)) {
      layers = null;
      return layers;
    }
    const el = stack.pop() as Element;
    if (ownElements().has(el)) continue;
    const style = styleOf(el);
    if (style.display === 'none') continue;
    if (
      el !== document.documentElement &&
      el !== document.body &&
      placed(style) &&
      !(Number.parseInt(style.zIndex, 10) < 0)
    ) {
      const sticks = style.position === 'fixed' || style.position === 'sticky';
      if (!(sticks && scrolledUnder(el, style.position)) && readable(el)) {
        const ink = inkOf(el, clipsOf(el, style.position));
        if (!spendOnCheck(0)) {
          layers = null;
          return layers;
        }
        if (ink.length > 0) found.push({ element: el, ink });
      }
    }
    stack.push(...childrenOf(el));
  }
  layers = found;
  return layers;
}

/** Where `cell` draws what was read from it: its text's boxes, or its value control's box. */
function drawnBoxes(cell: HTMLElement, control: Element | undefined): Box[] {
  if (control) return [boxOf(control.getBoundingClientRect())];
  const boxes: Box[] = [];
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let n = 0, node = walker.nextNode(); node && n < 400; n++, node = walker.nextNode()) {
    if (!/\S/.test(node.nodeValue ?? '')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of Array.from(range.getClientRects())) if (r.width > 0 && r.height > 0) boxes.push(boxOf(r));
  }
  return boxes;
}

/**
 * Whether another element of the page is laid over what `cell` draws (its text, or its value
 * control); 'NOT_JUDGED' when the page is too large to look at within the check's bound.
 */
export function coveredCell(cell: HTMLElement, control: Element | undefined): boolean | 'NOT_JUDGED' {
  const all = pageLayers();
  if (all === null) return 'NOT_JUDGED';
  const drawn = drawnBoxes(cell, control);
  return all.some(
    (layer) =>
      !layer.element.contains(cell) &&
      !cell.contains(layer.element) &&
      layer.ink.some((ink) => drawn.some((box) => overlap(ink, box))),
  );
}
