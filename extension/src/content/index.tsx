/**
 * The content script on portal pages: finds the results table through an adapter, adds our
 * toolbar in a shadow root just above it (the portal's CSS cannot reach it, ours cannot
 * reach the portal), runs the checks, marks cells in its own overlay (never in the portal's
 * DOM), flags edits not saved yet, and starts signing through the service worker. It never
 * sees a PIN, never talks to the companion itself, and acts only on a person's own clicks.
 */

import { isHocbaError } from '@hocba/shared/errors';
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { candidateAdapters } from '../adapters/index.js';
import { type UploadAnswer, uploadSummary } from '../pages/sign/upload-answer.js';
import { pick, t } from '../ui/i18n.js';
import { cellFor, checkTable, findingMarks, type RowCheck } from './check-table.js';
import { type Mark, MarkOverlay } from './overlay.js';
import { PANEL_CSS, Panel, type ToolbarCheck } from './Panel.js';
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
import { unsavedCells } from './unsaved.js';

async function main() {
  const adapters = await candidateAdapters(location.href);
  const portal = readPortal(adapters);
  if (!portal) return;
  const host = document.createElement('div');
  host.setAttribute('data-hocba-host', portal.adapter.id);
  portal.anchor.before(host);
  // Closed: page script gets no handle on our toolbar (host.shadowRoot is null to it).
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = PANEL_CSS;
  const mount = document.createElement('div');
  shadow.append(style, mount);
  const overlay = new MarkOverlay();

  let status: string | null = null;
  const canSign = Boolean(portal.adapter.record);

  const runCheck = (): ToolbarCheck => {
    // Re-read: the teacher may have edited cells since the last check.
    const fresh = readPortal([portal.adapter]) ?? portal;
    const table = checkTable(fresh.rows);
    const unsaved = fresh.rows
      .map((row) => ({ row, cells: unsavedCells(row) }))
      .filter((u) => u.cells.length > 0);
    const label = t('panel_unsaved_mark');
    const marks: Mark[] = [
      ...findingMarks(table),
      ...unsaved.flatMap((u) => u.cells.map((cell): Mark => ({ cell, kind: 'unsaved', label }))),
    ];
    overlay.show(marks);
    return { table, unsaved: unsaved.map((u) => ({ row: u.row, cells: u.cells.length })) };
  };

  const onSign = async (check: ToolbarCheck) => {
    // Signing takes what the portal saved: with edits on screen only, the teacher would
    // approve one thing and sign another.
    if (check.unsaved.length > 0) {
      setStatus(t('panel_sign_unsaved', String(check.unsaved.length)));
      return;
    }
    const rows = check.table.rows.map((r) => r.row);
    if (rows.length === 0) return;
    setStatus(t('panel_gathering', String(rows.length)));
    try {
      const docs = await gatherDocuments(portal.adapter, rows);
      const answer = await startSigning(portal.adapter, docs);
      setStatus(answer.ok ? t('panel_sign_opened') : t('panel_sign_failed'));
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
    // The answer goes back to the sign window: it says "sent to the portal" only from this.
    return (async (): Promise<UploadAnswer> => {
      const results = m.results ?? [];
      if (!portal.adapter.upload) {
        setStatus(t('panel_signed_download', String(results.length)));
        return { delivered: true, uploaded: 0, refused: [] };
      }
      setStatus(t('panel_uploading', String(results.length)));
      const outcomes = await uploadSigned(portal.adapter, results);
      const answer = uploadSummary(outcomes);
      setStatus(
        answer.refused.length === 0
          ? t('panel_uploaded', String(answer.uploaded))
          : `${t('panel_uploaded_partly', [String(answer.uploaded), String(answer.refused.length)])} ${answer.refused.map((r) => r.name).join(', ')}`,
      );
      return answer;
    })();
  });
}

void main();
