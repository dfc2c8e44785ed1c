/**
 * "Go to the cell" from a finding puts the keyboard on the cell's value control, never on a
 * row's selection checkbox (VnEdu/SMAS-style "☐ Nguyễn Văn An", or a score cell whose row box
 * comes first): a Space meant for the value would tick the row. A cell of text leaves the
 * keyboard where it was (the finding in our toolbar). happy-dom's DOM.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { goToCell } from '../src/content/cell-focus.js';
import { domWindow } from './fuzz/portal-table.js';

const window = domWindow('http://127.0.0.1:8080/hoc-sinh/tong-ket');
const document = window.document;

function cell(html: string): HTMLElement {
  const td = document.createElement('td');
  td.innerHTML = html;
  document.querySelector('tr')?.append(td);
  return td as unknown as HTMLElement;
}

describe('going to a finding’s cell', () => {
  let finding: HTMLElement;
  beforeEach(() => {
    document.body.innerHTML = '<button id="finding">Toán</button><table><tbody><tr></tr></tbody></table>';
    finding = document.querySelector('#finding') as unknown as HTMLElement;
    finding.focus();
    expect(document.activeElement).toBe(finding);
  });

  it('a score cell with a selection checkbox first: the score input takes the keyboard', () => {
    const td = cell('<input type="checkbox" name="chon"><input name="HS01|toan|score" value="9">');
    goToCell(td);
    expect(document.activeElement).toBe(td.querySelector('input[name$="|score"]'));
  });

  it('a select holding the value takes the keyboard', () => {
    const td = cell('<input type="checkbox"><select name="muc"><option>T</option></select>');
    goToCell(td);
    expect(document.activeElement).toBe(td.querySelector('select'));
  });

  it('a name cell "☐ Nguyễn Văn An": the keyboard stays on the finding, the row is not ticked', () => {
    const td = cell('<input type="checkbox" name="chon-hs"> Nguyễn Văn An');
    goToCell(td);
    expect(document.activeElement).toBe(finding);
    expect((td.querySelector('input') as HTMLInputElement).checked).toBe(false);
  });
});
