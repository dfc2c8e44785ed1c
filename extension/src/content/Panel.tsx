import { approvalText } from '@hocba/shared/record';
import type { Finding } from '@hocba/shared/rules';
import { useEffect, useState } from 'preact/hooks';
import type { RowCheck, TableCheck } from './check-table.js';
import { placeOnPage } from './finding-place.js';
import { pick, t, tn } from './i18n.js';
import type { StudentRow } from './read-table.js';
import { DIRECTION_CONTROLS } from './text-tricks.js';

/** What one run of the check found: the findings, and the rows with edits not saved yet. */
export interface ToolbarCheck {
  table: TableCheck;
  unsaved: { row: StudentRow; cells: number }[];
}

export interface PanelProps {
  adapterName: string;
  canSign: boolean;
  /** A table of results to check; a book of files has none (its records are PDFs). */
  checkable: boolean;
  /** Runs the check (in the service worker); null when it could not (the status says why). */
  onCheck: () => Promise<ToolbarCheck | null>;
  /** Raised when the check must run again (earlier years arrived): shown if a check was shown. */
  recheckRequest?: number;
  /** Gathers the class and opens the sign window, where what is signed is decided. */
  onSign: (check: ToolbarCheck) => Promise<void>;
  onFocus: (check: RowCheck, finding: Finding) => void;
  status: string | null;
}

const reasonOf = (r: RowCheck): string => r.row.year.ratingReason?.trim() ?? '';

/** Delegated approvals on the page ("KT. HIỆU TRƯỞNG – PHÓ HIỆU TRƯỞNG …"), with how many students each. */
function approvalsOf(rows: readonly RowCheck[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const slot = r.row.year.signatures.principal;
    if (!slot.delegation) continue;
    const text = approvalText(slot);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts];
}

/**
 * Page text shown in our toolbar, capped: a portal may put anything in a cell, and the
 * direction controls a page put in one would reorder our own toolbar's line.
 */
export const capText = (text: string, max = 80) => {
  const plain = text.replace(DIRECTION_CONTROLS, '');
  return plain.length > max ? `${plain.slice(0, max)}…` : plain;
};

/**
 * Only a person's click counts: page script can fire synthetic events at anything it can
 * reach (and our root is closed, so it should reach nothing), but it cannot make them trusted.
 */
function trusted<E extends Event>(act: (event: E) => void) {
  return (event: E) => {
    if (!event.isTrusted) return;
    act(event);
  };
}

export function Panel(props: PanelProps) {
  const [result, setResult] = useState<ToolbarCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(true);

  const check = async () => {
    const r = await props.onCheck();
    if (r) {
      setResult(r);
      setOpen(true);
    }
    return r;
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on a new request only
  useEffect(() => {
    if (props.recheckRequest) void check();
  }, [props.recheckRequest]);

  async function sign() {
    setBusy(true);
    try {
      const r = await check();
      if (r) await props.onSign(r);
    } finally {
      setBusy(false);
    }
  }

  // Students with findings, and those whose teacher wrote why the rating is lower: the
  // reason is what the principal approves, so it is shown, not just used to clear a warning.
  const table = result?.table;
  const withProblems = table?.rows.filter((r) => r.findings.length > 0 || reasonOf(r)) ?? [];
  const approvals = table ? approvalsOf(table.rows) : [];
  const unsavedCells = result?.unsaved.reduce((n, u) => n + u.cells, 0) ?? 0;
  return (
    <section class="panel" aria-label="Học bạ số">
      <div class="bar">
        <strong>{t('panel_title')}</strong>
        <span class="muted">{props.adapterName}</span>
        {props.checkable ? (
          <button type="button" data-hocba-action="check" onClick={trusted(() => void check())}>
            {t('panel_check')}
          </button>
        ) : null}
        {props.canSign ? (
          <button type="button" data-hocba-action="sign" disabled={busy} onClick={trusted(() => void sign())}>
            {t('panel_sign')}
          </button>
        ) : null}
        {result ? (
          <button type="button" class="link" onClick={trusted(() => setOpen(!open))}>
            {open ? t('panel_hide') : t('panel_show')}
          </button>
        ) : null}
      </div>
      {table && result && open ? (
        <div class="body">
          {props.checkable ? (
            <p data-hocba="summary" class="summary">
              {tn('panel_summary', table.summary.total, [
                String(table.summary.total),
                String(table.summary.complete),
                String(table.summary.withErrors),
                String(table.summary.withWarningsOnly),
              ])}
            </p>
          ) : null}
          {result.unsaved.length > 0 ? (
            <div class="unsaved" data-hocba="unsaved">
              <p>
                <strong>
                  {tn('panel_unsaved', result.unsaved.length, [
                    String(unsavedCells),
                    String(result.unsaved.length),
                  ])}
                </strong>{' '}
                {t('panel_unsaved_hint')}
              </p>
              <ul>
                {result.unsaved.map((u) => (
                  <li key={u.row.studentId} data-hocba="unsaved-row">
                    {capText(u.row.name)} ({u.cells})
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {approvals.map(([text, count]) => (
            <p key={text} class="approval" data-hocba="approval">
              {tn('panel_approval', count, [capText(text), String(count)])}
            </p>
          ))}
          {props.canSign ? <p class="muted">{t('panel_sign_note')}</p> : null}
          <ul class="students">
            {withProblems.map((r) => (
              <li key={r.row.studentId} data-status={r.status}>
                <strong>{capText(r.row.name)}</strong>
                {reasonOf(r) ? (
                  <p class="reason" data-hocba="rating-reason">
                    {t('panel_rating_reason', capText(reasonOf(r), 200))}
                  </p>
                ) : null}
                <ul>
                  {r.findings.map((f, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: findings of one run
                    <li key={i} class={f.severity}>
                      <button type="button" class="link" onClick={trusted(() => props.onFocus(r, f))}>
                        {pick(placeOnPage(f.where, r.row.year))}
                      </button>
                      : {pick(f.message)}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.status ? (
        <p class="status" data-hocba="status">
          {props.status}
        </p>
      ) : null}
    </section>
  );
}

export const PANEL_CSS = `
:host { all: initial; display: block; margin: 8px 0; }
.panel { font: 13px/1.4 'Segoe UI', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif; color: #1d2733;
  border: 1px solid #0b5cab; border-radius: 8px; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.bar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; padding: 8px 10px; background: #eaf2fb; border-radius: 8px 8px 0 0; }
.muted { color: #5b6776; }
button { font: inherit; border: 1px solid #0b5cab; background: #0b5cab; color: #fff; border-radius: 6px; padding: 4px 12px; cursor: pointer; }
button:disabled { opacity: .5; cursor: default; }
button.link { background: none; border: 0; color: #0b5cab; padding: 0; text-decoration: underline; }
select { font: inherit; padding: 3px 6px; border-radius: 6px; border: 1px solid #c5ccd6; }
.body { padding: 8px 12px; max-height: 320px; overflow: auto; }
.summary { font-weight: 600; margin: 0 0 6px; }
.students { margin: 0; padding-left: 18px; }
.students li.error { color: #b42318; }
.students li.warning { color: #8a5a00; }
.approval { margin: 0 0 6px; color: #0b5cab; font-weight: 600; }
.reason { margin: 2px 0; color: #1d2733; font-style: italic; }
.unsaved { border: 1px dashed #6b21a8; border-radius: 6px; padding: 4px 8px; margin: 6px 0; color: #4a1772; background: #faf5ff; }
.unsaved p { margin: 0 0 4px; }
.unsaved ul { margin: 0; padding-left: 18px; }
.status { margin: 0; padding: 8px 12px; border-top: 1px solid #d9dee5; }
`;
