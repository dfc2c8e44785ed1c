/**
 * The `portal-table` fuzz target: the content script's table reader (content/read-table.ts)
 * with every built-in adapter and the generic one, on hostile portal pages, then the table
 * check the service worker runs on what it read (background/table-checks.ts).
 *
 * Pages are built from a seed: a class table in the shape of a portal (two header rows,
 * subjects over (Mức, Điểm), qualities, competences; or a block per pupil), then broken:
 * colspans and rowspans wrong, huge or not numbers; headers missing or doubled; tables nested
 * in cells and headers; cells with megabytes of text, inputs and selects; labels in NFD or with
 * invisible characters; thousands of rows. The DOM is happy-dom's (no browser in a worker).
 *
 * Contract: the reader never throws and answers null or rows whose cells are elements of the
 * page; the check answers every row, or refuses with a typed error only for what its bounds
 * refuse (too many rows, too much text); never CHECK_FAILED (the rules threw on a read row).
 */
import { COMPETENCES, QUALITIES, SUBJECTS } from '@hocba/shared/record';
import { Window } from 'happy-dom';
import { type Rand, rand, skewed } from '../../../shared/test/fuzz/random.js';
import { bilingual, FuzzFailure, type FuzzTarget, fail } from '../../../shared/test/fuzz/targets.js';
import { genericAdapter } from '../../src/adapters/generic.js';
import { BUILT_IN_ADAPTERS } from '../../src/adapters/order.js';
import type { PortalAdapter } from '../../src/adapters/types.js';
import { encodeRows, MAX_CHECK_CHARS, MAX_CHECK_ROWS } from '../../src/background/content-messages.js';
import { handleTableCheck } from '../../src/background/table-checks.js';
import { readPortal } from '../../src/content/read-table.js';

interface TableCorpus {
  window: Window;
  adapters: readonly PortalAdapter[];
  /** Pages run, pages the reader found a table of pupils on, rows read (so a pass is not vacuous). */
  stats: { pages: number; read: number; rows: number };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** Text a hostile or careless portal puts in a cell. */
function cellText(r: Rand): string {
  return r.pick<() => string>([
    () => r.pick(['T', 'H', 'C', 'Đ', 't', '', ' ', 'HTT', 'Hoàn thành']),
    () => String(r.pick([0, 5, 7.5, 10, 11, -1, 1e308, Number.NaN])),
    () => r.pick(['9,5', '8.25', '1e3', '0x10', 'Infinity', '—', '10/10']),
    () => 'Nguyễn Thị Hoa'.normalize(r.chance(0.5) ? 'NFD' : 'NFC'),
    () => `A\u200b\u202e${'\u0000'.repeat(r.int(3))}B`,
    // Now and then a cell of up to 2 MB (rare: a page has hundreds of cells).
    () => 'x'.repeat(r.chance(0.05) ? skewed(r, 2_000_000) : skewed(r, 2_000)),
    () => '<b>đậm</b> & <i>nghiêng</i>',
  ])();
}

function attr(name: string, value: string): string {
  return ` ${name}="${esc(value)}"`;
}

/** A span attribute as a portal might write it (or should not). */
function span(r: Rand, kind: 'colspan' | 'rowspan', normal: number): string {
  if (r.chance(0.85)) return normal === 1 ? '' : attr(kind, String(normal));
  return attr(
    kind,
    r.pick(['0', '-1', '1000', '65534', '65535', '99999999', '2.5', 'abc', '', ' 3 ', '1e9']),
  );
}

interface Column {
  top: string;
  subs: string[];
}

function columnsTable(r: Rand, depth = 0): string {
  const subjects = SUBJECTS.filter(() => r.chance(0.7));
  const cols: Column[] = [
    { top: 'Mã HS', subs: [''] },
    { top: 'Họ và tên', subs: [''] },
    ...(r.chance(0.5) ? [{ top: 'Ngày sinh', subs: [''] }] : []),
    ...subjects.map((s) => ({ top: s.label.vi, subs: r.chance(0.8) ? ['Mức', 'Điểm'] : ['Mức'] })),
    { top: 'Phẩm chất', subs: QUALITIES.filter(() => r.chance(0.8)).map((q) => q.label.vi) },
    { top: 'Năng lực', subs: COMPETENCES.filter(() => r.chance(0.8)).map((q) => q.label.vi) },
    { top: 'Đánh giá', subs: [''] },
    ...(r.chance(0.5) ? [{ top: 'Khen thưởng', subs: [''] }] : []),
    ...(r.chance(0.3) ? [{ top: 'Xác nhận của hiệu trưởng', subs: [''] }] : []),
  ];
  // Headers missing, doubled, relabelled, in NFD.
  for (let n = r.chance(0.5) ? skewed(r, 6) : 0; n > 0; n--) {
    const i = r.int(cols.length);
    const kind = r.int(4);
    if (kind === 0) cols.splice(i, 1);
    else if (kind === 1) cols.splice(i, 0, cols[i]!);
    else if (kind === 2 && cols[i]) cols[i] = { ...cols[i]!, top: cols[i]!.top.normalize('NFD') };
    else if (cols[i]) cols[i] = { ...cols[i]!, subs: [...cols[i]!.subs, cellText(r).slice(0, 50)] };
  }
  // Tables in cells and headers, a few levels deep (each small).
  const nested = () => (depth < 3 && r.chance(0.05) ? columnsTable(r, depth + 1) : '');
  const top = cols
    .map((c) =>
      c.subs.length === 1 && c.subs[0] === ''
        ? `<th${span(r, 'rowspan', 2)}${span(r, 'colspan', 1)}>${esc(c.top)}${nested()}</th>`
        : `<th${span(r, 'colspan', c.subs.length)}${span(r, 'rowspan', 1)}>${esc(c.top)}</th>`,
    )
    .join('');
  const sub = cols
    .flatMap((c) => (c.subs.length === 1 && c.subs[0] === '' ? [] : c.subs))
    .map((s) => `<th${span(r, 'colspan', 1)}${span(r, 'rowspan', 1)}>${esc(s)}</th>`)
    .join('');
  const width = cols.reduce((n, c) => n + c.subs.length, 0);
  const rows: string[] = [];
  const count = depth > 0 ? r.int(3) : r.chance(0.05) ? skewed(r, 1_200) : 1 + r.int(12);
  // Many rows, short cells: a page of tens of megabytes measures the DOM, not the reader.
  const text = (r: Rand) => (count > 50 ? cellText(r).slice(0, 40) : cellText(r));
  for (let k = 0; k < count; k++) {
    const cells: string[] = [];
    for (let i = 0; i < width + (r.chance(0.1) ? r.int(5) - 2 : 0); i++) {
      const inner = r.chance(0.05)
        ? `<input value="${esc(cellText(r).slice(0, 100))}">`
        : r.chance(0.03)
          ? `<select><option>${esc(cellText(r).slice(0, 20))}</option><option selected>T</option></select>`
          : r.chance(0.02)
            ? nested()
            : esc(text(r));
      cells.push(
        `<td${span(r, 'colspan', 1)}${span(r, 'rowspan', 1)}${r.chance(0.2) ? attr('title', cellText(r).slice(0, 300)) : ''}>${inner}</td>`,
      );
    }
    rows.push(
      `<tr${attr('data-ma-hs', r.chance(0.9) ? `HS${k}` : cellText(r).slice(0, 80))}>${cells.join('')}</tr>`,
    );
  }
  const head = r.chance(0.9)
    ? `<thead><tr>${top}</tr><tr>${sub}</tr></thead>`
    : `<tr>${top}</tr><tr>${sub}</tr>`;
  const id = r.chance(0.6) ? ' id="bang-tong-hop"' : '';
  return `<table${id}>${r.chance(0.05) ? '<caption>x</caption>' : ''}${head}<tbody>${rows.join('')}</tbody></table>`;
}

const anyText = (r: Rand) => cellText(r);

function blocksPage(r: Rand): string {
  const blocks: string[] = [];
  const count = 1 + (r.chance(0.05) ? skewed(r, 600) : r.int(6));
  const cellText = (r: Rand) => (count > 50 ? anyText(r).slice(0, 40) : anyText(r));
  for (let k = count; k > 0; k--) {
    const subjects = SUBJECTS.filter(() => r.chance(0.6))
      .map(
        (s) =>
          `<tr${r.chance(0.9) ? attr('data-mon', r.chance(0.9) ? s.code : cellText(r).slice(0, 30)) : ''}><td>${esc(s.label.vi)}</td><td class="muc">${esc(cellText(r))}</td><td class="diem">${esc(cellText(r))}</td><td class="nhan-xet">${esc(cellText(r))}</td></tr>`,
      )
      .join('');
    const items = [...QUALITIES, ...COMPETENCES]
      .filter(() => r.chance(0.6))
      .map(
        (q) =>
          `<tr${attr('data-muc-tieu', r.chance(0.9) ? q.code : '__proto__')}><td class="muc">${esc(cellText(r))}</td><td class="nhan-xet">${esc(cellText(r))}</td></tr>`,
      )
      .join('');
    blocks.push(
      `<section class="hoc-sinh"${attr('data-ma', `HS${k}`)}><h3 class="ten-hs">${esc(cellText(r))}</h3><table class="mon-hoc"><tbody>${subjects}</tbody></table><table class="pham-chat-nang-luc"><tbody>${items}</tbody></table><p class="danh-gia">${esc(cellText(r))}</p></section>`,
    );
  }
  return `<div id="ket-qua" class="cuoi-nam">${blocks.join('')}</div>`;
}

function page(r: Rand): string {
  const context = r.chance(0.8)
    ? `<main${attr('data-nam-hoc', r.pick(['2025-2026', '', '9999-0000', cellText(r).slice(0, 40)]))}${attr('data-khoi', r.pick(['1', '4', '5', '0', '-3', 'NaN', '99999999999']))}${attr('data-lop', r.pick(['4A', '', cellText(r).slice(0, 40)]))}>`
    : '<main>';
  const body = r.chance(0.75) ? columnsTable(r) : blocksPage(r);
  const extra = r.chance(0.2) ? columnsTable(r, 2) : '';
  return `<!doctype html><html><body><header><span>Cô Lan</span></header>${context}<div class="scroll">${body}</div>${extra}</main></body></html>`;
}

/**
 * A happy-dom window with what it lacks of the table model the reader uses: a table section's
 * `rows` (happy-dom 21 has `table.rows` and `row.cells`, not `tHead.rows`).
 */
export function domWindow(url = 'http://127.0.0.1:8080/lop/4A'): Window {
  const window = new Window({ url });
  const section = window.HTMLTableSectionElement.prototype as unknown as object;
  if (!('rows' in section))
    Object.defineProperty(section, 'rows', {
      get(this: Element) {
        return Array.from(this.children).filter((c) => c.tagName === 'TR');
      },
    });
  return window;
}

/** Points the reader's globals at this window (it reads `document` and tests element classes). */
function install(window: Window): void {
  const g = globalThis as Record<string, unknown>;
  g.document = window.document;
  g.HTMLSelectElement = window.HTMLSelectElement;
  g.HTMLInputElement = window.HTMLInputElement;
}

export const portalTableTarget: FuzzTarget<TableCorpus> = {
  name: 'portal-table',
  about: "the content script's table reader and the table check on hostile portal pages",
  async setup() {
    const window = domWindow();
    install(window);
    return {
      window,
      adapters: [...BUILT_IN_ADAPTERS, genericAdapter],
      stats: { pages: 0, read: 0, rows: 0 },
    };
  },
  input(_ctx, seed) {
    return new TextEncoder().encode(page(rand(seed)));
  },
  async run(ctx, input) {
    install(ctx.window);
    ctx.window.document.documentElement.innerHTML = '';
    ctx.window.document.write(new TextDecoder().decode(input));
    let table: ReturnType<typeof readPortal>;
    try {
      table = readPortal(ctx.adapters);
    } catch (e) {
      fail('readPortal threw', e);
    }
    ctx.stats.pages++;
    if (!table) return;
    ctx.stats.read++;
    ctx.stats.rows += table.rows.length;
    const doc = ctx.window.document;
    for (const row of table.rows) {
      if (typeof row.name !== 'string' || typeof row.studentId !== 'string')
        fail('a row without text name/id');
      for (const [key, cell] of row.cells)
        if (!cell || !doc.contains(cell as never)) fail(`cell ${key} is not an element of the page`);
    }
    const sent = table.rows.map((row) => ({
      year: row.year,
      cells: [...row.cells.keys()],
      student: { id: row.studentId, name: row.name },
      earlier: null,
    }));
    const rows = encodeRows(sent);
    let answer: ReturnType<typeof handleTableCheck>;
    try {
      answer = handleTableCheck({ type: 'check.table', rows });
    } catch (e) {
      fail('handleTableCheck threw', e);
    }
    if (answer.ok) {
      if (answer.rows.length !== sent.length) fail('the check did not answer every row');
      for (const r of answer.rows) for (const f of r.findings) bilingual(f.message, `finding ${f.rule}`);
      return;
    }
    bilingual({ vi: answer.vi, en: answer.en }, `check ${answer.code}`);
    const bounded = sent.length > MAX_CHECK_ROWS || rows.length > MAX_CHECK_CHARS;
    if (answer.code !== 'CHECK_BAD_REQUEST' || !bounded)
      throw new FuzzFailure(`the check refused what the reader read: ${answer.code}: ${answer.en}`);
  },
};

export const TARGETS = { 'portal-table': portalTableTarget };
