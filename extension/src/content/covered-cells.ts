/**
 * Elements of the page laid over a cell from outside it (red team, round five): a box placed
 * (absolute, fixed, relative, sticky, a transform, a z-index) elsewhere in the page, drawing
 * another grade or name on top of the real one. Hit-testing (elementsFromPoint) does not see
 * a box with `pointer-events: none`, so this is a geometric check: the page's placed boxes
 * are gathered once per check (bounded, charged to the check's budget), with where each
 * draws ink and what that ink shows (text, a control's value, a plain background; an image or
 * a shadow root: unknown), cut to the overflow boxes that clip it. A cell is covered when a
 * box's ink lies over its drawn text and what that box shows within the cell is anything but
 * the text read: a grid's frozen columns, a copy of the same cells drawn on top of them, are
 * not covers.
 *
 * Left out: our own toolbar and marks (by identity: defence-contract.ts `ownElements`), the
 * cell's own ancestors and subtree (judged by shown-cells.ts), boxes placed under the page
 * (negative z-index), ink too faint to read (drawn-style.ts FAINT_OPACITY), and fixed or
 * sticky boxes while the page or their scroll box is scrolled: a header the rows scrolled
 * under, not a cover.
 */
import { perCheck, spendOnCheck, whenCheckEnds } from './check-budget.js';
import { ownElements } from './defence-contract.js';
import { type Box, clipTo, FAINT_OPACITY, overlap } from './drawn-style.js';
import { cellValue } from './read-table.js';
import { shadowRootOf } from './shadow-root.js';

/** The page's elements looked at per check, at most (a class grid of 50 rows is some 5,000). */
export const MAX_PAGE_ELEMENTS = 20_000;
/** Elements (and shadow ones) walked inside one placed box for its ink. */
const MAX_LAYER_ELEMENTS = 200;

/** Ink drawn at `box`: the text it shows ('' a plain background or border; null unknown: an image, a shadow root, CSS content). */
interface Ink extends Box {
  shows: string | null;
  /** What draws it (one ink per node, however many placed boxes hold it). */
  from: Node;
}

interface Layer {
  element: Element;
  ink: Ink[];
}

/** The placed boxes of the page, for the check under way; null when the page is past the bound. */
let layers: Layer[] | null | undefined;

const IMAGES = new Set(['img', 'svg', 'canvas', 'video', 'iframe', 'object', 'embed', 'picture']);

const styleOf = (el: Element) => getComputedStyle(el);

const opacities = perCheck<number>();

/** `el`'s opacity times its ancestors' (what it is drawn with), remembered for the check. */
export function cumulativeOpacity(el: Element | null): number {
  if (!el) return 1;
  const memo = opacities();
  const known = memo.get(el);
  if (known !== undefined) return known;
  const own = Number.parseFloat(styleOf(el).opacity);
  const opacity = (Number.isNaN(own) ? 1 : own) * cumulativeOpacity(el.parentElement);
  memo.set(el, opacity);
  return opacity;
}

/** Whether `el` is placed out of the flow's painting order: above in-flow content, or moved. */
function placed(style: CSSStyleDeclaration): boolean {
  return (
    style.position !== 'static' ||
    style.transform !== 'none' ||
    (style.translate !== undefined && style.translate !== '' && style.translate !== 'none') ||
    style.zIndex !== 'auto'
  );
}

/** Drawn at all (a colour with alpha 0 is not). */
const painted = (color: string) => color !== 'transparent' && !/^rgba\(.*,\s*0(\.0+)?\)$/.test(color);

/** What `el` itself shows in its box: a control's value, '' (background, border), null (unknown), undefined (nothing). */
function ownInk(el: Element, style: CSSStyleDeclaration): string | null | undefined {
  if (IMAGES.has(el.localName) || shadowRootOf(el)) return null;
  for (const pseudo of ['::before', '::after']) {
    const content = getComputedStyle(el, pseudo).content;
    if (content && content !== 'none' && content !== 'normal') return null;
  }
  if (el.localName === 'select') return (el as HTMLSelectElement).selectedOptions[0]?.text ?? '';
  if (el.localName === 'input' || el.localName === 'textarea') {
    const control = el as HTMLInputElement;
    return ['checkbox', 'radio', 'hidden'].includes(control.type) ? '' : control.value;
  }
  if (el.localName === 'button' || painted(style.backgroundColor) || style.backgroundImage !== 'none')
    return '';
  for (const side of ['Top', 'Right', 'Bottom', 'Left'] as const) {
    const width = Number.parseFloat(style[`border${side}Width`]);
    if (width > 0 && style[`border${side}Style`] !== 'none' && painted(style[`border${side}Color`]))
      return '';
  }
  return undefined;
}

/** Drawn and not too faint to read: checkVisibility, and opacity over all ancestors. */
function readable(el: Element): boolean {
  if (
    typeof el.checkVisibility === 'function' &&
    !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true } as CheckVisibilityOptions)
  )
    return false;
  return cumulativeOpacity(el) >= FAINT_OPACITY;
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

/** Element children of `el` and of its shadow root (a placed box may draw there), in document order. */
function childrenOf(el: Element): Element[] {
  const shadow = shadowRootOf(el);
  return shadow ? [...Array.from(el.children), ...Array.from(shadow.children)] : Array.from(el.children);
}

const boxOf = (r: DOMRect) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });

/** Where the placed box `el` draws ink, and what: its own paint, its subtree's text, controls and images. */
function inkOf(el: Element, clips: readonly Box[]): Ink[] | null {
  const ink: Ink[] = [];
  const stack = [el];
  for (let n = 0; stack.length > 0 && n < MAX_LAYER_ELEMENTS; n++) {
    // Charged to the check: past its bound the page is not judged (pageLayers says so).
    if (!spendOnCheck(1)) return null;
    const at = stack.pop() as Element;
    if (ownElements().has(at)) continue;
    const style = styleOf(at);
    if (style.display === 'none') continue;
    // A hidden box may hold a shown child (visibility: visible): each is judged on its own.
    if (readable(at)) {
      const shows = ownInk(at, style);
      if (shows !== undefined) ink.push({ ...boxOf(at.getBoundingClientRect()), shows, from: at });
      for (const node of Array.from(at.childNodes)) {
        const text = node.nodeValue ?? '';
        if (node.nodeType !== Node.TEXT_NODE || !/\S/.test(text)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of Array.from(range.getClientRects()))
          if (r.width > 0 && r.height > 0) ink.push({ ...boxOf(r), shows: text, from: node });
      }
    }
    stack.push(...childrenOf(at).reverse());
  }
  return ink.flatMap((drawn) => {
    let cut: Box | null = drawn;
    for (const clip of clips) cut = cut && clipTo(cut, clip);
    return cut ? [{ ...cut, shows: drawn.shows, from: drawn.from }] : [];
  });
}

/** The page's placed boxes that draw readable ink; null when the page has more than a check looks at. */
function pageLayers(): Layer[] | null {
  if (layers !== undefined) return layers;
  whenCheckEnds(() => {
    layers = undefined;
  });
  const found: Layer[] = [];
  const stack: Element[] = [document.documentElement];
  for (let n = 0; stack.length > 0; n++) {
    if (n >= MAX_PAGE_ELEMENTS || !spendOnCheck(1)) {
      layers = null;
      return layers;
    }
    const el = stack.pop() as Element;
    if (ownElements().has(el)) continue;
    const style = styleOf(el);
    if (style.display === 'none') continue;
    const root = el === document.documentElement || el === document.body;
    if (!root && placed(style) && !(Number.parseInt(style.zIndex, 10) < 0)) {
      const sticks = style.position === 'fixed' || style.position === 'sticky';
      if (!(sticks && scrolledUnder(el, style.position))) {
        const ink = inkOf(el, clipsOf(el, style.position));
        if (!ink) {
          layers = null;
          return layers;
        }
        if (ink.length > 0) found.push({ element: el, ink });
      }
    }
    stack.push(...childrenOf(el).reverse());
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

const normalized = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Document order of two ink sources (text over a cell reads in that order). */
const inOrder = (a: Ink, b: Ink) =>
  a.from === b.from ? 0 : a.from.compareDocumentPosition(b.from) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;

/**
 * Whether another element of the page is laid over what `cell` draws (its text, or its value
 * control) showing anything but the value read; 'NOT_JUDGED' when the page is too large to
 * look at within the check's bound.
 */
export function coveredCell(cell: HTMLElement, control: Element | undefined): boolean | 'NOT_JUDGED' {
  const all = pageLayers();
  if (all === null) return 'NOT_JUDGED';
  const drawn = drawnBoxes(cell, control);
  const cellBox = boxOf(cell.getBoundingClientRect());
  // The layers over what the cell draws, and all they show within the cell's box (a copy's
  // text need not sit exactly where the cell's own is: a frozen column aligns it otherwise).
  const over = new Map<Node, Ink>();
  for (const layer of all) {
    if (layer.element.contains(cell) || cell.contains(layer.element)) continue;
    if (!layer.ink.some((ink) => drawn.some((box) => overlap(ink, box)))) continue;
    for (const ink of layer.ink) if (overlap(ink, cellBox)) over.set(ink.from, ink);
  }
  if (over.size === 0) return false;
  const inks = [...over.values()].sort(inOrder);
  if (inks.some((ink) => ink.shows === null)) return true;
  return normalized(inks.map((ink) => ink.shows).join('')) !== normalized(cellValue(cell));
}
