/**
 * The content script on portal pages: finds the results table through an adapter, adds our
 * toolbar in a shadow root just above it (the portal's CSS cannot reach it, ours cannot
 * reach the portal), runs the checks, marks cells in its own overlay (never in the portal's
 * DOM), flags edits not saved yet, and starts signing through the service worker. It never
 * sees a PIN, never talks to the companion itself, and acts only on a person's own clicks.
 */

import { isHocbaError } from '@hocba/shared/errors';
import { render } from 'preact';
import { MAX_HANDOFF_BYTES } from '../background/content-messages.js';
import { type UploadAnswer, uploadSummary } from '../pages/sign/upload-answer.js';
import { afterLoadAndIdle } from './after-load.js';
import { toBase64 } from './base64.js';
import { goToCell } from './cell-focus.js';
import { cellFor, checkTable, findingMarks, type RowCheck, type TableCheck } from './check-table.js';
import { MISREAD_RULE, ownElements } from './defence-contract.js';
import { EarlierYears } from './earlier-years.js';
import { extensionApi } from './extension-api.js';
import { candidateAdapters, findPortal } from './find-portal.js';
import { pick, t, tn } from './i18n.js';
import { type Mark, MarkOverlay } from './overlay.js';
import { PANEL_CSS, Panel, type ToolbarCheck } from './Panel.js';
import { Attachments, Unrecognised } from './PortalNotes.js';
import { pageDefence } from './page-defence.js';
import type { FileRow, FilesPortal } from './read-files.js';
import { type PortalTable, readPortal, type StudentRow } from './read-table.js';
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

/** Set by the service worker before it injects us on the user's click (toolbar icon). */
const flags = globalThis as {
  hocbaAskedByUser?: boolean;
  hocbaContentStarted?: boolean;
  hocbaTimings?: ContentTimings;
};

/**
 * When the script started, began its work and showed the toolbar (performance.now(), ms
 * from navigation start). Kept in the content script's own world, which the page cannot
 * read; the bench reads it through the DevTools protocol (test/bench/helpers/portal-load.mjs).
 */
interface ContentTimings {
  start: number;
  work?: number;
  shown?: number;
}

const errorText = (error: unknown) =>
  isHocbaError(error) ? pick({ vi: error.vi, en: error.en }) : String(error);

/** Our toolbar's host, in a shadow root just before `anchor` (or at the top of the page). */
function mountToolbar(anchor: HTMLElement | null, id: string): HTMLElement {
  const host = document.createElement('div');
  host.setAttribute('data-hocba-host', id);
  ownElements().add(host);
  if (anchor) anchor.before(host);
  else document.body.prepend(host);
  // Closed: page script gets no handle on our toolbar (host.shadowRoot is null to it).
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = PANEL_CSS;
  const mount = document.createElement('div');
  shadow.append(style, mount);
  return mount;
}

function openVerifyPage() {
  void extensionApi.runtime.sendMessage({ type: 'verify.openPage' });
}

function openSettings() {
  void extensionApi.runtime.sendMessage({ type: 'options.open' });
}

/**
 * A table of files (a vendor's book): nothing on the page to check against Thông tư 27 (the
 * records are PDFs), so every file the signer may sign now is "complete" for the panel.
 */
function filesCheck(rows: readonly FileRow[]): TableCheck {
  const checked = rows.map((row) => ({ row, findings: [], status: 'complete' as const }));
  return {
    rows: checked,
    summary: { total: checked.length, complete: checked.length, withErrors: 0, withWarningsOnly: 0 },
  };
}

function filesSummary(files: FilesPortal): string {
  const count = (s: FileRow['status']) => String(files.files.filter((f) => f.status === s).length);
  const text = tn('files_summary', files.files.length, [
    String(files.files.length),
    String(files.pages),
    count('signable'),
    count('signed'),
    count('refused'),
    count('other'),
  ]);
  return files.truncated ? `${text} ${tn('files_truncated', files.pages, String(files.pages))}` : text;
}

/** Our own flag, never an element of that id or name (a named property is not an own one). */
const own = (key: keyof typeof flags): unknown => Object.getOwnPropertyDescriptor(flags, key)?.value;

async function main() {
  if (own('hocbaContentStarted') === true) return;
  flags.hocbaContentStarted = true;
  const timings: ContentTimings = { start: performance.now() };
  flags.hocbaTimings = timings;
  let shown = false;
  // The toolbar icon on a page we are already on: look again, and say what we found.
  extensionApi.runtime.onMessage.addListener((message: unknown) => {
    if ((message as { type?: string })?.type !== 'hocba.activate') return undefined;
    const host = document.querySelector('[data-hocba-host]');
    if (host) {
      host.scrollIntoView({ block: 'start', behavior: 'smooth' });
      return Promise.resolve({ ok: true });
    }
    return detect(true).then(() => ({ ok: true }));
  });
  const asked = own('hocbaAskedByUser') === true;
  // Asked by the user (toolbar icon): now. Otherwise the portal's page comes first.
  if (!asked) await afterLoadAndIdle();
  timings.work = performance.now();
  await detect(asked);

  async function detect(asked: boolean) {
    if (shown) return;
    const found = await findPortal(await candidateAdapters(location.href), asked);
    if (!found || shown) return;
    shown = true;
    if (found.kind === 'unrecognised') {
      const mount = mountToolbar(null, 'unrecognised');
      render(
        <Unrecognised
          expected={found.expected.map((a) => a.name)}
          onOpenVerify={openVerifyPage}
          onOpenSettings={openSettings}
        />,
        mount,
      );
    } else if (found.kind === 'files' && found.portal.layout.action === 'verify') {
      showAttachments(found.portal);
    } else if (found.kind === 'files') {
      const signable = found.portal.files.filter((f) => f.status === 'signable');
      showPanel({ adapter: found.portal.adapter, anchor: found.portal.anchor, rows: signable }, found.portal);
    } else {
      showPanel(found.portal, null);
    }
    timings.shown = performance.now();
  }
}

function showAttachments(files: FilesPortal) {
  const mount = mountToolbar(files.anchor, files.adapter.id);
  let status: string | null = null;
  let busy = false;
  const draw = () =>
    render(
      <Attachments
        adapterName={files.adapter.name}
        files={files.files}
        busy={busy}
        status={status}
        onVerify={(f) => void verify(f)}
      />,
      mount,
    );
  async function verify(file: FileRow) {
    busy = true;
    status = t('attachments_fetching', file.name);
    draw();
    try {
      const answer = await handToVerifyPage(file);
      status =
        answer === 'opened'
          ? t('attachments_opened', file.name)
          : answer === 'tooLarge'
            ? t('attachments_too_large', file.name)
            : t('attachments_failed', [file.name, answer]);
    } finally {
      busy = false;
      draw();
    }
  }
  draw();
}

/** Hands a file the page attaches to the extension's verify page (through the service worker). */
async function handToVerifyPage(file: FileRow): Promise<'opened' | 'tooLarge' | string> {
  if (!file.recordUrl) return 'no link';
  let bytes: Uint8Array;
  try {
    const response = await fetch(file.recordUrl, { credentials: 'include' });
    if (!response.ok) return `HTTP ${response.status}`;
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    return String(error);
  }
  if (bytes.length > MAX_HANDOFF_BYTES) return 'tooLarge';
  const answer = (await extensionApi.runtime
    .sendMessage({ type: 'verify.open', name: file.name, pdfBase64: toBase64(bytes) })
    .catch(() => null)) as { ok?: boolean } | null;
  return answer?.ok ? 'opened' : 'BAD_REQUEST';
}

function showPanel(portal: PortalTable, files: FilesPortal | null) {
  const mount = mountToolbar(portal.anchor, portal.adapter.id);
  let status: string | null = files ? filesSummary(files) : null;
  const canSign = Boolean(portal.adapter.record);
  const overlay = new MarkOverlay();

  const earlier = new EarlierYears(portal.adapter);
  const runCheck = async (): Promise<ToolbarCheck | null> => {
    // A book of files: nothing on the page to check or mark, nothing typed to save.
    if (files) return { table: filesCheck(portal.rows as FileRow[]), unsaved: [] };
    let fresh: PortalTable;
    let table: TableCheck;
    try {
      // The defence first, then the read and its judgement in one step: no page script runs between.
      const defence = await pageDefence();
      // Re-read: the teacher may have edited cells since the last check.
      fresh = readPortal([portal.adapter]) ?? portal;
      table = await checkTable(fresh.rows, defence, (row) => earlier.get(row));
    } catch (error) {
      setStatus(errorText(error));
      return null;
    }
    const unsaved = fresh.rows
      .map((row) => ({ row, cells: unsavedCells(row) }))
      .filter((u) => u.cells.length > 0);
    const label = t('panel_unsaved_mark');
    const marks: Mark[] = [
      ...findingMarks(table),
      ...unsaved.flatMap((u) => u.cells.map((cell): Mark => ({ cell, kind: 'unsaved', label }))),
    ];
    overlay.show(marks);
    // Earlier years arrive in the background; once loaded, the check runs again with them.
    const pending = fresh.rows.some((row) => row.recordUrl && !earlier.get(row));
    if (pending) void earlier.load(fresh.rows).then(() => recheck(fresh.rows));
    return { table, unsaved: unsaved.map((u) => ({ row: u.row, cells: u.cells.length })) };
  };
  let rechecked = false;
  const recheck = (rows: readonly { recordUrl: string | null }[]) => {
    if (rechecked || !rows.some((row) => row.recordUrl)) return;
    rechecked = true; // once: records that could not be read stay this-year-only
    // Our own re-run, not a click: the toolbar's buttons take a person's clicks only.
    recheckRequest++;
    draw();
  };
  let recheckRequest = 0;

  const onSign = async (check: ToolbarCheck) => {
    // Signing takes what the portal saved: with edits on screen only, the teacher would
    // approve one thing and sign another.
    if (check.unsaved.length > 0) {
      setStatus(tn('panel_sign_unsaved', check.unsaved.length, String(check.unsaved.length)));
      return;
    }
    const chosen = check.table.rows;
    if (chosen.length === 0) return;
    // A book of files: no table to check across years (the sign window reads each PDF).
    if (files)
      return send(
        chosen.map((r) => r.row),
        '',
      );
    // The earlier years may still be loading: wait for them (bounded), and leave out any
    // record whose errors grew since the teacher saw the check, so nothing unseen is signed over.
    await earlier.load(chosen.map((r) => r.row));
    const errorsOf = (r: RowCheck) =>
      new Set(r.findings.filter((f) => f.severity === 'error').map((f) => f.rule));
    let again: RowCheck[];
    try {
      const rows = chosen.map((r) => r.row);
      // Rows read at the check: the defence also flags any cell whose value changed since.
      again = (await checkTable(rows, await pageDefence(), (row) => earlier.get(row))).rows;
    } catch (error) {
      return setStatus(`${t('panel_sign_failed')} ${errorText(error)}`);
    }
    // A row the page may show otherwise than we read is never signed (shown-cells.ts).
    const misread = (i: number) => errorsOf(again[i] as RowCheck).has(MISREAD_RULE);
    const shownRight = chosen.filter((_, i) => !misread(i));
    const misreadCount = chosen.length - shownRight.length;
    const rows = chosen
      .filter((r, i) => {
        if (misread(i)) return false;
        const seen = errorsOf(r);
        return [...errorsOf(again[i] as RowCheck)].every((rule) => seen.has(rule));
      })
      .map((r) => r.row);
    const grew = shownRight.length - rows.length;
    const held = [
      misreadCount > 0 ? tn('panel_misread_held', misreadCount, String(misreadCount)) : '',
      grew > 0 ? tn('panel_earlier_years_held', grew, String(grew)) : '',
    ]
      .filter(Boolean)
      .map((text) => ` ${text}`)
      .join('');
    if (grew > 0) recheck(chosen.map((r) => r.row));
    if (rows.length === 0) return setStatus(held.trim());
    return send(rows, held);
  };

  const send = async (rows: StudentRow[], held: string) => {
    setStatus(tn('panel_gathering', rows.length, String(rows.length)) + held);
    try {
      const docs = await gatherDocuments(portal.adapter, rows);
      const answer = await startSigning(portal.adapter, docs);
      setStatus((answer.ok ? t('panel_sign_opened') : t('panel_sign_failed')) + held);
    } catch (error) {
      setStatus(`${t('panel_sign_failed')} ${errorText(error)}`);
    }
  };

  const onFocus = (check: RowCheck, finding: Parameters<typeof cellFor>[1]) => {
    goToCell(cellFor(check.row, finding));
  };

  function setStatus(text: string | null) {
    status = text;
    draw();
  }

  function draw() {
    render(
      <Panel
        adapterName={portal.adapter.name}
        canSign={canSign}
        checkable={!files}
        recheckRequest={recheckRequest}
        onCheck={runCheck}
        onSign={onSign}
        onFocus={onFocus}
        status={status}
      />,
      mount,
    );
  }
  draw();

  extensionApi.runtime.onMessage.addListener((message: unknown) => {
    const m = message as { type?: string; heldId?: unknown; docIds?: unknown };
    if (m?.type !== 'hocba.documents' || typeof m.heldId !== 'string' || !Array.isArray(m.docIds)) {
      return undefined;
    }
    return Promise.resolve(heldDocuments(m.heldId, m.docIds.map(String)) ?? { documents: null });
  });

  extensionApi.runtime.onMessage.addListener((message: unknown) => {
    const m = message as { type?: string; results?: SignedResult[]; heldId?: string; remaining?: number };
    if (m?.type !== 'hocba.signed' || !Array.isArray(m.results)) return undefined;
    // Only the tab that gathered these documents takes their signed files back.
    if (typeof m.heldId !== 'string' || !holds(m.heldId)) return undefined;
    if (m.remaining === 0) releaseHeld(m.heldId);
    // The answer goes back to the sign window: it says "sent to the portal" only from this.
    return (async (): Promise<UploadAnswer> => {
      const results = m.results ?? [];
      if (!portal.adapter.upload) {
        setStatus(tn('panel_signed_download', results.length, String(results.length)));
        return { delivered: true, uploaded: 0, refused: [] };
      }
      setStatus(tn('panel_uploading', results.length, String(results.length)));
      const outcomes = await uploadSigned(portal.adapter, results);
      const answer = uploadSummary(outcomes);
      setStatus(
        answer.refused.length === 0
          ? tn('panel_uploaded', answer.uploaded, String(answer.uploaded))
          : `${tn('panel_uploaded_partly', answer.uploaded, [String(answer.uploaded), String(answer.refused.length)])} ${answer.refused.map((r) => r.name).join(', ')}`,
      );
      return answer;
    })();
  });
}

void main();
