import { approvalText } from '@hocba/shared/record';
import { ROLES, SIGNATURE_ROLES, type SignatureRole } from '@hocba/shared/roles';
import type { Finding } from '@hocba/shared/rules';
import { useState } from 'preact/hooks';
import { pick, t } from '../ui/i18n.js';
import type { RowCheck, TableCheck } from './check-table.js';

export interface PanelProps {
  adapterName: string;
  canSign: boolean;
  onCheck: () => TableCheck;
  onSign: (rows: RowCheck[], role: SignatureRole) => Promise<void>;
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

export function Panel(props: PanelProps) {
  const [result, setResult] = useState<TableCheck | null>(null);
  const [scope, setScope] = useState<'all' | 'complete'>('complete');
  const [role, setRole] = useState<SignatureRole>('principal');
  const [override, setOverride] = useState(false);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(true);

  const check = () => {
    const r = props.onCheck();
    setResult(r);
    setOpen(true);
    return r;
  };

  async function sign() {
    const r = check();
    const blocked = r.rows.filter((x) => x.status === 'errors');
    const chosen = scope === 'complete' ? r.rows.filter((x) => x.status !== 'errors') : r.rows;
    if (scope === 'all' && blocked.length > 0 && !override) return;
    setBusy(true);
    try {
      await props.onSign(chosen, role);
    } finally {
      setBusy(false);
    }
  }

  // Students with findings, and those whose teacher wrote why the rating is lower: the
  // reason is what the principal approves, so it is shown, not just used to clear a warning.
  const withProblems = result?.rows.filter((r) => r.findings.length > 0 || reasonOf(r)) ?? [];
  const approvals = result ? approvalsOf(result.rows) : [];
  const errors = result?.summary.withErrors ?? 0;
  const signCount = result
    ? scope === 'complete'
      ? result.summary.total - errors
      : result.summary.total
    : 0;
  return (
    <div class="panel">
      <div class="bar">
        <strong>{t('panel_title')}</strong>
        <span class="muted">{props.adapterName}</span>
        <button type="button" data-hocba-action="check" onClick={check}>
          {t('panel_check')}
        </button>
        {props.canSign ? (
          <>
            <select
              value={role}
              onChange={(e) => setRole(e.currentTarget.value as SignatureRole)}
              data-hocba="role"
            >
              {SIGNATURE_ROLES.map((r) => (
                <option key={r} value={r}>
                  {pick(ROLES[r].label)}
                </option>
              ))}
            </select>
            <select
              value={scope}
              onChange={(e) => setScope(e.currentTarget.value as 'all' | 'complete')}
              data-hocba="scope"
            >
              <option value="complete">{t('panel_scope_complete')}</option>
              <option value="all">{t('panel_scope_all')}</option>
            </select>
            <button
              type="button"
              data-hocba-action="sign"
              disabled={busy || (scope === 'all' && errors > 0 && !override && result !== null)}
              onClick={() => void sign()}
            >
              {t('panel_sign')}
            </button>
          </>
        ) : null}
        {result ? (
          <button type="button" class="link" onClick={() => setOpen(!open)}>
            {open ? t('panel_hide') : t('panel_show')}
          </button>
        ) : null}
      </div>
      {result && open ? (
        <div class="body">
          <p data-hocba="summary" class="summary">
            {t('panel_summary', [
              String(result.summary.total),
              String(result.summary.complete),
              String(result.summary.withErrors),
              String(result.summary.withWarningsOnly),
            ])}
          </p>
          {props.canSign ? (
            <p class="muted">
              {t('panel_sign_count', String(signCount))}
              {scope === 'all' && errors > 0 ? (
                <label class="override">
                  <input
                    type="checkbox"
                    checked={override}
                    onChange={(e) => setOverride(e.currentTarget.checked)}
                  />{' '}
                  {t('panel_override', String(errors))}
                </label>
              ) : null}
            </p>
          ) : null}
          {approvals.map(([text, count]) => (
            <p key={text} class="approval" data-hocba="approval">
              {t('panel_approval', [text, String(count)])}
            </p>
          ))}
          <ul class="students">
            {withProblems.map((r) => (
              <li key={r.row.studentId} data-status={r.status}>
                <strong>{r.row.name}</strong>
                {reasonOf(r) ? (
                  <p class="reason" data-hocba="rating-reason">
                    {t('panel_rating_reason', reasonOf(r))}
                  </p>
                ) : null}
                <ul>
                  {r.findings.map((f, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: findings of one run
                    <li key={i} class={f.severity}>
                      <button type="button" class="link" onClick={() => props.onFocus(r, f)}>
                        {pick(f.where)}
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
    </div>
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
.override { display: block; margin-top: 4px; color: #b42318; }
.status { margin: 0; padding: 8px 12px; border-top: 1px solid #d9dee5; }
`;
