/**
 * Runs the Thông tư 27 checks on every row the adapter read and points each finding at the
 * portal's own cell. Only what the page shows is judged: rules about data the table does
 * not carry (completion, promotion, identity) are left to `hocba check` on full records.
 */
import type { HocBaRecord } from '@hocba/shared/record';
import { type Completeness, checkYear, completeness, type Finding } from '@hocba/shared/rules';
import { earlierYearFindings } from './earlier-years.js';
import type { StudentRow } from './read-table.js';

const NOT_IN_TABLES = new Set(['completion', 'promotion', 'history', 'schoolYear']);

export interface RowCheck {
  row: StudentRow;
  findings: Finding[];
  status: Completeness;
}

export interface TableCheck {
  rows: RowCheck[];
  summary: { total: number; complete: number; withErrors: number; withWarningsOnly: number };
}

export function cellFor(row: StudentRow, finding: Finding): HTMLElement {
  const t = finding.target;
  const key =
    t.kind === 'subject' || t.kind === 'quality' || t.kind === 'competence'
      ? `${t.kind}:${t.code}:${t.field}`
      : t.kind === 'year'
        ? t.field
        : 'name';
  return (
    row.cells.get(key) ??
    (t.kind !== 'identity' && t.kind !== 'record'
      ? row.cells.get(`${t.kind}:${'code' in t ? t.code : ''}:row`)
      : undefined) ??
    row.cells.get('name') ??
    row.element
  );
}

/** `recordOf` gives a row's whole record when loaded, for the checks across years. */
export function checkTable(
  rows: readonly StudentRow[],
  recordOf: (row: StudentRow) => HocBaRecord | undefined = () => undefined,
): TableCheck {
  const checked = rows.map((row) => {
    const findings = checkYear(row.year, 0).filter(
      (f) =>
        !(f.target.kind === 'year' && NOT_IN_TABLES.has(f.target.field)) &&
        !(f.target.kind === 'year' && f.target.field === 'awards' && !row.cells.has('awards')) &&
        // Portals show the language studied only in some tables: judge it only where shown.
        !(
          f.target.kind === 'subject' &&
          f.target.field === 'language' &&
          !row.cells.has(`subject:${f.target.code}:language`)
        ),
    );
    findings.push(...earlierYearFindings(row, recordOf(row)));
    return { row, findings, status: completeness(findings) };
  });
  return {
    rows: checked,
    summary: {
      total: checked.length,
      complete: checked.filter((r) => r.status === 'complete').length,
      withErrors: checked.filter((r) => r.status === 'errors').length,
      withWarningsOnly: checked.filter((r) => r.status === 'warnings').length,
    },
  };
}

const MARK_COLORS = { error: '#d93025', warning: '#e37400' } as const;

/** Marks the cells at fault in the portal's table (and clears earlier marks first). */
export function markCells(result: TableCheck, describe: (finding: Finding) => string): number {
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-hocba-finding]'))) {
    el.style.outline = el.dataset.hocbaOutline ?? '';
    el.style.backgroundColor = el.dataset.hocbaBackground ?? '';
    if (el.dataset.hocbaTitle !== undefined) el.title = el.dataset.hocbaTitle;
    el.removeAttribute('data-hocba-finding');
    el.removeAttribute('data-hocba-severity');
  }
  let marked = 0;
  for (const { row, findings } of result.rows) {
    for (const finding of findings) {
      const cell = cellFor(row, finding);
      if (!cell.hasAttribute('data-hocba-finding')) {
        cell.dataset.hocbaOutline = cell.style.outline;
        cell.dataset.hocbaBackground = cell.style.backgroundColor;
        cell.dataset.hocbaTitle = cell.title;
        cell.setAttribute('data-hocba-finding', finding.rule);
        marked++;
      } else {
        cell.setAttribute('data-hocba-finding', `${cell.getAttribute('data-hocba-finding')} ${finding.rule}`);
      }
      const severity = cell.getAttribute('data-hocba-severity') === 'error' ? 'error' : finding.severity;
      cell.setAttribute('data-hocba-severity', severity);
      cell.style.outline = `2px solid ${MARK_COLORS[severity]}`;
      cell.style.backgroundColor = severity === 'error' ? '#fdecea' : '#fff4d6';
      cell.title = [cell.dataset.hocbaTitle, describe(finding)].filter(Boolean).join('\n');
    }
  }
  return marked;
}
