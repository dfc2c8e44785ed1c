/**
 * Runs the Thông tư 27 checks on every row the adapter read and points each finding at the
 * portal's own cell. Only what the page shows is judged: rules about data the table does
 * not carry (completion, promotion, identity) are left to `hocba check` on full records.
 */
import type { HocBaRecord } from '@hocba/shared/record';
import { type Completeness, checkYear, completeness, type Finding } from '@hocba/shared/rules';
import { earlierYearFindings } from './earlier-years.js';
import type { Mark } from './overlay.js';
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

/** One mark per cell at fault: the worst severity there, every rule that points at it. */
export function findingMarks(result: TableCheck): Mark[] {
  const byCell = new Map<HTMLElement, Mark & { rules: string[] }>();
  for (const { row, findings } of result.rows) {
    for (const finding of findings) {
      const cell = cellFor(row, finding);
      const mark = byCell.get(cell) ?? { cell, kind: finding.severity, rules: [] };
      if (finding.severity === 'error') mark.kind = 'error';
      mark.rules.push(finding.rule);
      byCell.set(cell, mark);
    }
  }
  return [...byCell.values()];
}
