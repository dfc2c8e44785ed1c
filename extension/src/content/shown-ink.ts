/**
 * Whether a cell's ink reaches a person (DOM and computed styles): an element drawn at all,
 * text too small, transparent, faint or coloured like what is behind it, clipped away or
 * drawn outside its cell, a box turned or mirrored (drawn-style.ts has the pure tests).
 */
import { perCheck } from './check-budget.js';
import { cumulativeOpacity } from './covered-cells.js';
import {
  alphaOf,
  FAINT_ALPHA,
  FAINT_OPACITY,
  rotateTurns,
  scaleMirrors,
  transformTurns,
} from './drawn-style.js';

/** Text smaller than this (CSS px) is not something a person reads. */
const MIN_FONT_PX = 4;

const VISIBILITY_OPTIONS = {
  checkOpacity: true,
  checkVisibilityCSS: true,
  opacityProperty: true,
  visibilityProperty: true,
};

/** Drawn, with a box: not display:none, hidden, transparent or zero-sized. */
export function shown(el: Element): boolean {
  if (typeof el.checkVisibility === 'function') {
    if (!el.checkVisibility(VISIBILITY_OPTIONS as CheckVisibilityOptions)) return false;
  } else {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility !== 'visible' || Number(style.opacity) === 0)
      return false;
  }
  const box = el.getBoundingClientRect();
  return box.width >= 1 && box.height >= 1;
}

const transparent = (color: string) => /^rgba\(.*,\s*0(\.0+)?\)$/.test(color) || color === 'transparent';

/** [r, g, b, alpha] of a computed colour ('rgb(…)' or 'rgba(…)'); null for anything else. */
function rgba(color: string): number[] | null {
  const m = /^rgba?\(([^)]*)\)$/.exec(color.trim());
  const parts = m?.[1]
    ?.split(/[,\s/]+/)
    .filter(Boolean)
    .map(Number.parseFloat);
  if (!parts || parts.length < 3 || parts.some(Number.isNaN)) return null;
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
}

/** Text coloured like what is behind it (white on white): the nearest painted background, else the page's white. */
function inkLikePaper(el: Element, color: string): boolean {
  const ink = rgba(color);
  if (!ink) return false;
  let paper = [255, 255, 255, 1];
  for (let at: Element | null = el, depth = 0; at && depth < 32; at = at.parentElement, depth++) {
    const bg = rgba(getComputedStyle(at).backgroundColor);
    if (bg && (bg[3] ?? 0) > 0) {
      paper = bg;
      break;
    }
  }
  return [0, 1, 2].every((i) => Math.abs((ink[i] ?? 0) - (paper[i] ?? 0)) < 24);
}

/** Clipped away between the text and its cell (the "visually hidden" pattern: clip, clip-path). */
function clippedAway(el: Element, cell: Element): boolean {
  for (let at: Element | null = el; at; at = at.parentElement) {
    const style = getComputedStyle(at);
    if (style.clipPath !== 'none' || (style.clip && style.clip !== 'auto')) return true;
    if (at === cell) break;
  }
  return false;
}

/** Layout slack: sub-pixel rounding of boxes and glyph rects. */
export const SLACK_PX = 1;

const inside = (r: DOMRect, box: DOMRect) =>
  r.left >= box.left - SLACK_PX &&
  r.right <= box.right + SLACK_PX &&
  r.top >= box.top - SLACK_PX &&
  r.bottom <= box.bottom + SLACK_PX;

/** `el`'s padding box (what overflow clips to), in client coordinates. */
function clipBox(el: Element): DOMRect {
  const box = el.getBoundingClientRect();
  return new DOMRect(box.left + el.clientLeft, box.top + el.clientTop, el.clientWidth, el.clientHeight);
}

/**
 * Whether `rects` lie whole inside `cell` and inside every ancestor from `from` up to the
 * cell that clips its overflow: a part cut off ("910" in a box 1ch wide shows "9", an
 * ellipsis) is text read but not shown.
 */
export function drawnWhole(
  rects: readonly DOMRect[],
  from: Element,
  cell: Element,
  cellBox: DOMRect,
): boolean {
  if (!rects.every((r) => inside(r, cellBox))) return false;
  for (let at: Element | null = from; at; at = at.parentElement) {
    const style = getComputedStyle(at);
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
      const box = clipBox(at);
      if (!rects.every((r) => inside(r, box))) return false;
    }
    if (at === cell) break;
  }
  return true;
}

/** Whether `style` draws its box mirrored, turned, skewed or flipped (transform, rotate, scale). */
export const turns = (style: CSSStyleDeclaration) =>
  transformTurns(style.transform) ||
  rotateTurns(style.rotate ?? 'none') ||
  scaleMirrors(style.scale ?? 'none');

const turnedMemo = perCheck<boolean>();

/** Whether `el` or any ancestor is drawn turned: "01" mirrored reads "10". */
export function turnedFrom(el: Element | null): boolean {
  if (!el) return false;
  const memo = turnedMemo();
  const known = memo.get(el);
  if (known !== undefined) return known;
  const turned = turns(getComputedStyle(el)) || turnedFrom(el.parentElement);
  memo.set(el, turned);
  return turned;
}

/** Ink a person cannot read: tiny, transparent or too faint, coloured like its background, clipped away. */
export function inkHidden(el: Element, cell: Element): boolean {
  const style = getComputedStyle(el);
  if (Number.parseFloat(style.fontSize) < MIN_FONT_PX) return true;
  const fill = (style as CSSStyleDeclaration & { webkitTextFillColor?: string }).webkitTextFillColor;
  if (transparent(style.color) || (fill && transparent(fill))) return true;
  const ink = fill && !transparent(fill) && rgba(fill) ? fill : style.color;
  if (alphaOf(ink) < FAINT_ALPHA || cumulativeOpacity(el) < FAINT_OPACITY) return true;
  if (inkLikePaper(el, ink)) return true;
  return clippedAway(el, cell);
}

/**
 * Whether a text node a person can read: drawn, whole inside its cell's box and every
 * clipping box between, not tiny, not transparent, not clipped away, not coloured like its
 * background. 'CLIPPED_TEXT' when drawn but cut off.
 */
export function textShown(
  node: Text,
  cell: Element,
  cellBox: DOMRect,
): true | 'HIDDEN_TEXT' | 'CLIPPED_TEXT' {
  const parent = node.parentElement;
  if (!parent || !shown(parent) || inkHidden(parent, cell)) return 'HIDDEN_TEXT';
  const range = document.createRange();
  range.selectNodeContents(node);
  const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
  if (rects.length === 0) return 'HIDDEN_TEXT';
  // Drawn somewhere else (text-indent, a negative margin, absolute positioning) or cut off.
  if (
    !rects.some(
      (r) =>
        r.right > cellBox.left && r.left < cellBox.right && r.bottom > cellBox.top && r.top < cellBox.bottom,
    )
  )
    return 'HIDDEN_TEXT';
  return drawnWhole(rects, parent, cell, cellBox) ? true : 'CLIPPED_TEXT';
}
