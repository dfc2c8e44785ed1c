import {
  type DocumentReport,
  displayText,
  groupTransferSet,
  type SignatureReport,
} from '@hocba/shared/verify';
import { useEffect, useRef, useState } from 'preact/hooks';
import { bundledMessages } from '../../ui/bundled-messages.js';
import {
  formatVietnamTime,
  type Language,
  pick,
  setMessageSource,
  t,
  tn,
  uiLanguage,
} from '../../ui/messages.js';
import { nationalRoots, whoseRecord } from './at-a-glance.js';
import { nextStep } from './next-step.js';
import type { VerifyPlatform } from './platform.js';
import { RecordView, TransferView } from './RecordView.js';
import {
  type ArchiveErrorCode,
  type ArchiveSkip,
  isArchiveError,
  isZipName,
  openRecordArchive,
} from './record-archive.js';
import { rootCertificatePem } from './root-certificate.js';
import { roleText, SignatureView, timeText } from './SignatureView.js';
import { createVerifier, type FileResult, readPicked, refusalKey } from './verify-files.js';

/** The four levels in the colours readers know from Acrobat and DigiDoc. */
const LEVEL_CLASS = {
  valid: 'ok',
  valid_with_warnings: 'warn',
  invalid: 'bad',
  cannot_decide: 'grey',
} as const;
const STATUS_CLASS = { TOTAL_PASSED: 'ok', TOTAL_FAILED: 'bad', INDETERMINATE: 'grey' } as const;

/** One line per signature in the summary: who, in which role, when, and the outcome. */
function SignatureLine({ signature }: { signature: SignatureReport }) {
  return (
    <li
      class="signature-line"
      data-status={signature.status}
      data-role-agreement={signature.roleEvidence?.agreement ?? ''}
    >
      <span class={`dot ${STATUS_CLASS[signature.status]}`} aria-hidden="true" />
      {t('verify_line_signature', [
        roleText(signature),
        signature.signer?.name ?? t('verify_unknown'),
        timeText(signature),
        t(`verify_status_${signature.status}`),
      ])}
    </li>
  );
}

/**
 * Whose record this is, first: the pupil, birth date, school, classes and years. The words
 * say when the data is not (yet) proven to be the signed data.
 */
function WhoseLine({ report }: { report: DocumentReport }) {
  const whose = whoseRecord(report.record);
  if (!whose) return null;
  return (
    <p class="whose" data-hocba="whose" data-signed={String(whose.signed)}>
      {t('verify_whose', [whose.name, whose.born, whose.school, whose.classes, whose.years])}
      {whose.signed ? null : <span class="whose-unproven"> {t('verify_whose_unproven')}</span>}
    </p>
  );
}

/** Which national root the signers' certificates end at, when they do. */
function RootsLine({ signatures }: { signatures: readonly SignatureReport[] }) {
  const roots = nationalRoots(signatures);
  if (roots.length === 0) return null;
  return (
    <p class="roots" data-hocba="national-root">
      <span class="dot ok" aria-hidden="true" /> {t('verify_national_root', roots.join(', '))}
    </p>
  );
}

/** What to do with the file next (who to ask, where to load a root), when the verdict calls for it. */
function NextStepLine({ report, platform }: { report: DocumentReport; platform: VerifyPlatform['kind'] }) {
  const key = nextStep(report, platform);
  if (!key) return null;
  return (
    <p class="next-step" data-hocba="next-step" data-next={key}>
      {t(key)}
    </p>
  );
}

/** The ZIP itself is read before any PDF in it; far above a record set, still bounded. */
const MAX_ZIP_BYTES = 500 * 1024 * 1024;

/** One card on the page: a PDF (picked, or from inside a ZIP), or the ZIP it came from. */
type PageItem =
  | { id: number; kind: 'file'; result: FileResult; bytes?: Uint8Array }
  | {
      id: number;
      kind: 'archive';
      name: string;
      state: 'opening' | 'opened' | 'refused';
      pdfCount: number;
      skipped: ArchiveSkip[];
      error?: ArchiveErrorCode | 'tooLarge' | 'unreadable';
    };

type ArchiveItem = Extract<PageItem, { kind: 'archive' }>;

function FileCard({ result, platform }: { result: FileResult; platform: VerifyPlatform['kind'] }) {
  if (result.state === 'verifying') {
    return (
      <article class="card file" data-state="verifying">
        <h2>{displayText(result.name)}</h2>
        <p class="muted">{t('verify_in_progress')}</p>
      </article>
    );
  }
  if (result.state === 'refused') {
    return (
      <article class="card file" data-state="refused" data-verdict="invalid">
        <h2>{displayText(result.name)}</h2>
        <span class="badge bad">{t('verify_refused')}</span>
        <p class="error-text" data-reason={result.reason}>
          {t(refusalKey(result.reason))}
        </p>
      </article>
    );
  }
  const { report } = result;
  const signatures = report.signatures;
  const level = report.level ?? (report.verdict === 'indeterminate' ? 'cannot_decide' : report.verdict);
  return (
    <article
      class="card file"
      data-state="done"
      data-verdict={report.verdict}
      data-level={level}
      data-verified-in={result.verifiedIn}
    >
      {/* The summary: what a secretary reads first, and all that is printed. */}
      <header class="file-summary">
        <span class={`badge ${LEVEL_CLASS[level]}`} data-hocba="level">
          {t(`verify_level_${level}`)}
        </span>
        <h2>{displayText(result.name)}</h2>
      </header>
      <WhoseLine report={report} />
      <p class="reason">{pick(report.reason)}</p>
      <NextStepLine report={report} platform={platform} />
      {(report.warnings ?? []).length > 0 ? (
        <ul class="warnings" data-hocba="warnings">
          {(report.warnings ?? []).map((w) => (
            <li key={w.code} data-code={w.code}>
              {pick(w.message)}
            </li>
          ))}
        </ul>
      ) : null}
      {signatures.length > 0 ? (
        <ul class="signature-lines">
          {signatures.map((s) => (
            <SignatureLine key={s.field} signature={s} />
          ))}
        </ul>
      ) : null}
      <RootsLine signatures={signatures} />
      <details class="details" data-hocba="details">
        <summary>{t('verify_details_show')}</summary>
        {report.problems.length > 0 ? (
          <ul class="problems">
            {report.problems.map((p, i) => (
              // An empty signature slot is information (the next signer has not signed yet), not a fault.
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
              <li key={i} class={p.code === 'UNSIGNED_FIELD' ? 'muted' : 'error-text'}>
                {pick(p.message)}
              </li>
            ))}
          </ul>
        ) : null}
        {report.record ? <RecordView record={report.record} verdict={report.verdict} /> : null}
        {signatures.length > 0 ? (
          <p class="muted" data-hocba="signature-count">
            {tn('verify_signature_count', signatures.length, String(signatures.length))}
          </p>
        ) : null}
        {signatures.map((s) => (
          <SignatureView key={s.field} signature={s} />
        ))}
      </details>
    </article>
  );
}

/** Vietnamese by default, whatever the browser's language; English only when asked for. */
function LanguageSwitch({ onChange }: { onChange: (language: Language) => void }) {
  const next: Language = uiLanguage() === 'vi' ? 'en' : 'vi';
  return (
    <button
      type="button"
      class="language-switch no-print"
      data-hocba="language-switch"
      lang={next}
      title={t('verify_language_switch_title')}
      onClick={() => {
        setMessageSource(bundledMessages(next));
        document.documentElement.lang = next;
        document.title = t('verify_title');
        onChange(next);
      }}
    >
      {t('verify_language_switch')}
    </button>
  );
}

function ArchiveCard({ item }: { item: ArchiveItem }) {
  return (
    <article class="card archive" data-hocba="archive" data-state={item.state}>
      <h2>{displayText(item.name)}</h2>
      {item.state === 'opening' ? <p class="muted">{t('verify_zip_opening')}</p> : null}
      {item.state === 'refused' ? (
        <>
          <span class="badge bad">{t('verify_refused')}</span>
          <p class="error-text" data-hocba="zip-error" data-code={item.error}>
            {t(`verify_zip_error_${item.error}`)}
          </p>
        </>
      ) : null}
      {item.state === 'opened' ? (
        <p class="muted">
          {tn('verify_zip_contents', item.pdfCount, [String(item.pdfCount), String(item.skipped.length)])}
        </p>
      ) : null}
      {item.skipped.length > 0 ? (
        <ul class="skipped">
          {item.skipped.map((s) => (
            <li key={s.path} data-hocba="zip-skipped">
              {t(`verify_zip_skipped_${s.reason}`, displayText(s.path))}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

/** Standalone file only: the reader loads a school's root for this session. */
function SessionRoots({ onRoot, count }: { onRoot: (pem: string) => void; count: number }) {
  const [error, setError] = useState(false);
  return (
    <section class="card session-roots no-print" data-hocba="session-roots">
      <h2>{t('verify_root_title')}</h2>
      <p class="muted">{t('verify_root_hint')}</p>
      <input
        type="file"
        accept=".pem,.crt,.cer,application/x-x509-ca-cert"
        data-hocba="root-input"
        onChange={async (e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          if (!file) return;
          try {
            onRoot(rootCertificatePem(new Uint8Array(await file.arrayBuffer())));
            setError(false);
          } catch {
            setError(true);
          }
          input.value = '';
        }}
      />
      {count > 0 ? <p data-hocba="root-count">{tn('verify_root_loaded', count, String(count))}</p> : null}
      {error ? <p class="error-text">{t('verify_root_error_ROOT_NOT_CERTIFICATE')}</p> : null}
    </section>
  );
}

export function VerifyPage({ platform }: { platform: VerifyPlatform }) {
  const [verifier] = useState(() => createVerifier(platform));
  const [items, setItems] = useState<PageItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const [verifiedAt, setVerifiedAt] = useState<string | null>(null);
  const [extraAnchors, setExtraAnchors] = useState(0);
  // Re-renders the page in the chosen language (the words come from the message source).
  const [, setLanguage] = useState<Language>(uiLanguage());
  const nextId = useRef(0);
  // Bytes are kept only where a root can be loaded later, to verify the same files again.
  const keepBytes = platform.addSessionAnchor !== undefined;

  const update = (id: number, change: (item: PageItem) => PageItem) =>
    setItems((prev) => prev.map((item) => (item.id === id ? change(item) : item)));
  const append = (added: PageItem[]) => setItems((prev) => [...prev, ...added]);
  const newId = () => {
    nextId.current += 1;
    return nextId.current;
  };

  async function verifyInto(id: number, name: string, bytes: Uint8Array) {
    const result = await verifier.verify(name, bytes);
    update(id, () => ({ id, kind: 'file', result, ...(keepBytes ? { bytes } : {}) }));
    setVerifiedAt(new Date().toISOString());
    setExtraAnchors(await verifier.extraAnchorCount());
  }

  async function addArchive(file: File) {
    const id = newId();
    const item: ArchiveItem = {
      id,
      kind: 'archive',
      name: file.name,
      state: 'opening',
      pdfCount: 0,
      skipped: [],
    };
    append([item]);
    const read = await readPicked(file, MAX_ZIP_BYTES);
    if (!read.ok) {
      update(id, () => ({
        ...item,
        state: 'refused',
        error: read.reason === 'tooLarge' ? 'ZIP_TOO_LARGE' : 'unreadable',
      }));
      return;
    }
    let archive: ReturnType<typeof openRecordArchive>;
    try {
      archive = openRecordArchive(read.bytes);
    } catch (error) {
      update(id, () => ({
        ...item,
        state: 'refused',
        error: isArchiveError(error) ? error.code : 'ZIP_UNREADABLE',
      }));
      return;
    }
    update(id, () => ({ ...item, state: 'opened', pdfCount: archive.pdfs.length, skipped: archive.skipped }));
    const cards = archive.pdfs.map((pdf) => ({
      id: newId(),
      name: `${file.name} › ${pdf.path}`,
      bytes: pdf.bytes,
    }));
    append(
      cards.map((c) => ({
        id: c.id,
        kind: 'file',
        result: { name: c.name, size: c.bytes.length, state: 'verifying' },
      })),
    );
    for (const c of cards) await verifyInto(c.id, c.name, c.bytes);
  }

  async function addFiles(files: FileList | File[] | null) {
    if (!files || files.length === 0) return;
    const list = Array.from(files);
    const pdfs = list.filter((f) => !isZipName(f.name)).map((file) => ({ file, id: newId() }));
    append(
      pdfs.map(({ file, id }) => ({
        id,
        kind: 'file',
        result: { name: file.name, size: file.size, state: 'verifying' },
      })),
    );
    // One after another: a class of 35 files stays responsive and memory stays flat.
    for (const { file, id } of pdfs) {
      const read = await readPicked(file);
      if (read.ok) await verifyInto(id, file.name, read.bytes);
      else
        update(id, () => ({
          id,
          kind: 'file',
          result: { name: file.name, size: file.size, state: 'refused', reason: read.reason },
        }));
    }
    // ZIPs after the loose PDFs: their cards are only known once each archive is opened.
    for (const file of list.filter((f) => isZipName(f.name))) await addArchive(file);
  }

  // A file handed over by a portal page is verified as soon as the page opens.
  useEffect(() => {
    void platform.handedFiles?.().then((files) => addFiles(files));
  }, []);

  /** A root loaded for the session changes every verdict that hung on the signer: verify again. */
  async function addSessionRoot(pem: string) {
    platform.addSessionAnchor?.(pem);
    verifier.resetTrust();
    setExtraAnchors(await verifier.extraAnchorCount());
    for (const item of items) {
      if (item.kind === 'file' && item.bytes && item.result.state === 'done') {
        const { bytes } = item;
        const name = item.result.name;
        update(item.id, () => ({
          id: item.id,
          kind: 'file',
          result: { name, size: bytes.length, state: 'verifying' },
        }));
        await verifyInto(item.id, name, bytes);
      }
    }
  }

  const files = items.flatMap((item) => (item.kind === 'file' ? [item.result] : []));
  const finished = files.filter((r) => r.state !== 'verifying');
  const valid = finished.filter((r) => r.state === 'done' && r.report.verdict === 'valid').length;
  // Several files of the same student (a transfer): do they agree, which grades are there?
  const transfers =
    finished.length > 1
      ? groupTransferSet(
          finished.flatMap((r) => (r.state === 'done' ? [{ file: r.name, report: r.report }] : [])),
        )
      : [];
  // "0 valid" alone reads as "all forged": the files that are not valid are told apart.
  const undecided = finished.filter((r) => r.state === 'done' && r.report.verdict === 'indeterminate').length;
  const notValid = finished.length - valid - undecided;
  const summary = tn('verify_summary', files.length, [
    String(finished.length),
    String(files.length),
    String(valid),
    [
      undecided > 0 ? t('verify_summary_undecided', String(undecided)) : '',
      notValid > 0 ? t('verify_summary_invalid', String(notValid)) : '',
    ].join(''),
  ]);

  return (
    <main>
      {/* What a printed page starts with: when, how, with which roots. Screen readers of the page see the same below. */}
      <header class="report-header print-only" data-hocba="report-header">
        <h1>{t('verify_report_title')}</h1>
        <p>{t('verify_report_time', formatVietnamTime(verifiedAt))}</p>
        <p>{t('verify_time_note')}</p>
        <p>{tn(`verify_report_statement_${platform.kind}`, extraAnchors, String(extraAnchors))}</p>
        <p class="summary">{summary}</p>
      </header>
      <div class="screen-only">
        <LanguageSwitch onChange={setLanguage} />
        <h1>{t('verify_title')}</h1>
        <p class="lead">{t('verify_lead')}</p>
        <p class="muted">{t('verify_time_note')}</p>
      </div>
      {platform.addSessionAnchor ? (
        <SessionRoots onRoot={(pem) => void addSessionRoot(pem)} count={extraAnchors} />
      ) : null}
      <label
        class={`dropzone${dragging ? ' dragging' : ''}`}
        data-hocba="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void addFiles(e.dataTransfer?.files ?? null);
        }}
      >
        <strong>{t('verify_drop')}</strong>
        <span class="muted">{t('verify_drop_hint')}</span>
        <input
          type="file"
          accept="application/pdf,.pdf,application/zip,.zip"
          multiple
          data-hocba="file-input"
          onChange={(e) => {
            const input = e.currentTarget;
            void addFiles(input.files).then(() => {
              input.value = '';
            });
          }}
        />
      </label>
      {files.length > 0 ? (
        <div class="toolbar screen-only">
          <p class="summary" data-hocba="summary">
            {summary}
          </p>
          <button
            type="button"
            data-hocba="print"
            disabled={finished.length === 0}
            onClick={() => window.print()}
          >
            {t('verify_print')}
          </button>
        </div>
      ) : null}
      <TransferView transfers={transfers} />
      {items.map((item) =>
        item.kind === 'file' ? (
          <FileCard key={item.id} result={item.result} platform={platform.kind} />
        ) : (
          <ArchiveCard key={item.id} item={item} />
        ),
      )}
      <p class="muted offline-note screen-only">{t(`verify_offline_note_${platform.kind}`)}</p>
    </main>
  );
}
