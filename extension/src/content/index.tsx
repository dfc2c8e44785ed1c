/**
 * The content script on portal pages: finds the results table through an adapter, adds our
 * toolbar in a shadow root just above it (the portal's CSS cannot reach it, ours cannot
 * reach the portal), runs the checks, marks cells, and starts signing through the service
 * worker. It never sees a PIN and never talks to the companion itself.
 */

import { isHocbaError } from '@hocba/shared/errors';
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { candidateAdapters } from '../adapters/index.js';
import { pick, t } from '../ui/i18n.js';
import { cellFor, checkTable, markCells, type RowCheck, type TableCheck } from './check-table.js';
import { EarlierYears } from './earlier-years.js';
import { PANEL_CSS, Panel } from './Panel.js';
import { readPortal } from './read-table.js';
import {
  gatherDocuments,
  heldDocuments,
  holds,
  releaseHeld,
  type SignedResult,
  startSigning,
  uploadSigned,
} from './sign-action.js';

async function main() {
  const adapters = await candidateAdapters(location.href);
  const portal = readPortal(adapters);
  if (!portal) return;
  const host = document.createElement('div');
  host.setAttribute('data-hocba-host', portal.adapter.id);
  portal.anchor.before(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = PANEL_CSS;
  const mount = document.createElement('div');
  shadow.append(style, mount);

  let status: string | null = null;
  const canSign = Boolean(portal.adapter.record);

  const earlier = new EarlierYears(portal.adapter);
  const runCheck = (): TableCheck => {
    // Re-read: the teacher may have edited cells since the last check.
    const fresh = readPortal([portal.adapter]) ?? portal;
    const result = checkTable(fresh.rows, (row) => earlier.get(row));
    markCells(result, (f) => `${pick(f.message)} (${f.rule})`);
    // Earlier years arrive in the background; once loaded, the check runs again with them.
    const pending = fresh.rows.some((row) => row.recordUrl && !earlier.get(row));
    if (pending) void earlier.load(fresh.rows).then(() => recheck(fresh.rows));
    return result;
  };
  let rechecked = false;
  const recheck = (rows: readonly { recordUrl: string | null }[]) => {
    if (rechecked || !rows.some((row) => row.recordUrl)) return;
    rechecked = true; // once: records that could not be read stay this-year-only
    shadow.querySelector<HTMLButtonElement>('[data-hocba-action="check"]')?.click();
  };

  const onSign = async (chosen: RowCheck[], role: Parameters<typeof startSigning>[1]) => {
    // The earlier years may still be loading: wait for them (bounded), and leave out any
    // record whose errors grew since the teacher chose it, so nothing unseen is signed over.
    await earlier.load(chosen.map((r) => r.row));
    const errorsOf = (r: RowCheck) =>
      new Set(r.findings.filter((f) => f.severity === 'error').map((f) => f.rule));
    const again = checkTable(
      chosen.map((r) => r.row),
      (row) => earlier.get(row),
    ).rows;
    const rows = chosen.filter((r, i) => {
      const seen = errorsOf(r);
      return [...errorsOf(again[i] as RowCheck)].every((rule) => seen.has(rule));
    });
    const held =
      rows.length < chosen.length
        ? ` ${t('panel_earlier_years_held', String(chosen.length - rows.length))}`
        : '';
    if (held) recheck(chosen.map((r) => r.row));
    if (rows.length === 0) return setStatus(held.trim());
    setStatus(t('panel_gathering', String(rows.length)) + held);
    try {
      const docs = await gatherDocuments(
        portal.adapter,
        rows.map((r) => ({
          row: r.row,
          overridden: r.findings.filter((f) => f.severity === 'error').map((f) => f.rule),
        })),
      );
      const answer = await startSigning(portal.adapter, role, docs);
      setStatus((answer.ok ? t('panel_sign_opened') : t('panel_sign_failed')) + held);
    } catch (error) {
      setStatus(
        `${t('panel_sign_failed')} ${isHocbaError(error) ? pick({ vi: error.vi, en: error.en }) : String(error)}`,
      );
    }
  };

  const onFocus = (check: RowCheck, finding: Parameters<typeof cellFor>[1]) => {
    const cell = cellFor(check.row, finding);
    cell.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
    (cell.querySelector('input') as HTMLInputElement | null)?.focus();
  };

  function setStatus(text: string | null) {
    status = text;
    draw();
  }

  function draw() {
    render(
      <Panel
        adapterName={portal?.adapter.name ?? ''}
        canSign={canSign}
        onCheck={runCheck}
        onSign={onSign}
        onFocus={onFocus}
        status={status}
      />,
      mount,
    );
  }
  draw();

  browser.runtime.onMessage.addListener((message: unknown) => {
    const m = message as { type?: string; heldId?: unknown; docIds?: unknown };
    if (m?.type !== 'hocba.documents' || typeof m.heldId !== 'string' || !Array.isArray(m.docIds)) {
      return undefined;
    }
    return Promise.resolve(heldDocuments(m.heldId, m.docIds.map(String)) ?? { documents: null });
  });

  browser.runtime.onMessage.addListener((message: unknown) => {
    const m = message as { type?: string; results?: SignedResult[]; heldId?: string; remaining?: number };
    if (m?.type !== 'hocba.signed' || !Array.isArray(m.results)) return undefined;
    // Only the tab that gathered these documents takes their signed files back.
    if (typeof m.heldId !== 'string' || !holds(m.heldId)) return undefined;
    if (m.remaining === 0) releaseHeld(m.heldId);
    void (async () => {
      if (!portal.adapter.upload) {
        setStatus(t('panel_signed_download', String(m.results?.length ?? 0)));
        return;
      }
      setStatus(t('panel_uploading', String(m.results?.length ?? 0)));
      const outcomes = await uploadSigned(portal.adapter, m.results ?? []);
      const ok = outcomes.filter((o) => o.status === 'uploaded').length;
      const refused = outcomes.filter((o) => o.status === 'refused');
      setStatus(
        refused.length === 0
          ? t('panel_uploaded', String(ok))
          : `${t('panel_uploaded_partly', [String(ok), String(refused.length)])} ${refused.map((r) => r.name).join(', ')}`,
      );
    })();
    return undefined;
  });
}

void main();
