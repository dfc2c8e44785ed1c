/**
 * Reads a table of files (FilesLayout): one row per PDF with its submitter, target (the
 * class) and status, across the portal's pages. Later pages are fetched like the portal's
 * own "next page" link would load them (same origin, the user's session) and parsed, never
 * run. Bounded: a book of 1,000 files or 50 pages at most.
 */
import type { FilesLayout, PortalAdapter } from '../adapters/types.js';
import { emptyYear, headerGrid, type StudentRow } from './read-table.js';

export const MAX_FILE_PAGES = 50;
export const MAX_FILES = 1_000;

export type FileStatus = 'signable' | 'signed' | 'refused' | 'other';

export interface FileRow extends StudentRow {
  status: FileStatus;
  /** The status as the portal writes it ("Chờ ký"). */
  statusText: string;
  submitter: string;
  /** Which page of the portal's list the row is on (1-based). */
  page: number;
}

export interface FilesPortal {
  adapter: PortalAdapter;
  layout: FilesLayout;
  anchor: HTMLElement;
  /** Every row of every page read, in the portal's order. */
  files: FileRow[];
  pages: number;
  /** The pages ended before the list did (a bound was reached, or a page failed). */
  truncated: boolean;
}

const normalize = (text: string | null | undefined) =>
  (text ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

function columnIndex(grid: string[][], header: string | undefined): number {
  if (!header) return -1;
  const want = normalize(header);
  return grid.findIndex((col) => col.some((label) => normalize(label) === want));
}

function statusOf(text: string, layout: FilesLayout): FileStatus {
  const s = normalize(text);
  const is = (list?: string[]) => (list ?? []).some((x) => normalize(x) === s);
  if (!layout.statuses) return 'signable';
  if (is(layout.statuses.signable)) return 'signable';
  if (is(layout.statuses.signed)) return 'signed';
  if (is(layout.statuses.refused)) return 'refused';
  return 'other';
}

/** Text of a cell without what scripts or hidden parts add (textContent of a parsed page). */
const cellText = (cell: Element | undefined) => (cell?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The rows of one page (the live document or a fetched one), and its next page's URL. */
export function readFilesPage(
  root: ParentNode,
  baseUrl: string,
  layout: FilesLayout,
  page: number,
): { table: HTMLTableElement; rows: FileRow[]; next: string | null } | null {
  const table = root.querySelector(layout.table) as HTMLTableElement | null;
  if (!table) return null;
  const grid = headerGrid(table);
  const col = {
    label: columnIndex(grid, layout.headers.label),
    submitter: columnIndex(grid, layout.headers.submitter),
    target: columnIndex(grid, layout.headers.target),
    status: columnIndex(grid, layout.headers.status),
  };
  // A named column the table does not have: not the table this adapter reads.
  if (Object.entries(layout.headers).some(([k, v]) => v && col[k as keyof typeof col] < 0)) return null;
  const rows: FileRow[] = [];
  for (const tr of Array.from(table.querySelectorAll<HTMLTableRowElement>(layout.row))) {
    if (tr.closest('thead')) continue;
    const link = tr.querySelector<HTMLAnchorElement>(layout.fileLink);
    const href = link?.getAttribute('href');
    if (!link || !href) continue;
    let url: URL;
    try {
      url = new URL(href, baseUrl);
    } catch {
      continue;
    }
    // Files come from the portal itself: a link elsewhere is not the portal's file.
    if (url.origin !== new URL(baseUrl).origin) continue;
    const cells = Array.from(tr.cells);
    const fileName = cellText(link) || decodeURIComponent(url.pathname.split('/').pop() ?? '');
    const label = col.label >= 0 ? cellText(cells[col.label]) : '';
    const name = label ? `${label} (${fileName})` : fileName;
    const id =
      (layout.fileIdAttribute && tr.getAttribute(layout.fileIdAttribute)) ||
      decodeURIComponent(url.pathname.split('/').pop() ?? '');
    const target = col.target >= 0 ? cellText(cells[col.target]) : '';
    const statusText = col.status >= 0 ? cellText(cells[col.status]) : '';
    const year = emptyYear(1, '', target.replace(/^lớp\s+/i, ''));
    rows.push({
      studentId: id,
      name,
      element: tr,
      year,
      cells: new Map(link instanceof HTMLElement ? [['name', link as HTMLElement]] : []),
      recordUrl: url.href,
      status: statusOf(statusText, layout),
      statusText,
      submitter: col.submitter >= 0 ? cellText(cells[col.submitter]) : '',
      page,
    });
  }
  const nextLink = layout.nextPage ? root.querySelector<HTMLAnchorElement>(layout.nextPage) : null;
  const nextHref = nextLink?.getAttribute('href');
  let next: string | null = null;
  if (nextHref && !nextLink?.matches('[aria-disabled="true"], .disabled')) {
    try {
      const u = new URL(nextHref, baseUrl);
      next = u.origin === new URL(baseUrl).origin ? u.href : null;
    } catch {
      next = null;
    }
  }
  return { table, rows, next };
}

/** This page's files and every later page's, following the next-page link. */
export async function readFiles(
  adapter: PortalAdapter,
  layout: FilesLayout,
  fetchPage: (url: string) => Promise<string> = fetchSameOrigin,
): Promise<FilesPortal | null> {
  const first = readFilesPage(document, location.href, layout, 1);
  if (!first || first.rows.length === 0) return null;
  const files = [...first.rows];
  const seen = new Set([location.href]);
  let next = first.next;
  let pages = 1;
  let truncated = false;
  while (next && !seen.has(next)) {
    if (pages >= MAX_FILE_PAGES || files.length >= MAX_FILES) {
      truncated = true;
      break;
    }
    seen.add(next);
    let html: string;
    try {
      html = await fetchPage(next);
    } catch {
      truncated = true;
      break;
    }
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const read = readFilesPage(doc, next, layout, pages + 1);
    if (!read) {
      truncated = true;
      break;
    }
    pages++;
    files.push(...read.rows.slice(0, MAX_FILES - files.length));
    next = read.next;
  }
  const anchor = (first.table.closest('.table-responsive, .scroll') as HTMLElement | null) ?? first.table;
  return { adapter, layout, anchor, files, pages, truncated };
}

async function fetchSameOrigin(url: string): Promise<string> {
  const response = await fetch(url, { credentials: 'include' });
  if (!response.ok) throw new Error(String(response.status));
  const text = await response.text();
  // A page of a file list is small; a huge answer is not one.
  if (text.length > 5_000_000) throw new Error('page too large');
  return text;
}
