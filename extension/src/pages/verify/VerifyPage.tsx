/**
 * The verify page: files dropped or picked (PDFs, ZIPs of them) verified one after another
 * on this device, a card each, the summary and the printed report's header. The cards are
 * FileCard.tsx and ArchiveCard.tsx; the page's controls LanguageSwitch.tsx and SessionRoots.tsx.
 */
import { groupTransferSet } from '@hocba/shared/verify';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatVietnamTime, type Language, t, tn, uiLanguage } from '../../ui/messages.js';
import { ArchiveCard } from './ArchiveCard.js';
import { FileCard } from './FileCard.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import type { ArchiveItem, PageItem } from './page-items.js';
import type { VerifyPlatform } from './platform.js';
import { TransferView } from './RecordView.js';
import { isArchiveError, isZipName, openRecordArchive } from './record-archive.js';
import { SessionRoots } from './SessionRoots.js';
import { createVerifier, readPicked } from './verify-files.js';

/** The ZIP itself is read before any PDF in it; far above a record set, still bounded. */
const MAX_ZIP_BYTES = 500 * 1024 * 1024;

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
