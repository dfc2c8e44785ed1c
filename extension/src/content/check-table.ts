/**
 * The teacher's check of the portal's table: every row the adapter read goes to the service
 * worker, which runs the Thông tư 27 checks (background/table-checks.ts); each finding comes
 * back pointed at the portal's own cell. Only what the page shows is judged: rules about
 * data the table does not carry (completion, promotion, identity) are left to `hocba check`
 * on full records.
 */
import { HocbaError } from '@hocba/shared/errors';
import type { Completeness, Finding } from '@hocba/shared/rules';
import {
  type EarlierRecord,
  encodeRows,
  type TableCheckAnswer,
  type TableCheckRow,
} from '../background/content-messages.js';
import type { PageDefence } from './defence-contract.js';
import { extensionApi } from './extension-api.js';
import { refusal } from './i18n.js';
import type { Mark } from './overlay.js';
import { shownOtherFindings } from './page-defence.js';
import type { StudentRow } from './read-table.js';

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

export function summarize(rows: readonly RowCheck[]): TableCheck['summary'] {
  return {
    total: rows.length,
    complete: rows.filter((r) => r.status === 'complete').length,
    withErrors: rows.filter((r) => r.status === 'errors').length,
    withWarningsOnly: rows.filter((r) => r.status === 'warnings').length,
  };
}

/**
 * Checks the rows in the service worker. `earlierOf` gives a row's whole record when it was
 * read (checked across years). Rejects with a typed error when the worker cannot answer.
 * Call it in the same synchronous step as the read (pageDefence() awaited before): the page
 * defence judges each row before the first await, so page script cannot change a cell
 * between our read and its judgement.
 */
export async function checkTable(
  rows: readonly StudentRow[],
  defence: PageDefence,
  earlierOf: (row: StudentRow) => EarlierRecord | undefined = () => undefined,
): Promise<TableCheck> {
  // What the page may show otherwise than we read: judged now, on the page as read.
  const misreads = rows.map((row) => shownOtherFindings(defence, row));
  const sent: TableCheckRow[] = rows.map((row) => ({
    year: row.year,
    cells: [...row.cells.keys()],
    student: { id: row.studentId, name: row.name },
    earlier: earlierOf(row) ?? null,
  }));
  const answer = (await extensionApi.runtime
    .sendMessage({ type: 'check.table', rows: encodeRows(sent) })
    .catch(() => null)) as TableCheckAnswer | null;
  if (answer && !answer.ok) throw new HocbaError(answer.code, { vi: answer.vi, en: answer.en });
  // Never a row shown "complete" that was not checked.
  if (!answer || !Array.isArray(answer.rows) || answer.rows.length !== rows.length) {
    throw refusal('CHECK_UNAVAILABLE', 'tables_check_unavailable');
  }
  const checked = rows.map((row, i): RowCheck => {
    const misread = misreads[i] ?? [];
    return {
      row,
      findings: [...misread, ...(answer.rows[i]?.findings ?? [])],
      status: misread.length > 0 ? 'errors' : (answer.rows[i]?.status ?? 'errors'),
    };
  });
  return { rows: checked, summary: summarize(checked) };
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
