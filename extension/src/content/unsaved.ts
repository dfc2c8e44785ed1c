/**
 * Edits on screen that the portal has not saved: an input whose value is not the value the
 * page was served with. Signing takes the record the portal saved, never the screen, so
 * such a cell is flagged "chưa lưu" and signing waits until the teacher saves or undoes it.
 *
 * A row's selection checkbox or radio is no edit: a teacher or principal ticks rows before
 * approving (VnEdu/SMAS-style grids), in a column the reader does not read or in the pupil's
 * name cell ("☐ Nguyễn Văn An"). The same rule as the reader's (read-table.ts `valueControls`):
 * a tick holds no value of those cells. A tick in any other cell the reader takes a field
 * from ("☑ Hoàn thành" in a record column) is the record's, and an unsaved change of it counts.
 */
import { type StudentRow, valueControls } from './read-table.js';

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function edited(field: Field): boolean {
  if (field instanceof HTMLSelectElement) {
    return Array.from(field.options).some((o) => o.selected !== o.defaultSelected);
  }
  if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) {
    return field.checked !== field.defaultChecked;
  }
  return field.value !== field.defaultValue;
}

/** Whether `field`, a tick, sits in a cell the reader takes a field from, other than the name's. */
function inRecordCell(row: StudentRow, field: Field): boolean {
  const name = row.cells.get('name');
  return [...row.cells.values()].some((cell) => cell !== name && cell.contains(field));
}

/** The row's cells (the portal's `td` or the field itself) holding an unsaved edit. */
export function unsavedCells(row: StudentRow): HTMLElement[] {
  const values = new Set<Element>(valueControls(row.element));
  const out: HTMLElement[] = [];
  for (const field of Array.from(row.element.querySelectorAll<Field>('input, select, textarea'))) {
    const tick = field.type === 'checkbox' || field.type === 'radio';
    if (!values.has(field) && !(tick && inRecordCell(row, field))) continue;
    if (!edited(field)) continue;
    out.push((field.closest('td, th') as HTMLElement | null) ?? field);
  }
  return out;
}
