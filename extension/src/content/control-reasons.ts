/**
 * A cell's form control judged: whether it shows its value whole and alone (shown-cells.ts
 * judges the rest of the cell).
 */
import { MAX_NODES, type MisreadReason } from './misread.js';
import { drawnWhole, inkHidden, SLACK_PX, shown } from './shown-ink.js';

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

/**
 * Why a cell's form control may show something other than its value (the reader takes the
 * first control's value): another control beside it, a select whose value is not the label
 * shown, a password field, a box too small for the value, ink a person cannot read, or text
 * of the cell's own outside the control (drawn over or beside it).
 */
export function controlReasons(
  cell: HTMLElement,
  cellBox: DOMRect,
  controls: readonly (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[],
): MisreadReason[] {
  const control = controls[0] as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  if (controls.length > 1 || control.type === 'hidden' || !shown(control)) return ['HIDDEN_TEXT'];
  const reasons: MisreadReason[] = [];
  const value = control.value.trim();
  if (control instanceof HTMLSelectElement) {
    const label = control.selectedOptions[0]?.text.replace(/\s+/g, ' ').trim() ?? '';
    if (label !== value) reasons.push('CONTROL_HIDES_VALUE');
  } else if (control.type === 'password') reasons.push('CONTROL_HIDES_VALUE');
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
