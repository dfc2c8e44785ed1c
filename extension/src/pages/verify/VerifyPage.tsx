import { groupTransferSet } from '@hocba/shared/verify';
import { useState } from 'preact/hooks';
import { pick, t } from '../../ui/i18n.js';
import { RecordView, TransferView } from './RecordView.js';
import { SignatureView } from './SignatureView.js';
import { type FileResult, verifyFile } from './verify-files.js';

const VERDICT_CLASS = { valid: 'ok', invalid: 'bad', indeterminate: 'warn' } as const;

function FileCard({ result }: { result: FileResult }) {
  if (result.state === 'verifying') {
    return (
      <article class="card file" data-state="verifying">
        <h2>{result.name}</h2>
        <p class="muted">{t('verify_in_progress')}</p>
      </article>
    );
  }
  if (result.state === 'refused') {
    return (
      <article class="card file" data-state="refused" data-verdict="invalid">
        <h2>{result.name}</h2>
        <span class="badge bad">{t('verify_refused')}</span>
        <p class="error-text">{t(`verify_refused_${result.reason}`)}</p>
      </article>
    );
  }
  const { report } = result;
  const signatures = report.signatures;
  return (
    <article class="card file" data-state="done" data-verdict={report.verdict}>
      <h2>{result.name}</h2>
      <p>
        <span class={`badge ${VERDICT_CLASS[report.verdict]}`}>{t(`verify_verdict_${report.verdict}`)}</span>{' '}
        <span class="reason">{pick(report.reason)}</span>
      </p>
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
        <p class="muted">{t('verify_signature_count', String(signatures.length))}</p>
      ) : null}
      {signatures.map((s) => (
        <SignatureView key={s.field} signature={s} />
      ))}
    </article>
  );
}

export function VerifyPage() {
  const [results, setResults] = useState<FileResult[]>([]);
  const [dragging, setDragging] = useState(false);

  async function addFiles(files: FileList | null) {
    if (!files || files.length === 0) return;
    const list = Array.from(files);
    const start = results.length;
    setResults((prev) => [
      ...prev,
      ...list.map((f) => ({ name: f.name, size: f.size, state: 'verifying' as const })),
    ]);
    // One after another: a class of 35 files stays responsive and memory stays flat.
    for (const [i, file] of list.entries()) {
      const done = await verifyFile(file);
      setResults((prev) => prev.map((r, j) => (j === start + i ? done : r)));
    }
  }

  const finished = results.filter((r) => r.state !== 'verifying');
  const valid = finished.filter((r) => r.state === 'done' && r.report.verdict === 'valid').length;
  // Several files of the same student (a transfer): do they agree, which grades are there?
  const transfers =
    finished.length > 1
      ? groupTransferSet(
          finished.flatMap((r) => (r.state === 'done' ? [{ file: r.name, report: r.report }] : [])),
        )
      : [];

  return (
    <main>
      <h1>{t('verify_title')}</h1>
      <p class="lead">{t('verify_lead')}</p>
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
          accept="application/pdf,.pdf"
          multiple
          onChange={(e) => {
            const input = e.currentTarget;
            void addFiles(input.files).then(() => {
              input.value = '';
            });
          }}
        />
      </label>
      {results.length > 0 ? (
        <p class="summary" data-hocba="summary">
          {t('verify_summary', [String(finished.length), String(results.length), String(valid)])}
        </p>
      ) : null}
      <TransferView transfers={transfers} />
      {results.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: files are only ever appended
        <FileCard key={i} result={r} />
      ))}
      <p class="muted offline-note">{t('verify_offline_note')}</p>
    </main>
  );
}
