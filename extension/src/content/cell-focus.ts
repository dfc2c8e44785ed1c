/**
 * "Go to the cell" from a finding in the toolbar: the cell scrolled into view and, when it
 * holds a value control (a score typed in an input), the keyboard put there to correct it.
 * Never a row's selection checkbox, which comes first in VnEdu/SMAS-style name cells and rows
 * ("☐ Nguyễn Văn An"): a Space meant for the value would tick the row. A cell of text keeps
 * the keyboard in the toolbar, on the finding, so the next one is a Tab away.
 */
import { valueControls } from './read-table.js';

export function goToCell(cell: HTMLElement): void {
  cell.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
  valueControls(cell)[0]?.focus();
}
