/**
 * "Chưa lưu" in VnEdu/SMAS-style grids: a teacher or principal ticks rows (a selection column,
 * or the box in the pupil's name cell) before approving. Those ticks are no unsaved edits:
 * they change nothing of a record (read-table.ts `valueControls`). A tick in a record column
 * ("☑ Hoàn thành" under "Khen thưởng") is the record's: changed and not saved, it counts, as a
 * typed score does. happy-dom's DOM: no layout needed.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { vneduSummary } from '../src/adapters/vnedu.js';
import { readPortal, type StudentRow } from '../src/content/read-table.js';
import { unsavedCells } from '../src/content/unsaved.js';
import { domWindow } from './fuzz/portal-table.js';

const window = domWindow('http://127.0.0.1:8080/hoc-sinh/tong-ket');

const row = (id: string, name: string) =>
  `<tr data-id="${id}"><td class="chon"><input type="checkbox" name="chon" value="${id}"></td><td>1</td><td class="ten"><input type="checkbox" name="chon-hs"> ${name}</td><td><input name="${id}|level" value="T"></td><td><input name="${id}|score" value="9"></td><td>H</td><td>8</td><td class="khen"><label><input type="checkbox" name="${id}|khen"> Hoàn thành</label></td></tr>`;

function grid(): StudentRow[] {
  window.document.documentElement.innerHTML = '';
  window.document.write(
    `<!doctype html><html><body><table><thead><tr><th rowspan="2"><input type="checkbox" title="Chọn tất cả"></th><th rowspan="2">STT</th><th rowspan="2">Họ và tên</th><th colspan="2">Toán</th><th colspan="2">Tiếng Việt</th><th rowspan="2">Khen thưởng</th></tr><tr><th>Mức đạt được</th><th>Điểm KTĐK</th><th>Mức đạt được</th><th>Điểm KTĐK</th></tr></thead><tbody>${row('HS01', 'Nguyễn Văn An')}${row('HS02', 'Trần Thị Bình')}</tbody></table></body></html>`,
  );
  const rows = readPortal([vneduSummary])?.rows ?? [];
  expect(rows.map((r) => r.name)).toEqual(['Nguyễn Văn An', 'Trần Thị Bình']);
  return rows;
}

const box = (r: StudentRow, selector: string) => r.element.querySelector(selector) as HTMLInputElement;

describe('unsaved edits in a grid with selection ticks', () => {
  beforeEach(() => {
    const g = globalThis as Record<string, unknown>;
    g.document = window.document;
    g.HTMLSelectElement = window.HTMLSelectElement;
    g.HTMLInputElement = window.HTMLInputElement;
  });

  it('rows ticked for approval (selection column, name cell) have no unsaved edit', () => {
    const rows = grid();
    for (const r of rows) {
      box(r, 'td.chon input').checked = true;
      box(r, 'td.ten input').checked = true;
    }
    expect(rows.map((r) => unsavedCells(r).length)).toEqual([0, 0]);
  });

  it('a tick changed in a record column is an unsaved edit of its cell; so is a typed score', () => {
    const [first, second] = grid() as [StudentRow, StudentRow];
    box(first, 'td.khen input').checked = true;
    box(second, 'input[name$="|score"]').value = '10';
    expect(unsavedCells(first).map((cell) => cell.className)).toEqual(['khen']);
    expect(unsavedCells(second)).toEqual([box(second, 'input[name$="|score"]').parentElement]);
    // Ticked back as served: nothing left to save.
    box(first, 'td.khen input').checked = false;
    expect(unsavedCells(first)).toEqual([]);
  });
});
