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
    const statusCell = col.status >= 0 ? cells[col.status] : undefined;
    const statusText = cellText(
      (layout.statusElement && statusCell?.querySelector(layout.statusElement)) || statusCell,
    );
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
  const next = sameOriginLink(root, baseUrl, layout.nextPage);
  return { table, rows, next };
}

/** This page's files and every later page's, following the next-page link. */
export async function readFiles(
  adapter: PortalAdapter,
  layout: FilesLayout,
  fetchPage: (url: string) => Promise<string> = fetchSameOrigin,
): Promise<FilesPortal | null> {
  const here = readFilesPage(document, location.href, layout, 1);
  if (!here || here.rows.length === 0) return null;
  // Opened on a later page: read from the first, so no earlier file is left out.
  let first: { rows: FileRow[]; next: string | null } = here;
  const firstUrl = sameOriginLink(document, location.href, layout.firstPage);
  const seen = new Set([location.href]);
  let truncated = false;
  if (firstUrl && firstUrl !== location.href) {
    seen.add(firstUrl);
    const read = await fetchPage(firstUrl)
      .then((html) => readFilesPage(new DOMParser().parseFromString(html, 'text/html'), firstUrl, layout, 1))
      .catch(() => null);
    if (read) first = read;
    else truncated = true;
  }
  const files = [...first.rows];
  let next = first.next;
  let pages = 1;
  let readLive = first === here;
  while (next) {
    if (pages >= MAX_FILE_PAGES || files.length >= MAX_FILES) {
      truncated = true;
      break;
    }
    let read: ReturnType<typeof readFilesPage> = null;
    if (next === location.href) {
      if (readLive) break;
      readLive = true;
      read = readFilesPage(document, location.href, layout, pages + 1);
    } else if (seen.has(next)) {
      break;
    } else {
      seen.add(next);
      const url = next;
      read = await fetchPage(url)
        .then((html) =>
          readFilesPage(new DOMParser().parseFromString(html, 'text/html'), url, layout, pages + 1),
        )
        .catch(() => null);
    }
    if (!read) {
      truncated = true;
      break;
    }
    pages++;
    files.push(...read.rows.slice(0, MAX_FILES - files.length));
    next = read.next;
  }
  const anchor = (here.table.closest('.table-responsive, .scroll') as HTMLElement | null) ?? here.table;
  return { adapter, layout, anchor, files, pages, truncated };
}

/** A link's URL on this portal (same origin), or null. */
function sameOriginLink(root: ParentNode, baseUrl: string, selector: string | undefined): string | null {
  if (!selector) return null;
  const link = root.querySelector<HTMLAnchorElement>(selector);
  const href = link?.getAttribute('href');
  if (!href || link?.matches('[aria-disabled="true"], .disabled')) return null;
  try {
    const url = new URL(href, baseUrl);
    return url.origin === new URL(baseUrl).origin ? url.href : null;
  } catch {
    return null;
  }
}

async function fetchSameOrigin(url: string): Promise<string> {
  const response = await fetch(url, { credentials: 'include' });
  if (!response.ok) throw new Error(String(response.status));
  if (Number(response.headers.get('content-length') ?? 0) > 5_000_000) throw new Error('page too large');
  const text = await response.text();
  // A page of a file list is small; a huge answer is not one.
  if (text.length > 5_000_000) throw new Error('page too large');
  return text;
}
