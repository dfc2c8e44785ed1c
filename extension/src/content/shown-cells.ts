/**
 * Whether a row shows a person what we read from it (red team, round four). The check reads
 * each cell's DOM text; a hostile or broken page can make that differ from what is drawn: a
 * row hidden (display:none, visibility, opacity 0, aria-hidden), a part of a cell hidden or
 * drawn outside it ("9<span hidden>10</span>" reads "910"), an input hidden behind the text
 * shown, text added by CSS (`::before { content: "10" }`), text clipped away or coloured
 * like its background or too faint, an order reversed by `unicode-bidi: bidi-override`, a
 * shadow root drawn instead of the cell's own text, a transform that mirrors or turns it,
 * spacing that piles its glyphs, `text-transform` showing another case (drawn-style.ts), an
 * element of the page laid over it (covered-cells.ts), and characters a person cannot see or
 * tell apart (text-tricks.ts). Each such cell is named, so the row is flagged and left out of
 * signing, never silently passed.
 *
 * Rows inside a <template> are never read (its content is not in the document), so they
 * need no test here. Text over a background image is not detected.
 */
import type { Bilingual } from '@hocba/shared/errors';
import { COMPETENCES, QUALITIES, SUBJECTS } from '@hocba/shared/record';
import type { Finding, FindingTarget } from '@hocba/shared/rules';
import { t } from '../ui/messages.js';
import { perCheck, spendOnCheck } from './check-budget.js';
import { coveredCell, cumulativeOpacity } from './covered-cells.js';
import { MISREAD_RULE } from './defence-contract.js';
import {
  capsRecase,
  contentDrawsText,
  featuresSwapGlyphs,
  reorderedRightToLeft,
  sideways,
  variantsSwapGlyphs,
} from './drawn-font.js';
import {
  alphaOf,
  FAINT_ALPHA,
  FAINT_OPACITY,
  overlap,
  recased,
  rotateTurns,
  scaleMirrors,
  spacingPiles,
  transformTurns,
} from './drawn-style.js';
import { digitsDrawnOtherwise } from './glyph-shapes.js';
import { cellValue, type StudentRow, valueControls } from './read-table.js';
import { shadowRootOf } from './shadow-root.js';
import { type TextTrick, textTricks } from './text-tricks.js';

export { MAX_CHECK_NODES, spendOnCheck } from './check-budget.js';

export type MisreadReason =
  | 'ROW_HIDDEN'
  | 'HIDDEN_TEXT'
  | 'GENERATED_TEXT'
  | 'REORDERED_TEXT'
  | 'SHADOW_CONTENT'
  | 'CLIPPED_TEXT'
  | 'CONTROL_HIDES_VALUE'
  | 'TURNED_TEXT'
  | 'PILED_TEXT'
  | 'RECASED_TEXT'
  | 'COVERED_TEXT'
  | 'CHANGED_SINCE_READ'
  | 'NOT_JUDGED'
  | 'SWAPPED_GLYPHS'
  | 'EMBEDDED_CONTENT'
  | TextTrick;

export interface Misread {
  /** The cell's key in `row.cells` ('name' for the row itself). */
  key: string;
  cell: HTMLElement;
  reason: MisreadReason;
}

/** Bounds: a cell of thousands of nodes is judged on its first ones, and flagged. */
const MAX_NODES = 400;
/** Text smaller than this (CSS px) is not something a person reads. */
const MIN_FONT_PX = 4;
/**
 * A text's drawn line box under this (CSS px) holds text under MIN_FONT_PX: a line is some
 * 1.15 to 1.5em tall (Firefox draws `zoom: 0.2` on 13 px text 4 px tall, Chromium less).
 */
const MIN_LINE_PX = MIN_FONT_PX * 1.2;

const VISIBILITY_OPTIONS = {
  checkOpacity: true,
  checkVisibilityCSS: true,
  opacityProperty: true,
  visibilityProperty: true,
};

/** Drawn, with a box: not display:none, hidden, transparent or zero-sized. */
function shown(el: Element): boolean {
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
    // Round six: a box whose content is skipped (`content-visibility: hidden`) draws none of it.
    if (style.contentVisibility === 'hidden') return true;
    if (at === cell) break;
  }
  return false;
}

/** Layout slack: sub-pixel rounding of boxes and glyph rects. */
const SLACK_PX = 1;

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
function drawnWhole(rects: readonly DOMRect[], from: Element, cell: Element, cellBox: DOMRect): boolean {
  if (!rects.every((r) => inside(r, cellBox))) return false;
  for (let at: Element | null = from; at; at = at.parentElement) {
    const style = getComputedStyle(at);
    // `contain: paint` (or strict, content) clips its content to the padding box as overflow does.
    if (
      style.overflowX !== 'visible' ||
      style.overflowY !== 'visible' ||
      /paint|strict|content/.test(style.contain)
    ) {
      const box = clipBox(at);
      if (!rects.every((r) => inside(r, box))) return false;
    }
    if (at === cell) break;
  }
  return true;
}

/** Whether `style` draws its box mirrored, turned, skewed or flipped (transform, rotate, scale). */
const turns = (style: CSSStyleDeclaration) =>
  transformTurns(style.transform) ||
  rotateTurns(style.rotate ?? 'none') ||
  scaleMirrors(style.scale ?? 'none');

const turnedMemo = perCheck<boolean>();

/** Whether `el` or any ancestor is drawn turned: "01" mirrored reads "10". */
function turnedFrom(el: Element | null): boolean {
  if (!el) return false;
  const memo = turnedMemo();
  const known = memo.get(el);
  if (known !== undefined) return known;
  const turned = turns(getComputedStyle(el)) || turnedFrom(el.parentElement);
  memo.set(el, turned);
  return turned;
}

/** Ink a person cannot read: tiny, transparent or too faint, coloured like its background, clipped away. */
function inkHidden(el: Element, cell: Element): boolean {
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
function textShown(node: Text, cell: Element, cellBox: DOMRect): true | 'HIDDEN_TEXT' | 'CLIPPED_TEXT' {
  const parent = node.parentElement;
  if (!parent || !shown(parent) || inkHidden(parent, cell)) return 'HIDDEN_TEXT';
  const range = document.createRange();
  range.selectNodeContents(node);
  const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
  if (rects.length === 0) return 'HIDDEN_TEXT';
  // Drawn tiny whatever its font size says (`zoom`, a transform's scale): not read by a person.
  if (rects.every((r) => r.height < MIN_LINE_PX)) return 'HIDDEN_TEXT';
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

/** A value longer than this may scroll in its box (a comment); a shorter one (a score, a level) must show whole. */
const SHORT_VALUE = 16;

let measurer: CanvasRenderingContext2D | null | undefined;

/** How wide `text` draws in `el`'s font (CSS px); 0 when the browser cannot measure. */
function textWidth(el: Element, text: string): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return 0;
  const s = getComputedStyle(el);
  measurer.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
  return measurer.measureText(text).width;
}

const spaced = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * Whether a select draws something else than its value: the chosen option's text or its
 * `label` (which a closed select draws instead of the text) differs from the value; a list
 * box (`multiple`, `size` over 1) shows several options at once; or it holds other content
 * than options (a customizable select's own button, drawn instead of the chosen option).
 */
function selectShowsOther(select: HTMLSelectElement, value: string): boolean {
  const option = select.selectedOptions[0];
  if (spaced(option?.text) !== value || spaced(option?.label) !== value) return true;
  if (select.multiple || select.size > 1) return true;
  return Array.from(select.children).some((child) => !['option', 'optgroup', 'hr'].includes(child.localName));
}

/**
 * Why a cell's form control may show something other than its value (the reader takes the
 * first control's value): another control beside it, a select whose value is not the label
 * shown, a password field, a box too small for the value, ink a person cannot read, or text
 * of the cell's own outside the control (drawn over or beside it).
 */
function controlReasons(
  cell: HTMLElement,
  cellBox: DOMRect,
  controls: readonly (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[],
): MisreadReason[] {
  const control = controls[0] as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  if (controls.length > 1 || control.type === 'hidden' || !shown(control)) return ['HIDDEN_TEXT'];
  const reasons: MisreadReason[] = [];
  const value = control.value.trim();
  if (control instanceof HTMLSelectElement) {
    if (selectShowsOther(control, value)) reasons.push('CONTROL_HIDES_VALUE');
  } else if (control.type === 'password') reasons.push('CONTROL_HIDES_VALUE');
  // Drawn tiny (`zoom`, a transform's scale) whatever its own size says.
  if (value !== '' && control.getBoundingClientRect().height < MIN_FONT_PX) reasons.push('HIDDEN_TEXT');
  if (value !== '' && inkHidden(control, cell)) reasons.push('CONTROL_HIDES_VALUE');
  if (!drawnWhole([control.getBoundingClientRect()], control.parentElement ?? cell, cell, cellBox))
    reasons.push('CLIPPED_TEXT');
  if (!(control instanceof HTMLSelectElement) && value !== '') {
    const style = getComputedStyle(control);
    const room =
      control.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
    const lineRoom = control.clientHeight;
    const needed = textWidth(control, value);
    const tooNarrow =
      value.length <= SHORT_VALUE
        ? needed > room + SLACK_PX || control.scrollWidth > control.clientWidth + SLACK_PX
        : room < textWidth(control, value.slice(0, 4));
    if (tooNarrow || lineRoom < Number.parseFloat(style.fontSize) * 0.8) reasons.push('CONTROL_HIDES_VALUE');
  }
  // The cell's own text outside the control: "10" drawn beside or over an input holding "9".
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let n = 0, node = walker.nextNode(); node && n < MAX_NODES; n++, node = walker.nextNode()) {
    if (/\S/.test(node.nodeValue ?? '') && !control.contains(node)) {
      reasons.push('HIDDEN_TEXT');
      break;
    }
  }
  return reasons;
}

/** CSS content with a letter or a digit (an icon font's private glyph or a bullet is not text). */
function generatedText(el: Element): boolean {
  const alt = el instanceof HTMLImageElement ? el.alt : '';
  // A broken image draws its alt text instead (Chromium: no pseudo-element says so).
  if (
    alt &&
    el instanceof HTMLImageElement &&
    el.naturalWidth === 0 &&
    contentDrawsText('-moz-alt-content', alt)
  )
    return true;
  for (const pseudo of ['::before', '::after'])
    if (contentDrawsText(getComputedStyle(el, pseudo).content, alt)) return true;
  return false;
}

/** Another document or a drawing surface: what it shows is no text of the cell's (the reader reads none of it). */
const EMBEDDED = new Set(['iframe', 'frame', 'object', 'embed', 'canvas', 'video', 'fencedframe']);
/** Pictures that may lie over a cell's text (an icon beside it is fine). */
const PICTURES = new Set(['img', 'svg', 'picture']);

/**
 * Whether `el` draws what the reader does not read as the cell's text: a frame (a same-origin
 * `srcdoc` showing "10" in a cell read empty), a canvas or video, or SVG text (`<text>`,
 * whose glyphs SVG places: `<tspan x>` can draw "19" as "91"). An SVG icon with a `<title>` is
 * no text drawn.
 */
function embedsContent(el: Element): boolean {
  if (EMBEDDED.has(el.localName)) return true;
  return (
    el.localName === 'svg' &&
    Array.from(el.querySelectorAll('text, foreignObject')).some((t) =>
      /[\p{L}\p{N}]/u.test(t.textContent ?? ''),
    )
  );
}

/** The client rects of the cell's drawn text (its first MAX_NODES text nodes), or its control's box. */
function inkRects(cell: Element, input: Element | undefined): DOMRect[] {
  if (input) return [input.getBoundingClientRect()];
  const rects: DOMRect[] = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let n = 0, node = walker.nextNode(); node && n < MAX_NODES; n++, node = walker.nextNode()) {
    if (!/\S/.test(node.nodeValue ?? '')) continue;
    range.selectNodeContents(node);
    rects.push(...Array.from(range.getClientRects()));
  }
  return rects;
}

/** Whether a picture inside the cell lies over its text or control (a canvas-like cover from within). */
function pictureOverText(cell: Element, elements: readonly Element[], input: Element | undefined): boolean {
  const ink = inkRects(cell, input);
  return elements.some((el) => {
    if (!PICTURES.has(el.localName) || !shown(el)) return false;
    const box = el.getBoundingClientRect();
    return ink.some((r) => overlap(r, box));
  });
}

/**
 * Font and writing styles of a box drawing `text` (drawn-font.ts), and those of its
 * `::first-letter` and `::first-line`, which style part of its text apart: hidden, faint,
 * recased, piled, another glyph.
 */
function drawnFontReasons(el: Element, style: CSSStyleDeclaration, text: string): MisreadReason[] {
  const reasons: MisreadReason[] = [];
  const fontOf = (s: CSSStyleDeclaration, part: string) => {
    if (
      featuresSwapGlyphs(s.fontFeatureSettings) ||
      variantsSwapGlyphs(s.fontVariantNumeric, s.fontVariantPosition, s.fontVariantAlternates)
    )
      reasons.push('SWAPPED_GLYPHS');
    if (capsRecase(part, s.fontVariantCaps)) reasons.push('RECASED_TEXT');
  };
  fontOf(style, text);
  const digits = digitsDrawnOtherwise(style, text);
  if (digits === 'NOT_JUDGED') reasons.push('NOT_JUDGED');
  else if (digits) reasons.push('SWAPPED_GLYPHS');
  if (sideways(style.writingMode)) reasons.push('TURNED_TEXT');
  if (reorderedRightToLeft(text, style.direction)) reasons.push('REORDERED_TEXT');
  // ::first-letter and ::first-line style block containers' text only (not an inline box, not a control).
  if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)
    return reasons;
  if (style.display.startsWith('inline') && style.display !== 'inline-block') return reasons;
  for (const pseudo of ['::first-letter', '::first-line']) {
    const s = getComputedStyle(el, pseudo);
    // Only what a rule of the pseudo-element sets: values it inherits from `el` are judged with
    // `el`'s text (a cell coloured like its paper whose spans draw in their own colour is fine).
    const set = (property: 'color' | 'backgroundColor' | 'fontSize' | 'textTransform') =>
      s[property] !== style[property];
    const part = pseudo === '::first-letter' ? (/[\p{L}\p{N}]/u.exec(text)?.[0] ?? '') : text;
    const ink = s.color;
    // A drop cap may paint its own background; else the text's paper is the element's.
    const own = rgba(s.backgroundColor);
    const inkRgb = rgba(ink);
    const likePaper =
      own && (own[3] ?? 0) > 0
        ? inkRgb !== null && [0, 1, 2].every((i) => Math.abs((inkRgb[i] ?? 0) - (own[i] ?? 0)) < 24)
        : inkLikePaper(el, ink);
    if (
      (set('fontSize') && Number.parseFloat(s.fontSize) < MIN_FONT_PX) ||
      ((set('color') || set('backgroundColor')) &&
        (transparent(ink) || alphaOf(ink) < FAINT_ALPHA || likePaper))
    )
      reasons.push('HIDDEN_TEXT');
    if (set('textTransform') && recased(part, s.textTransform)) reasons.push('RECASED_TEXT');
    if (
      (s.letterSpacing !== style.letterSpacing || s.wordSpacing !== style.wordSpacing) &&
      spacingPiles(s.letterSpacing, s.wordSpacing, Number.parseFloat(s.fontSize))
    )
      reasons.push('PILED_TEXT');
    if (s.fontFeatureSettings !== style.fontFeatureSettings || s.fontVariant !== style.fontVariant)
      fontOf(s, part);
  }
  return reasons;
}

/** Why `cell` may show something other than what is read from it (empty: it shows what we read). */
function cellReasons(cell: HTMLElement): MisreadReason[] {
  const reasons = new Set<MisreadReason>();
  if (!shown(cell)) return ['HIDDEN_TEXT'];
  const box = cell.getBoundingClientRect();
  // A row's selection checkbox or a button is no value control (read-table.ts): the cell's text is judged.
  const controls = valueControls(cell);
  const input = controls[0];
  const elements = [cell, ...Array.from(cell.querySelectorAll('*'))];
  if (elements.length > MAX_NODES) reasons.add('HIDDEN_TEXT');
  // The cell and every box above it: a mirror or a turn anywhere reads "01" as "10".
  if (turnedFrom(cell)) reasons.add('TURNED_TEXT');
  for (const el of elements.slice(0, MAX_NODES)) {
    const style = getComputedStyle(el);
    if (generatedText(el)) reasons.add('GENERATED_TEXT');
    if (style.unicodeBidi.includes('override')) reasons.add('REORDERED_TEXT');
    if (shadowRootOf(el)) reasons.add('SHADOW_CONTENT');
    // What draws no text of the cell (an icon turned to point elsewhere) reads the same.
    const drawsText = el === input || /\S/.test(el.textContent ?? '');
    if (drawsText && el !== cell && turns(style)) reasons.add('TURNED_TEXT');
    if (drawsText && spacingPiles(style.letterSpacing, style.wordSpacing, Number.parseFloat(style.fontSize)))
      reasons.add('PILED_TEXT');
    if (drawsText) {
      const text = el === input ? input.value : (el.textContent ?? '');
      for (const reason of drawnFontReasons(el, style, text)) reasons.add(reason);
    }
    if (embedsContent(el)) reasons.add('EMBEDDED_CONTENT');
  }
  if (elements.some((el) => PICTURES.has(el.localName)) && pictureOverText(cell, elements, input))
    reasons.add('COVERED_TEXT');
  if (input) {
    for (const reason of controlReasons(cell, box, controls)) reasons.add(reason);
    const shownValue =
      input instanceof HTMLSelectElement ? (input.selectedOptions[0]?.text ?? '') : input.value;
    if (recased(shownValue, getComputedStyle(input).textTransform)) reasons.add('RECASED_TEXT');
  } else {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let hidden = false;
    for (let n = 0, node = walker.nextNode(); node && n < MAX_NODES; n++, node = walker.nextNode()) {
      const value = node.nodeValue ?? '';
      if (!/\S/.test(value)) continue;
      const parent = node.parentElement;
      if (parent && recased(value, getComputedStyle(parent).textTransform)) reasons.add('RECASED_TEXT');
      if (hidden) continue;
      const seen = textShown(node as Text, cell, box);
      if (seen !== true) {
        reasons.add(seen);
        hidden = true;
      }
    }
  }
  const covered = coveredCell(cell, input);
  if (covered === true) reasons.add('COVERED_TEXT');
  else if (covered === 'NOT_JUDGED') reasons.add('NOT_JUDGED');
  const text = input ? input.value : (cell.textContent ?? '');
  for (const trick of textTricks(text)) reasons.add(trick);
  return [...reasons];
}

/** The nodes judging `row` walks: each cell's elements, at most MAX_NODES a cell. */
function rowCost(row: StudentRow): number {
  let nodes = 1;
  for (const cell of new Set(row.cells.values()))
    nodes += Math.min(cell.getElementsByTagName('*').length + 1, MAX_NODES);
  return nodes;
}

/** The cells of `row` that may show a person something other than what was read. */
export function misreadCells(row: StudentRow): Misread[] {
  // Past the check's bound the row is not judged, and so flagged: never passed unjudged.
  if (!spendOnCheck(rowCost(row)))
    return [{ key: 'name', cell: row.cells.get('name') ?? row.element, reason: 'NOT_JUDGED' }];
  const rowHidden = !shown(row.element) || row.element.closest('[aria-hidden="true"]') !== null;
  if (rowHidden) return [{ key: 'name', cell: row.cells.get('name') ?? row.element, reason: 'ROW_HIDDEN' }];
  const out: Misread[] = [];
  const seen = new Set<HTMLElement>();
  for (const [key, cell] of row.cells) {
    if (seen.has(cell)) continue;
    seen.add(cell);
    for (const reason of cellReasons(cell)) out.push({ key, cell, reason });
  }
  return out;
}

/** Each row's cell values as first judged: the check judges a row in the same step as it reads it. */
const readValues = new WeakMap<StudentRow, Map<string, string>>();

/**
 * The cells of `row` whose value differs from the one read (the sign step re-judges the rows
 * the teacher's check read: a page that changed a cell since would have it sign unseen text).
 */
export function changedCells(row: StudentRow): Misread[] {
  const now = new Map(Array.from(row.cells, ([key, cell]) => [key, cellValue(cell)]));
  const before = readValues.get(row);
  if (!before) {
    readValues.set(row, now);
    return [];
  }
  return Array.from(now)
    .filter(([key, value]) => before.get(key) !== value)
    .map(([key]) => ({ key, cell: row.cells.get(key) as HTMLElement, reason: 'CHANGED_SINCE_READ' }));
}

/** The `_locales` key saying why, per reason (the words stay out of the content script's bytes). */
const WHY: Record<MisreadReason, string> = {
  ROW_HIDDEN: 'misread_row_hidden',
  HIDDEN_TEXT: 'misread_hidden_text',
  GENERATED_TEXT: 'misread_generated_text',
  REORDERED_TEXT: 'misread_reordered_text',
  SHADOW_CONTENT: 'misread_shadow_content',
  CLIPPED_TEXT: 'misread_clipped_text',
  CONTROL_HIDES_VALUE: 'misread_control_hides_value',
  TURNED_TEXT: 'misread_turned_text',
  PILED_TEXT: 'misread_piled_text',
  RECASED_TEXT: 'misread_recased_text',
  COVERED_TEXT: 'misread_covered_text',
  SWAPPED_GLYPHS: 'misread_swapped_glyphs',
  EMBEDDED_CONTENT: 'misread_embedded_content',
  CHANGED_SINCE_READ: 'misread_changed_since_read',
  NOT_JUDGED: 'misread_not_judged',
  DIRECTION_CONTROLS: 'misread_direction_controls',
  INVISIBLE_CHARACTERS: 'misread_invisible_characters',
  LOOKALIKE_LETTERS: 'misread_lookalike_letters',
};

/** Where a cell key points, as a finding target (cellFor in check-table.ts maps it back). */
function targetOf(key: string, year: number): FindingTarget {
  const [kind, code, field] = key.split(':');
  if ((kind === 'subject' || kind === 'quality' || kind === 'competence') && code && field) {
    if (kind === 'subject')
      return { kind, year, code, field: field as 'level' | 'score' | 'comment' | 'row' };
    return { kind, year, code, field: field as 'level' | 'comment' | 'row' };
  }
  if (key === 'name') return { kind: 'identity', field: 'name' };
  return { kind: 'year', year, field: key };
}

/** Cells of the year that are not a subject, quality or competence: their `_locales` key. */
const YEAR_CELLS: Record<string, string> = {
  name: 'misread_cell_name',
  rating: 'misread_cell_rating',
  ratingReason: 'misread_cell_rating_reason',
  awards: 'misread_cell_awards',
  'signatures.principal': 'misread_cell_principal',
};

/** The same words in both slots: a finding is bilingual, the UI language chose them already. */
const said = (text: string): Bilingual => ({ vi: text, en: text });

/** The cell in words: its column ("Toán", "Họ và tên"), or "this row". */
function placeOf(key: string): Bilingual {
  const [kind, code] = key.split(':');
  const table =
    kind === 'subject'
      ? SUBJECTS
      : kind === 'quality'
        ? QUALITIES
        : kind === 'competence'
          ? COMPETENCES
          : null;
  const label = table?.find((item) => item.code === code)?.label;
  return label ?? said(t(YEAR_CELLS[key] ?? 'misread_this_row'));
}

/** One error finding per misread cell and reason: the row is flagged, and left out of signing. */
export function misreadFindings(row: StudentRow, misreads: readonly Misread[]): Finding[] {
  return misreads.map((m) => ({
    rule: MISREAD_RULE,
    severity: 'error',
    path: '',
    where: m.reason === 'ROW_HIDDEN' ? said(t('misread_this_row')) : placeOf(m.key),
    message: said(t('misread_message', t(WHY[m.reason]))),
    target: targetOf(m.key, row.year.grade),
  }));
}
