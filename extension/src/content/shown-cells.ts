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
import { spendOnCheck } from './check-budget.js';
import { controlReasons } from './control-reasons.js';
import { coveredCell } from './covered-cells.js';
import { recased, spacingPiles } from './drawn-style.js';
import { MAX_NODES, type Misread, type MisreadReason } from './misread.js';
import { cellValue, type StudentRow, valueControls } from './read-table.js';
import { shadowRootOf } from './shadow-root.js';
import { shown, textShown, turnedFrom, turns } from './shown-ink.js';
import { textTricks } from './text-tricks.js';

export { MAX_CHECK_NODES, spendOnCheck } from './check-budget.js';
export type { Misread, MisreadReason } from './misread.js';
export { misreadFindings } from './misread-findings.js';

/** CSS content with a letter or a digit (an icon font's private glyph or a bullet is not text). */
function generatedText(el: Element): boolean {
  for (const pseudo of ['::before', '::after']) {
    const content = getComputedStyle(el, pseudo).content;
    if (content && content !== 'none' && content !== 'normal' && /[\p{L}\p{N}]/u.test(content)) return true;
  }
  return false;
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
  }
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
