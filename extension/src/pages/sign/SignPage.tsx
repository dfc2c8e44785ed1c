import { isHocbaError } from '@hocba/shared/errors';
import type { CertificateInfo, ListTokensResult, TokenInfo } from '@hocba/shared/protocol';
import { ROLES } from '@hocba/shared/roles';
import { zipSync } from 'fflate';
import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { SessionDocument, SignSession } from '../../background/sign-sessions.js';
import { CompanionClient } from '../../companion/client.js';
import { formatDateTime, pick, t } from '../../ui/i18n.js';
import { loadFromTab } from './load-from-tab.js';
import { type BatchOutcome, login, signDocuments } from './sign-batch.js';

type Phase = 'loading' | 'ready' | 'signing' | 'done' | 'fatal';

/** Random, not guessable: a batch id names the companion's journal and archive folder. */
function newBatchId(): string {
  return `b${crypto.randomUUID().replace(/-/g, '')}`;
}

function portalOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function errorText(error: unknown): string {
  return isHocbaError(error) ? pick({ vi: error.vi, en: error.en }) : String(error);
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|]+/g, '_').slice(0, 120);
}

function downloadZip(outcome: BatchOutcome, zipName: string): void {
  const files: Record<string, Uint8Array> = {};
  for (const file of outcome.signed) files[`${safeFileName(file.name)}.pdf`] = base64ToBytes(file.pdfBase64);
  // PDFs are already compressed: store them, do not deflate again.
  const zip = zipSync(files, { level: 0 });
  const url = URL.createObjectURL(new Blob([zip as BlobPart], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = zipName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function CertificateChoice(props: {
  token: TokenInfo;
  cert: CertificateInfo;
  checked: boolean;
  onChoose: () => void;
}) {
  const { cert } = props;
  const usable = cert.validity === 'valid' && cert.keyUsage === 'signing';
  return (
    <label class={`cert${usable ? '' : ' expired'}`} data-hocba="certificate">
      <input type="radio" name="cert" checked={props.checked} disabled={!usable} onChange={props.onChoose} />{' '}
      <strong>{cert.subject.text}</strong>
      <div class="muted">
        {t('sign_cert_issuer', cert.issuer.commonName ?? cert.issuer.text)} ·{' '}
        {t('sign_cert_valid_to', formatDateTime(cert.notAfter))} · {props.token.label}
      </div>
      {cert.validity !== 'valid' ? <div class="error-text">{t(`sign_cert_${cert.validity}`)}</div> : null}
      {cert.keyUsage !== 'signing' ? <div class="error-text">{t('sign_cert_no_signing')}</div> : null}
    </label>
  );
}

/** Documents not signed, grouped by reason: a stopped batch gives one reason, not 30 copies. */
function NotSigned({ notSigned }: { notSigned: BatchOutcome['notSigned'] }) {
  if (notSigned.length === 0) return null;
  const groups = new Map<string, string[]>();
  for (const n of notSigned) {
    const reason = pick(n.error);
    groups.set(reason, [...(groups.get(reason) ?? []), n.name]);
  }
  return (
    <div data-hocba="not-signed">
      <h3>{t('sign_not_signed', String(notSigned.length))}</h3>
      {[...groups].map(([reason, names]) => (
        <div key={reason} class="not-signed-group">
          <p class="error-text" data-hocba="not-signed-reason">
            {reason}
          </p>
          <details open={names.length <= 3}>
            <summary>{t('sign_not_signed_names', String(names.length))}</summary>
            <ul>
              {names.map((name) => (
                <li key={name} data-hocba="not-signed-doc">
                  {name}
                </li>
              ))}
            </ul>
          </details>
        </div>
      ))}
    </div>
  );
}

export function SignPage({ sessionId }: { sessionId: string }) {
  const [phase, setPhase] = useState<Phase>('loading');
  const [session, setSession] = useState<SignSession | null>(null);
  const [tokens, setTokens] = useState<TokenInfo[]>([]);
  const [choice, setChoice] = useState<{ serial: string; certificateId: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [finalTry, setFinalTry] = useState(false);
  const [progress, setProgress] = useState<Record<string, 'signed' | 'failed'>>({});
  // The PAdES level each signed file reached (B-B, B-T, B-LT), as the companion reports it.
  const [levels, setLevels] = useState<Record<string, string>>({});
  // The user chose to go on at B-B after the time-stamp server could not be reached.
  const [withoutTimestamp, setWithoutTimestamp] = useState(false);
  const [outcome, setOutcome] = useState<BatchOutcome | null>(null);
  // After a stop (cancel, pulled token), "sign the rest" signs only what is not signed yet.
  const [pending, setPending] = useState<SessionDocument[] | null>(null);
  const clientRef = useRef<CompanionClient | null>(null);
  const batchId = useRef(newBatchId());
  const pinRef = useRef<HTMLInputElement>(null);

  /** (Re)connects to the companion and lists its tokens, preselecting a certificate for the role. */
  async function connect(role: SignSession['role']): Promise<void> {
    clientRef.current?.close();
    clientRef.current = null;
    const client = await CompanionClient.connect();
    clientRef.current = client;
    const list = (await client.request({ type: 'listTokens' })) as ListTokensResult;
    setTokens(list.tokens);
    setChoice(null);
    // Preselect the first usable certificate whose hints name this role.
    for (const token of list.tokens) {
      const cert =
        token.certificates.find(
          (c) => c.validity === 'valid' && c.keyUsage === 'signing' && c.roleHints[0] === role,
        ) ?? token.certificates.find((c) => c.validity === 'valid' && c.keyUsage === 'signing');
      if (cert) {
        setChoice({ serial: token.serial, certificateId: cert.id });
        break;
      }
    }
  }

  useEffect(() => {
    (async () => {
      const s = (await browser.runtime.sendMessage({
        type: 'sign.session',
        sessionId,
      })) as SignSession | null;
      if (!s) {
        setError(t('sign_no_session'));
        setPhase('fatal');
        return;
      }
      setSession(s);
      try {
        await connect(s.role);
        setPhase('ready');
      } catch (e) {
        setError(errorText(e));
        setPhase('fatal');
      }
    })();
    return () => clientRef.current?.close();
  }, [sessionId]);

  async function sign(event: Event) {
    event.preventDefault();
    const client = clientRef.current;
    const pinInput = pinRef.current;
    if (!client || !session || !choice || !pinInput) return;
    const pin = pinInput.value;
    // The PIN leaves the page only inside the login message; the field is cleared at once.
    pinInput.value = '';
    setError(null);
    setPhase('signing');
    try {
      await login(client, choice.serial, pin, finalTry);
    } catch (e) {
      if (isHocbaError(e) && e.code === 'PIN_FINAL_TRY_CONFIRM') setFinalTry(false);
      setError(errorText(e));
      setPhase('ready');
      return;
    }
    const documents = pending ?? session.documents;
    try {
      const result = await signDocuments(client, {
        batchId: batchId.current,
        serial: choice.serial,
        certificateId: choice.certificateId,
        role: session.role,
        documents,
        load: (docIds) => loadFromTab(sessionId, docIds),
        notSentReason: { vi: t('sign_not_sent'), en: t('sign_not_sent') },
        ...(withoutTimestamp ? { withoutTimestamp: true } : {}),
        onProgress: (event) => {
          setProgress((prev) => ({
            ...prev,
            [event.docId]: event.status === 'failed' ? 'failed' : 'signed',
          }));
          const level = event.level;
          if (level) setLevels((prev) => ({ ...prev, [event.docId]: level }));
        },
      });
      setOutcome(result);
      setPending(documents.filter((d) => result.notSigned.some((n) => n.docId === d.docId)));
      setPhase('done');
      await browser.runtime.sendMessage({
        type: 'sign.finished',
        sessionId,
        remaining: result.notSigned.length,
        results: result.signed.map((f) => ({
          docId: f.docId,
          name: f.name,
          pdfBase64: f.pdfBase64,
          sha256: f.sha256,
        })),
      });
    } catch (e) {
      setError(errorText(e));
      setPhase('done');
    }
  }

  async function signTheRest(options: { withoutTimestamp?: boolean } = {}) {
    if (!session) return;
    setWithoutTimestamp(Boolean(options.withoutTimestamp));
    // A new batch id: the companion's journal keeps the stopped batch as it ended. A new
    // connection and token list: the token may have been pulled and plugged back in, or
    // the companion restarted.
    batchId.current = newBatchId();
    setError(null);
    try {
      await connect(session.role);
      setOutcome(null);
      setPhase('ready');
    } catch (e) {
      setError(errorText(e));
    }
  }

  /** Opens the portal's PDF exactly as it will be signed (the bytes the tab holds), in a new tab. */
  async function preview(doc: SessionDocument) {
    const [payload] = await loadFromTab(sessionId, [doc.docId]);
    if (!payload?.pdfBase64) {
      setError(t('sign_preview_unavailable'));
      return;
    }
    const url = URL.createObjectURL(
      new Blob([base64ToBytes(payload.pdfBase64) as BlobPart], { type: 'application/pdf' }),
    );
    window.open(url, '_blank');
    setTimeout(() => URL.revokeObjectURL(url), 120_000);
  }

  async function cancel() {
    await clientRef.current?.request({ type: 'cancel', batchId: batchId.current }).catch(() => undefined);
  }

  if (phase === 'fatal' || !session) {
    return (
      <main>
        <h1>{t('sign_title')}</h1>
        {phase === 'loading' ? <p class="muted">{t('sign_loading')}</p> : null}
        {error ? (
          <p class="error-text" data-hocba="sign-error">
            {error}
          </p>
        ) : null}
      </main>
    );
  }

  const total = session.documents.length;
  const done = Object.values(progress).filter((p) => p === 'signed').length;
  const toSign = pending?.length ?? total;
  const signedSoFar = total - (pending?.length ?? total);
  const roleLabel = pick(ROLES[session.role].label);
  return (
    <main data-phase={phase}>
      <h1>{t('sign_title')}</h1>
      <p class="lead">{t('sign_lead', [String(total), roleLabel, session.portal.title])}</p>
      {/* The page's title is the portal's to choose; its address is not. */}
      <p class="muted" data-hocba="portal-origin">
        {t('sign_portal_origin', portalOrigin(session.portal.url))}
      </p>
      <section class="card">
        <h2>{t('sign_documents', String(total))}</h2>
        <ol class="doc-list" data-hocba="documents">
          {session.documents.map((d) => (
            <li key={d.docId} data-status={progress[d.docId] ?? 'pending'}>
              {d.name}{' '}
              <code class="digest" title={`SHA-256 ${d.sha256}`}>
                {d.sha256.slice(0, 16)}
              </code>
              {levels[d.docId] ? (
                <span class="level" data-hocba="level" title={t('sign_level_title')}>
                  {' '}
                  {levels[d.docId]}
                </span>
              ) : null}
              {d.kind === 'pdf' ? (
                <button type="button" class="link" data-hocba="preview" onClick={() => void preview(d)}>
                  {t('sign_preview')}
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      {phase === 'ready' ? (
        <form class="card" onSubmit={sign} data-hocba="sign-form">
          <h2>{t('sign_certificate')}</h2>
          {tokens.length === 0 ? <p class="error-text">{t('sign_no_token')}</p> : null}
          {tokens.flatMap((token) => [
            token.pin.status === 'countLow' ? (
              <p key={`${token.serial}-low`} class="warning">
                {t('sign_pin_count_low')}
              </p>
            ) : null,
            token.pin.status === 'finalTry' ? (
              <p key={`${token.serial}-final`} class="warning">
                {t('sign_pin_final_try')}
              </p>
            ) : null,
            ...token.certificates.map((cert) => (
              <CertificateChoice
                key={`${token.serial}-${cert.id}`}
                token={token}
                cert={cert}
                checked={choice?.serial === token.serial && choice.certificateId === cert.id}
                onChoose={() => setChoice({ serial: token.serial, certificateId: cert.id })}
              />
            )),
          ])}
          <div class="pin-row">
            <label>
              {t('sign_pin')}{' '}
              <input ref={pinRef} type="password" name="pin" autocomplete="off" maxLength={64} required />
            </label>
            <button type="submit" disabled={!choice} data-hocba="sign-submit">
              {t('sign_submit', String(toSign))}
            </button>
          </div>
          {tokens.some((tk) => tk.pin.status === 'finalTry') ? (
            <label>
              <input
                type="checkbox"
                checked={finalTry}
                onChange={(e) => setFinalTry(e.currentTarget.checked)}
              />{' '}
              {t('sign_confirm_final_try')}
            </label>
          ) : null}
          <p class="muted">{t('sign_pin_note')}</p>
        </form>
      ) : null}
      {phase === 'signing' ? (
        <section class="card" data-hocba="progress">
          <p>{t('sign_progress', [String(done), String(total)])}</p>
          <progress max={total} value={done} />
          <p>
            <button type="button" class="secondary" onClick={() => void cancel()}>
              {t('sign_cancel')}
            </button>
          </p>
        </section>
      ) : null}
      {phase === 'done' && outcome ? (
        <section class="card" data-hocba="result" data-status={outcome.status}>
          <h2>{t(`sign_result_${outcome.status}`)}</h2>
          <p data-hocba="result-summary">{t('sign_result_summary', [String(signedSoFar), String(total)])}</p>
          <NotSigned notSigned={outcome.notSigned} />
          {outcome.notSigned.length > 0 && outcome.status !== 'completed' ? (
            <p>
              <button type="button" data-hocba="sign-rest" onClick={() => void signTheRest()}>
                {t('sign_rest', String(outcome.notSigned.length))}
              </button>
            </p>
          ) : null}
          {outcome.notSigned.some((n) => n.code === 'TIMESTAMP_UNREACHABLE') ? (
            <p>
              <button
                type="button"
                data-hocba="sign-without-timestamp"
                onClick={() => void signTheRest({ withoutTimestamp: true })}
              >
                {t('sign_without_timestamp', String(outcome.notSigned.length))}
              </button>
            </p>
          ) : null}
          <p>{session.portal.upload ? t('sign_result_uploaded') : t('sign_result_download_hint')}</p>
          <button
            type="button"
            data-hocba="download"
            disabled={outcome.signed.length === 0}
            onClick={() => downloadZip(outcome, `hoc-ba-da-ky-${batchId.current}.zip`)}
          >
            {t('sign_download')}
          </button>
        </section>
      ) : null}
      {error ? (
        <p class="error-text" data-hocba="sign-error">
          {error}
        </p>
      ) : null}
    </main>
  );
}
