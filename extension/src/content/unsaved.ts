/**
 * Edits on screen that the portal has not saved: an input whose value is not the value the
 * page was served with. Signing takes the record the portal saved, never the screen, so
 * such a cell is flagged "chưa lưu" and signing waits until the teacher saves or undoes it.
 */
import type { StudentRow } from './read-table.js';

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

/** The row's cells (the portal's `td` or the field itself) holding an unsaved edit. */
export function unsavedCells(row: StudentRow): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const field of Array.from(row.element.querySelectorAll<Field>('input, select, textarea'))) {
    if (field instanceof HTMLInputElement && ['hidden', 'button', 'submit'].includes(field.type)) continue;
    if (!edited(field)) continue;
    out.push((field.closest('td, th') as HTMLElement | null) ?? field);
  }
  return out;
}
