/**
 * Row selection controls in real portals' grids (VnEdu/SMAS style): a checkbox or radio in a
 * column of its own, or in the pupil's name cell ("☐ Nguyễn Văn An"). They hold no value of
 * the cell: the reader takes the cell's text (or its one text control), never the checkbox's
 * "on". A hidden input stays a value control (read, and flagged by the page defence).
 * happy-dom's DOM: reading needs no layout.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { vneduSummary } from '../src/adapters/vnedu.js';
import { cellValue, readPortal, valueControls } from '../src/content/read-table.js';
import { domWindow } from './fuzz/portal-table.js';

const window = domWindow('http://127.0.0.1:8080/hoc-sinh/tong-ket');

function cell(html: string): Element {
  const td = window.document.createElement('td');
  td.innerHTML = html;
  return td as unknown as Element;
}

describe('a cell with a selection control', () => {
  it.each([
    ['<input type="checkbox"> Nguyễn Văn An', 'Nguyễn Văn An'],
    ['<input type="CHECKBOX" checked>Nguyễn Văn An', 'Nguyễn Văn An'],
    ['<label><input type="checkbox" value="HS01"> Nguyễn Văn An</label>', 'Nguyễn Văn An'],
    ['<input type="radio" name="chon" value="1"> Trần Thị Bình', 'Trần Thị Bình'],
    ['Lê Văn Cường <input type="button" value="Sửa">', 'Lê Văn Cường'],
    ['<input type="submit" value="Lưu"><input type="reset" value="Huỷ"><input type="image" alt="x"> 9', '9'],
    // One text control beside a checkbox: its value is the cell's.
    ['<input type="checkbox"><input name="diem" value="8">', '8'],
    ['<input type="checkbox"><select><option value="T" selected>T</option></select>', 'T'],
    // A hidden input is still read: the page defence flags it (HIDDEN_TEXT), as before.
    ['<input type="hidden" value="9"><span>10</span>', '9'],
  ])('%s reads %j', (html, value) => {
    expect(cellValue(cell(html))).toBe(value);
  });

  it('a checkbox or a button is no value control; text, number, hidden inputs, selects and text areas are', () => {
    const td = cell(
      '<input type="checkbox"><input type="radio"><input type="button"><input><input type="number"><input type="hidden"><select></select><textarea></textarea>',
    );
    expect(
      valueControls(td).map((c) => (c.localName === 'input' ? (c as HTMLInputElement).type : c.localName)),
    ).toEqual(['text', 'number', 'hidden', 'select', 'textarea']);
  });
});

describe('a VnEdu-style grid with a selection column and a checkbox in the name cell', () => {
  beforeEach(() => {
    const g = globalThis as Record<string, unknown>;
    g.document = window.document;
    g.HTMLSelectElement = window.HTMLSelectElement;
    g.HTMLInputElement = window.HTMLInputElement;
  });

  it('reads each pupil under the right name, the checkbox column left unread', () => {
    const row = (id: string, name: string) =>
      `<tr data-id="${id}"><td><input type="checkbox" name="chon" value="${id}"></td><td>1</td><td class="ten"><input type="checkbox" checked> ${name}</td><td title="Tốt"><input value="T"></td><td><input value="9"></td><td>H</td><td>8</td></tr>`;
    window.document.write(
      `<!doctype html><html><body><table><thead><tr><th rowspan="2"><input type="checkbox" title="Chọn tất cả"></th><th rowspan="2">STT</th><th rowspan="2">Họ và tên</th><th colspan="2">Toán</th><th colspan="2">Tiếng Việt</th></tr><tr><th>Mức đạt được</th><th>Điểm KTĐK</th><th>Mức đạt được</th><th>Điểm KTĐK</th></tr></thead><tbody>${row('HS01', 'Nguyễn Văn An')}${row('HS02', 'Trần Thị Bình')}</tbody></table></body></html>`,
    );
    const table = readPortal([vneduSummary]);
    expect(table?.rows.map((r) => r.name)).toEqual(['Nguyễn Văn An', 'Trần Thị Bình']);
    const first = table?.rows[0];
    expect(first?.year.subjects).toEqual([
      { code: 'toan', level: 'T', score: 9, comment: 'Tốt' },
      { code: 'tieng-viet', level: 'H', score: 8, comment: '' },
    ]);
    // The name cell is the one the defence judges (its text), not the selection column's.
    expect(first?.cells.get('name')?.className).toBe('ten');
  });
});
