/**
 * Reads a portal's results into one school year per student, remembering which DOM cell
 * each value came from, so a finding can be pointed at the exact cell.
 */
import {
  COMPETENCES,
  emptySchoolYear,
  parseApprovalText,
  QUALITIES,
  type QualityInfo,
  type SchoolYearRecord,
  SUBJECTS,
} from '@hocba/shared/record';
import type { BlocksLayout, ColumnsLayout, PortalAdapter } from '../adapters/types.js';

/** Cell keys: `subject:<code>:level|score|comment`, `quality:<code>:level|comment`, `competence:…`, `rating`. */
export type CellMap = Map<string, HTMLElement>;

export interface StudentRow {
  studentId: string;
  name: string;
  element: HTMLElement;
  year: SchoolYearRecord;
  cells: CellMap;
  /** Link to the student's whole record (PDF or JSON), when the portal has one. */
  recordUrl: string | null;
  /** Date of birth as the row shows it, when it has a column for it (page text). */
  dateOfBirth?: string;
}

export interface PortalTable {
  adapter: PortalAdapter;
  /** Where our toolbar goes (just before it). */
  anchor: HTMLElement;
  rows: StudentRow[];
}

const normalize = (text: string | null | undefined) =>
  (text ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

const subjectByLabel = new Map(SUBJECTS.map((s) => [normalize(s.label.vi), s.code]));
const qualityByLabel = new Map(QUALITIES.map((q) => [normalize(q.label.vi), q.code]));
const competenceByLabel = new Map(COMPETENCES.map((q) => [normalize(q.label.vi), q.code]));

/**
 * Inputs that hold no value of the cell: a row's selection checkbox or radio ("☐ Nguyễn Văn
 * An" in VnEdu/SMAS-style grids) and buttons. Their `value` is "on" or a caption, never a
 * grade or a name. Hidden inputs stay value controls: read, and flagged by the page defence.
 */
const NOT_VALUE_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'image']);

/** The form controls of `cell` that hold its value (selects, text areas, inputs but the ones above). */
export function valueControls(cell: Element): (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[] {
  return Array.from(cell.querySelectorAll<HTMLInputElement>('input, select, textarea')).filter(
    (control) => control.localName !== 'input' || !NOT_VALUE_INPUTS.has(control.type),
  );
}

/** A cell's value as read: its first value control's, else its text. */
export function cellValue(cell: Element | null | undefined): string {
  if (!cell) return '';
  const input = valueControls(cell)[0];
  return (input ? input.value : (cell.textContent ?? '')).trim();
}

function levelOf(text: string): string | null {
  return text === '' ? null : text.toUpperCase();
}

function scoreOf(text: string): number | null {
  if (text === '') return null;
  const n = Number(text.replace(',', '.'));
  return Number.isNaN(n) ? Number.NaN : n;
}

export function emptyYear(grade: number, schoolYear: string, className: string): SchoolYearRecord {
  return emptySchoolYear({ schoolYear, grade, className, homeroomTeacher: '' });
}

/** What a context selector shows: a select's chosen option, an input's value, else the text. */
function shownText(selector: string | undefined): string {
  if (!selector) return '';
  const el = document.querySelector(selector);
  if (el instanceof HTMLSelectElement) return (el.selectedOptions[0]?.textContent ?? '').trim();
  if (el instanceof HTMLInputElement) return el.value.trim();
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function context(adapter: PortalAdapter, subjects: string[]) {
  const el = adapter.context ? document.querySelector(adapter.context.element) : null;
  const attr = (name?: string) => (el && name ? (el.getAttribute(name) ?? '') : '');
  const text = adapter.contextText;
  let grade = Number(attr(adapter.context?.grade) || /\d+/.exec(shownText(text?.grade))?.[0]);
  if (!(grade >= 1 && grade <= 5)) {
    // No grade on the page: the subjects say it (history & geography from grade 4, IT from 3).
    grade = subjects.includes('lich-su-dia-li') ? 4 : subjects.includes('tin-hoc-cong-nghe') ? 3 : 1;
  }
  return {
    grade,
    schoolYear: attr(adapter.context?.schoolYear) || shownText(text?.schoolYear),
    className: attr(adapter.context?.className) || shownText(text?.className),
  };
}

function absoluteHref(root: Element, selector: string | undefined): string | null {
  if (!selector) return null;
  const link = root.querySelector(selector) as HTMLAnchorElement | null;
  return link?.href ?? null;
}

/**
 * Bounds of a header a portal can mean: browsers clamp colspan to 1000; no portal's head has
 * more rows, or a label longer, than these. Without them a hostile page's
 * `<th colspan=1000 rowspan=65534>` cells took minutes of CPU (the fuzzers' portal-table target).
 */
const MAX_HEADER_COLUMNS = 1000;
const MAX_HEADER_ROWS = 20;
const MAX_LABEL_CHARS = 500;

const spanOf = (n: number, max: number) => (Number.isFinite(n) && n >= 1 ? Math.min(Math.floor(n), max) : 1);

/** Header labels per column, with colspan and rowspan expanded: [top, sub] for each column. */
export function headerGrid(table: HTMLTableElement): string[][] {
  const headRows = Array.from(table.tHead?.rows ?? []).slice(0, MAX_HEADER_ROWS);
  const grid: string[][] = [];
  headRows.forEach((row, r) => {
    let c = 0;
    for (const cell of Array.from(row.cells)) {
      while (c < MAX_HEADER_COLUMNS && grid[c]?.[r] !== undefined) c++;
      if (c >= MAX_HEADER_COLUMNS) break;
      const text = cell.textContent ?? '';
      const label = text.length > MAX_LABEL_CHARS ? '' : text;
      // rowspan 0 spans the rest of the head, as browsers lay it out.
      const rows = cell.rowSpan === 0 ? headRows.length - r : spanOf(cell.rowSpan, headRows.length - r);
      const cols = spanOf(cell.colSpan, MAX_HEADER_COLUMNS - c);
      // A cell stops where an earlier cell's rowspan already holds the slot: each slot is written once.
      let dc = 0;
      for (; dc < cols && grid[c + dc]?.[r] === undefined; dc++) {
        grid[c + dc] ??= [];
        const col = grid[c + dc] as string[];
        for (let dr = 0; dr < rows; dr++) if (col[r + dr] === undefined) col[r + dr] = label;
      }
      c += dc;
    }
  });
  return grid.map((col) => Array.from(col, (t) => t ?? ''));
}

function findTableByHeaders(): HTMLTableElement | null {
  for (const table of Array.from(document.querySelectorAll('table'))) {
    const headers = Array.from(table.querySelectorAll('th')).map((th) => normalize(th.textContent));
    const subjects = headers.filter((h) => subjectByLabel.has(h)).length;
    if (headers.includes('họ và tên') && subjects >= 2) return table;
  }
  return null;
}

function readColumns(adapter: PortalAdapter, layout: ColumnsLayout): PortalTable | null {
  const table = (
    layout.table ? document.querySelector(layout.table) : findTableByHeaders()
  ) as HTMLTableElement | null;
  if (!table) return null;
  const grid = headerGrid(table);
  type Column =
    | { kind: 'subject'; code: string; field: 'level' | 'score' }
    | { kind: 'quality' | 'competence'; code: string }
    | { kind: 'name' | 'id' | 'dob' | 'rating' | 'awards' | 'ratingReason' | 'approval' };
  const columns: (Column | null)[] = grid.map(([top, sub]) => {
    const t = normalize(top);
    const s = normalize(sub);
    if (t === 'họ và tên') return { kind: 'name' };
    if (t === 'mã hs' || t === 'mã học sinh') return { kind: 'id' };
    if (t === 'ngày sinh') return { kind: 'dob' };
    if (t === 'đánh giá' || t === 'đánh giá kết quả giáo dục') return { kind: 'rating' };
    if (t === 'khen thưởng') return { kind: 'awards' };
    if (t === 'lý do đánh giá' || t === 'lý do') return { kind: 'ratingReason' };
    if (t === 'xác nhận của hiệu trưởng' || t === 'hiệu trưởng xác nhận') return { kind: 'approval' };
    const subject = subjectByLabel.get(t);
    if (subject && s === normalize(layout.levelHeader))
      return { kind: 'subject', code: subject, field: 'level' };
    if (subject && s === normalize(layout.scoreHeader))
      return { kind: 'subject', code: subject, field: 'score' };
    if (t === 'phẩm chất' && qualityByLabel.has(s))
      return { kind: 'quality', code: qualityByLabel.get(s) as string };
    if (t === 'năng lực' && competenceByLabel.has(s))
      return { kind: 'competence', code: competenceByLabel.get(s) as string };
    return null;
  });
  const subjectCodes = [...new Set(columns.flatMap((c) => (c?.kind === 'subject' ? [c.code] : [])))];
  if (subjectCodes.length < 2) return null;
  const ctx = context(adapter, subjectCodes);
  const rows: StudentRow[] = [];
  for (const tr of Array.from(table.querySelectorAll<HTMLTableRowElement>(layout.row))) {
    if (tr.closest('thead')) continue;
    const year = emptyYear(ctx.grade, ctx.schoolYear, ctx.className);
    const cells: CellMap = new Map();
    let name = '';
    let dateOfBirth = '';
    let studentId = layout.studentIdAttribute ? (tr.getAttribute(layout.studentIdAttribute) ?? '') : '';
    const subjects = new Map<string, SchoolYearRecord['subjects'][number]>();
    Array.from(tr.cells).forEach((td, i) => {
      const col = columns[i];
      if (!col) return;
      const value = cellValue(td);
      switch (col.kind) {
        case 'name':
          name = value;
          cells.set('name', td);
          break;
        case 'id':
          studentId ||= value;
          break;
        case 'dob':
          dateOfBirth = value;
          break;
        case 'rating':
          year.rating = value === '' ? null : value.toUpperCase();
          cells.set('rating', td);
          break;
        case 'ratingReason':
          year.ratingReason = value || null;
          cells.set('ratingReason', td);
          break;
        case 'approval': {
          // "KT. Hiệu trưởng – Phó hiệu trưởng Trần Thị Thu": a deputy approves for the principal.
          const { name: signer, delegation } = parseApprovalText(cellValue(td));
          year.signatures.principal = { ...year.signatures.principal, name: signer, delegation };
          cells.set('signatures.principal', td);
          break;
        }
        case 'awards':
          year.awards = value
            ? value
                .split(';')
                .map((a) => a.trim())
                .filter(Boolean)
            : [];
          cells.set('awards', td);
          break;
        case 'subject': {
          const s = subjects.get(col.code) ?? { code: col.code, level: null, score: null, comment: '' };
          subjects.set(col.code, s);
          if (col.field === 'level') {
            s.level = levelOf(value);
            s.comment = layout.commentAttribute ? (td.getAttribute(layout.commentAttribute) ?? '') : '';
            cells.set(`subject:${col.code}:level`, td);
            cells.set(`subject:${col.code}:comment`, td);
            cells.set(`subject:${col.code}:row`, td);
          } else {
            s.score = scoreOf(value);
            cells.set(`subject:${col.code}:score`, td);
          }
          break;
        }
        case 'quality':
        case 'competence': {
          const comment = layout.commentAttribute ? (td.getAttribute(layout.commentAttribute) ?? '') : '';
          const item = { code: col.code, level: levelOf(value), comment };
          (col.kind === 'quality' ? year.qualities : year.competences).push(item);
          cells.set(`${col.kind}:${col.code}:level`, td);
          cells.set(`${col.kind}:${col.code}:comment`, td);
          cells.set(`${col.kind}:${col.code}:row`, td);
          break;
        }
      }
    });
    // Only subjects with something in their cells count: empty column pairs are other grades'.
    year.subjects = [...subjects.values()];
    if (!name) continue;
    rows.push({
      studentId: studentId || name,
      name,
      element: tr,
      year,
      cells,
      recordUrl: absoluteHref(tr, adapter.record?.selector),
      ...(dateOfBirth ? { dateOfBirth } : {}),
    });
  }
  return rows.length > 0
    ? { adapter, anchor: (table.closest('.scroll') as HTMLElement | null) ?? table, rows }
    : null;
}

function itemCode(row: Element, attribute: string, table: readonly QualityInfo[]): string | null {
  const code = row.getAttribute(attribute);
  return code && table.some((q) => q.code === code) ? code : null;
}

function readBlocks(adapter: PortalAdapter, layout: BlocksLayout): PortalTable | null {
  const container = document.querySelector(layout.container) as HTMLElement | null;
  if (!container) return null;
  const blocks = Array.from(container.querySelectorAll<HTMLElement>(layout.block));
  if (blocks.length === 0) return null;
  const rows: StudentRow[] = [];
  for (const block of blocks) {
    const cells: CellMap = new Map();
    const subjects: SchoolYearRecord['subjects'] = [];
    for (const tr of Array.from(block.querySelectorAll<HTMLElement>(layout.subjectRow))) {
      const code =
        (layout.subjectCodeAttribute && tr.getAttribute(layout.subjectCodeAttribute)) ||
        subjectByLabel.get(normalize(tr.querySelector('td')?.textContent));
      if (!code) continue;
      const level = tr.querySelector<HTMLElement>(layout.cells.level);
      const score = tr.querySelector<HTMLElement>(layout.cells.score);
      const comment = tr.querySelector<HTMLElement>(layout.cells.comment);
      subjects.push({
        code,
        level: levelOf(cellValue(level)),
        score: scoreOf(cellValue(score)),
        comment: cellValue(comment),
      });
      if (level) cells.set(`subject:${code}:level`, level);
      if (score) cells.set(`subject:${code}:score`, score);
      if (comment) cells.set(`subject:${code}:comment`, comment);
      cells.set(`subject:${code}:row`, tr);
    }
    const ctx = context(
      adapter,
      subjects.map((s) => s.code),
    );
    const year = emptyYear(ctx.grade, ctx.schoolYear, ctx.className);
    year.subjects = subjects;
    for (const tr of Array.from(block.querySelectorAll<HTMLElement>(layout.qualityRow))) {
      const q = itemCode(tr, layout.qualityCodeAttribute, QUALITIES);
      const c = itemCode(tr, layout.qualityCodeAttribute, COMPETENCES);
      const kind = q ? 'quality' : c ? 'competence' : null;
      const code = q ?? c;
      if (!kind || !code) continue;
      const level = tr.querySelector<HTMLElement>(layout.qualityCells.level);
      const comment = tr.querySelector<HTMLElement>(layout.qualityCells.comment);
      (kind === 'quality' ? year.qualities : year.competences).push({
        code,
        level: levelOf(cellValue(level)),
        comment: cellValue(comment),
      });
      if (level) cells.set(`${kind}:${code}:level`, level);
      if (comment) cells.set(`${kind}:${code}:comment`, comment);
      cells.set(`${kind}:${code}:row`, tr);
    }
    const rating = block.querySelector<HTMLElement>(layout.rating);
    year.rating = rating && cellValue(rating) ? cellValue(rating).toUpperCase() : null;
    if (rating) cells.set('rating', rating);
    const nameEl = block.querySelector<HTMLElement>(layout.studentName);
    if (nameEl) cells.set('name', nameEl);
    rows.push({
      studentId: block.getAttribute(layout.studentIdAttribute) ?? '',
      name: cellValue(nameEl),
      element: block,
      year,
      cells,
      recordUrl: absoluteHref(block, adapter.record?.selector),
    });
  }
  return { adapter, anchor: container, rows };
}

/** The first adapter that finds its table of pupils on this page (tables of files: read-files.ts). */
export function readPortal(adapters: readonly PortalAdapter[]): PortalTable | null {
  for (const adapter of adapters) {
    const { layout } = adapter;
    const table =
      layout.kind === 'columns'
        ? readColumns(adapter, layout)
        : layout.kind === 'blocks'
          ? readBlocks(adapter, layout)
          : null;
    if (table) return table;
  }
  return null;
}
