import { isHocbaError } from '@hocba/shared/errors';
import { compareNames, inferRole, roleFromTitle } from '@hocba/shared/identity';
import type { CertificateInfo, ListTokensResult, TokenInfo } from '@hocba/shared/protocol';
import { ROLES, SIGNATURE_ROLES, type SignatureRole } from '@hocba/shared/roles';
import { zipSync } from 'fflate';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { SessionDocument, SignSession } from '../../background/sign-sessions.js';
import { CompanionClient } from '../../companion/client.js';
import { formatDateTime, pick, t, tn } from '../../ui/i18n.js';
import { DocumentGroups, type JudgedDocument } from './DocumentGroups.js';
import { dispositionOf, documentName, type Inspection, inspectDocument, overriddenCodes } from './inspect.js';
import { loadFromTab } from './load-from-tab.js';
import { NothingToSign } from './NothingToSign.js';
import { renderRecordPreview } from './record-preview.js';
import { type BatchOutcome, login, planParts, signDocuments } from './sign-batch.js';
import { isUploadAnswer, type UploadAnswer } from './upload-answer.js';

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
      <h3>{tn('sign_not_signed', notSigned.length, String(notSigned.length))}</h3>
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

/** The holder's name on a certificate, without qualifiers such as "(DEMO)". */
function holderName(cert: CertificateInfo): string {
  return (cert.subject.commonName ?? '').replace(/\s*\([^)]*\)\s*$/u, '').trim();
}

const usable = (c: CertificateInfo) => c.validity === 'valid' && c.keyUsage === 'signing';

/** The certificate to preselect: the one whose title names the portal login's role, or the only usable one. */
function preselect(tokens: TokenInfo[], loginRole: SignatureRole | null) {
  const all = tokens.flatMap((token) => token.certificates.filter(usable).map((cert) => ({ token, cert })));
  const byRole = loginRole
    ? all.filter(
        ({ cert }) => roleFromTitle(cert.subject.title) === loginRole || cert.roleHints[0] === loginRole,
      )
    : [];
  const pick1 = byRole[0] ?? (all.length === 1 ? all[0] : undefined);
  return pick1 ? { serial: pick1.token.serial, certificateId: pick1.cert.id } : null;
}

export function SignPage({ sessionId }: { sessionId: string }) {
  const [phase, setPhase] = useState<Phase>('loading');
  const [session, setSession] = useState<SignSession | null>(null);
  const [tokens, setTokens] = useState<TokenInfo[]>([]);
  const [companion, setCompanion] = useState<'connecting' | 'connected' | string>('connecting');
  const [choice, setChoice] = useState<{ serial: string; certificateId: string } | null>(null);
  const [pickedRole, setPickedRole] = useState<SignatureRole | null>(null);
  const [inspections, setInspections] = useState<ReadonlyMap<string, Inspection>>(new Map());
  const [overrides, setOverrides] = useState<ReadonlySet<string>>(new Set());
  // Records previewed here: docId → SHA-256 of the PDF shown, which the companion must match.
  const [previewed, setPreviewed] = useState<Readonly<Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [pinError, setPinError] = useState<string | null>(null);
  const [finalTry, setFinalTry] = useState(false);
  const [progress, setProgress] = useState<Record<string, 'signed' | 'failed'>>({});
  // The PAdES level each signed file reached (B-B, B-T, B-LT), as the companion reports it.
  const [levels, setLevels] = useState<Record<string, string>>({});
  // The user chose to go on at B-B after the time-stamp server could not be reached.
  const [withoutTimestamp, setWithoutTimestamp] = useState(false);
  const [outcome, setOutcome] = useState<BatchOutcome | null>(null);
  const [upload, setUpload] = useState<UploadAnswer | 'waiting' | null>(null);
  // After a stop (cancel, pulled token), "sign the rest" signs only what is not signed yet.
  const [pending, setPending] = useState<SessionDocument[] | null>(null);
  const clientRef = useRef<CompanionClient | null>(null);
  const batchId = useRef(newBatchId());
  const batchDocs = useRef<SessionDocument[]>([]);
  const pinRef = useRef<HTMLInputElement>(null);

  /** (Re)connects to the companion and lists its tokens; what fails is shown up front. */
  async function connect(loginRole: SignatureRole | null): Promise<void> {
    clientRef.current?.close();
    clientRef.current = null;
    setCompanion('connecting');
    try {
      const client = await CompanionClient.connect();
      clientRef.current = client;
      const list = (await client.request({ type: 'listTokens' })) as ListTokensResult;
      setTokens(list.tokens);
      setChoice(preselect(list.tokens, loginRole));
      setCompanion('connected');
    } catch (e) {
      setTokens([]);
      setChoice(null);
      setCompanion(errorText(e));
    }
  }

  /** Reads every document from the portal tab, part by part, keeping only what was learnt. */
  async function inspectAll(s: SignSession): Promise<void> {
    for (const part of planParts(s.documents)) {
      // A tab that is gone answers nothing: its documents are then judged missing, not skipped.
      const loaded = await loadFromTab(
        sessionId,
        part.map((d) => d.docId),
      ).catch(() => []);
      const payloads = new Map(loaded.map((p) => [p.docId, p]));
      const found: [string, Inspection][] = [];
      for (const doc of part) found.push([doc.docId, await inspectDocument(doc, payloads.get(doc.docId))]);
      setInspections((prev) => new Map([...prev, ...found]));
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
      setPhase('ready');
      await Promise.all([connect(roleFromTitle(s.portal.login)), inspectAll(s)]);
    })().catch((e: unknown) => setError(errorText(e)));
    return () => clientRef.current?.close();
  }, [sessionId]);

  const cert = useMemo(
    () =>
      tokens
        .find((tk) => tk.serial === choice?.serial)
        ?.certificates.find((c) => c.id === choice?.certificateId) ?? null,
    [tokens, choice],
  );
  const inference = inferRole({
    certificate: cert ? { title: cert.subject.title ?? null, roleHints: cert.roleHints } : null,
    login: session?.portal.login ?? null,
  });
  const role = pickedRole ?? inference.role;
  const judged: JudgedDocument[] = (session?.documents ?? []).map((doc) => {
    const inspection = inspections.get(doc.docId);
    return { doc, inspection, disposition: inspection ? dispositionOf(inspection, role) : 'pending' };
  });
  const inspecting = judged.some((j) => j.disposition === 'pending');
  const toSend = judged
    .filter((j) => j.disposition === 'send' || (j.disposition === 'review' && overrides.has(j.doc.docId)))
    .map((j) => ({
      ...j.doc,
      name: documentName(j.doc, j.inspection),
      ...(previewed[j.doc.docId] ? { previewSha256: previewed[j.doc.docId] } : {}),
      ...(j.disposition === 'review' ? { overridden: overriddenCodes(j.inspection) } : {}),
    }));
  // The person the record names for this role, against the certificate's holder.
  const holderMismatch =
    cert && role && ROLES[role].signer === 'person'
      ? judged.filter((j) => {
          const named = j.inspection?.identity?.signers[role];
          return (
            toSend.some((d) => d.docId === j.doc.docId) &&
            named &&
            compareNames(named, holderName(cert)) !== 'same'
          );
        })
      : [];
  const namedInRecords = [
    ...new Set(holderMismatch.map((j) => (role && j.inspection?.identity?.signers[role]) || '')),
  ];

  useEffect(() => {
    // The PIN field takes the focus as soon as it can be used, and is scrolled into view.
    if (phase === 'ready' && companion === 'connected' && !inspecting) {
      pinRef.current?.focus();
      pinRef.current?.scrollIntoView({ block: 'nearest' });
    }
  }, [phase, companion, inspecting]);

  async function sign(event: Event) {
    event.preventDefault();
    const client = clientRef.current;
    const pinInput = pinRef.current;
    if (!client || !session || !choice || !pinInput || !role) return;
    const pin = pinInput.value;
    // The PIN leaves the page only inside the login message; the field is cleared at once.
    pinInput.value = '';
    setError(null);
    setPinError(null);
    const documents = pending ?? toSend;
    if (documents.length === 0) return;
    setPhase('signing');
    try {
      await login(client, choice.serial, pin, finalTry);
    } catch (e) {
      if (isHocbaError(e) && e.code === 'PIN_FINAL_TRY_CONFIRM') setFinalTry(false);
      let text = errorText(e);
      if (isHocbaError(e) && e.code === 'PIN_INCORRECT') text = `${text} ${t('sign_pin_tries_unknown')}`;
      setPinError(text);
      setPhase('ready');
      // The token's PIN counters may have changed: show them as the token now says.
      const list = (await client
        .request({ type: 'listTokens' })
        .catch(() => null)) as ListTokensResult | null;
      if (list) setTokens(list.tokens);
      setTimeout(() => pinRef.current?.focus(), 0);
      return;
    }
    if (!pending) batchDocs.current = documents;
    try {
      const result = await signDocuments(client, {
        batchId: batchId.current,
        serial: choice.serial,
        certificateId: choice.certificateId,
        role,
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
      if (result.signed.length > 0 && session.portal.upload) setUpload('waiting');
      const answer = (await browser.runtime.sendMessage({
        type: 'sign.finished',
        sessionId,
        remaining: result.notSigned.length,
        results: result.signed.map((f) => ({
          docId: f.docId,
          name: f.name,
          pdfBase64: f.pdfBase64,
          sha256: f.sha256,
        })),
      })) as { ok?: boolean; upload?: unknown } | undefined;
      if (result.signed.length > 0 && session.portal.upload) {
        setUpload(
          isUploadAnswer(answer?.upload) ? answer.upload : { delivered: false, uploaded: 0, refused: [] },
        );
      }
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
    setUpload(null);
    await connect(role ?? roleFromTitle(session.portal.login));
    setOutcome(null);
    setPhase('ready');
  }

  /**
   * Opens, in a new tab, the PDF exactly as it will be signed: the portal's bytes the tab
   * holds, or the record rendered as the companion will render it.
   */
  async function preview(doc: SessionDocument) {
    // Opened now, while the click still counts as the signer's: filled once the PDF is ready.
    const target = window.open('', '_blank');
    const [payload] = await loadFromTab(sessionId, [doc.docId]).catch(() => []);
    let bytes: Uint8Array | null = null;
    if (doc.kind === 'pdf' && payload?.pdfBase64) bytes = base64ToBytes(payload.pdfBase64);
    if (doc.kind === 'record' && payload?.record) {
      const rendered = await renderRecordPreview(payload.record).catch(() => null);
      if (rendered) {
        bytes = rendered.pdf;
        setPreviewed((prev) => ({ ...prev, [doc.docId]: rendered.sha256 }));
      }
    }
    if (!bytes) {
      target?.close();
      setError(t('sign_preview_unavailable'));
      return;
    }
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
    if (target) target.location.href = url;
    else window.open(url, '_blank');
    setTimeout(() => URL.revokeObjectURL(url), 120_000);
  }

  async function cancel() {
    await clientRef.current?.request({ type: 'cancel', batchId: batchId.current }).catch(() => undefined);
  }

  if (phase === 'fatal' || phase === 'loading' || !session) {
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
  const sentCount = batchDocs.current.length || toSend.length;
  const done = Object.values(progress).filter((p) => p === 'signed').length;
  const toSign = pending?.length ?? toSend.length;
  const signedSoFar = sentCount - (pending?.length ?? sentCount);
  const apart = judged.filter((j) => !['send', 'review', 'pending'].includes(j.disposition)).length;
  const review = judged.filter((j) => j.disposition === 'review' && !overrides.has(j.doc.docId)).length;
  // Every document held back: no PIN is asked for nothing; the window says why instead.
  const nothingToSign = !pending && toSend.length === 0;
  const resultKey = !outcome
    ? ''
    : signedSoFar === 0
      ? 'sign_result_none'
      : outcome.status === 'completed' && outcome.notSigned.length === 0
        ? 'sign_result_completed'
        : outcome.status === 'cancelled'
          ? 'sign_result_cancelled'
          : 'sign_result_partial';
  return (
    <main data-phase={phase}>
      <h1>{t('sign_title')}</h1>
      <p class="lead" data-hocba="lead">
        {inspecting
          ? t('sign_inspecting', [String(inspections.size), String(total)])
          : tn('sign_lead_counts', total, [
              String(total),
              String(toSend.length),
              String(review),
              String(apart),
            ])}
      </p>
      {/* The page's title and login are the portal's words; its address is not. */}
      <p class="muted page-text" data-hocba="portal-origin">
        {t('sign_portal_origin', portalOrigin(session.portal.url))} ·{' '}
        <span data-hocba="page-title">{t('sign_page_title', session.portal.title.slice(0, 120))}</span>
        {session.portal.login ? (
          <>
            {' · '}
            <span data-hocba="page-login">{t('sign_page_login', session.portal.login.slice(0, 120))}</span>
          </>
        ) : null}
      </p>
      <section
        class="card status-card"
        data-hocba="companion-status"
        data-status={
          companion === 'connected' ? 'connected' : companion === 'connecting' ? 'connecting' : 'error'
        }
      >
        {companion === 'connecting' ? <span class="muted">{t('sign_companion_connecting')}</span> : null}
        {companion === 'connected' ? (
          <span>
            <span class="badge ok">{t('sign_companion_ok')}</span>{' '}
            {tokens.length === 0 ? (
              <span class="badge bad" data-hocba="token">
                {t('sign_token_none')}
              </span>
            ) : (
              tokens.map((tk) => (
                <span key={tk.serial} class="badge ok" data-hocba="token">
                  {t('sign_token_ok', tk.label)}
                </span>
              ))
            )}
          </span>
        ) : null}
        {companion !== 'connected' && companion !== 'connecting' ? (
          <p class="error-text" data-hocba="sign-error">
            {companion}{' '}
            <button
              type="button"
              class="secondary"
              onClick={() => void connect(role ?? roleFromTitle(session.portal.login))}
            >
              {t('sign_reconnect')}
            </button>
          </p>
        ) : null}
        {inspecting ? (
          <p class="muted" data-hocba="inspecting">
            {t('sign_inspecting', [String(inspections.size), String(total)])}
          </p>
        ) : null}
      </section>
      {/* The PIN form comes once every document is judged: nothing is learnt after the PIN. */}
      {phase === 'ready' && companion === 'connected' && !inspecting ? (
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
            ...token.certificates.map((c) => (
              <CertificateChoice
                key={`${token.serial}-${c.id}`}
                token={token}
                cert={c}
                checked={choice?.serial === token.serial && choice.certificateId === c.id}
                onChoose={() => {
                  setChoice({ serial: token.serial, certificateId: c.id });
                  setPickedRole(null);
                }}
              />
            )),
          ])}
          <fieldset class="roles" data-hocba="role">
            <legend>
              {t('sign_role')}{' '}
              <span class="muted" data-hocba="role-source">
                {role && !pickedRole && inference.source
                  ? t(`sign_role_from_${inference.source}`)
                  : inference.conflict
                    ? t('sign_role_conflict')
                    : role
                      ? ''
                      : t('sign_role_choose')}
              </span>
            </legend>
            {SIGNATURE_ROLES.map((r) => (
              <label key={r} class="role">
                <input
                  type="radio"
                  name="role"
                  value={r}
                  checked={role === r}
                  onChange={() => setPickedRole(r)}
                />{' '}
                {pick(ROLES[r].label)}
              </label>
            ))}
          </fieldset>
          {holderMismatch.length > 0 && cert && role ? (
            <p class="warning" data-hocba="holder-mismatch">
              {tn('sign_holder_mismatch', holderMismatch.length, [
                holderName(cert),
                pick(ROLES[role].label),
                namedInRecords.slice(0, 3).join(', '),
                String(holderMismatch.length),
              ])}
            </p>
          ) : null}
          {nothingToSign ? (
            <NothingToSign judged={judged} role={role} overrides={overrides} />
          ) : (
            <>
              <div class="pin-row">
                <label>
                  {t('sign_pin')}{' '}
                  <input
                    ref={pinRef}
                    type="password"
                    name="pin"
                    autocomplete="off"
                    maxLength={64}
                    required
                    aria-invalid={pinError ? 'true' : undefined}
                    aria-describedby={pinError ? 'pin-error' : undefined}
                  />
                </label>
                <button
                  type="submit"
                  disabled={!choice || !role || inspecting || toSign === 0}
                  data-hocba="sign-submit"
                >
                  {tn('sign_submit', toSign, String(toSign))}
                </button>
              </div>
              {pinError ? (
                <p class="pin-error error-text" id="pin-error" data-hocba="pin-error" role="alert">
                  {pinError}
                </p>
              ) : null}
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
            </>
          )}
        </form>
      ) : null}
      {phase === 'signing' ? (
        <section class="card" data-hocba="progress">
          <p>{tn('sign_progress', toSign, [String(done), String(toSign)])}</p>
          <progress max={toSign} value={done} />
          <p>
            <button type="button" class="secondary" onClick={() => void cancel()}>
              {t('sign_cancel')}
            </button>
          </p>
        </section>
      ) : null}
      {phase === 'done' && outcome ? (
        <section class="card" data-hocba="result" data-status={outcome.status} data-signed={signedSoFar}>
          <h2 data-hocba="result-heading">{t(resultKey)}</h2>
          <p data-hocba="result-summary">
            {tn('sign_result_summary', sentCount, [String(signedSoFar), String(sentCount)])}
          </p>
          {apart > 0 ? <p class="muted">{tn('sign_result_apart', apart, String(apart))}</p> : null}
          <NotSigned notSigned={outcome.notSigned} />
          {outcome.notSigned.length > 0 && outcome.status !== 'completed' ? (
            <p>
              <button type="button" data-hocba="sign-rest" onClick={() => void signTheRest()}>
                {tn('sign_rest', outcome.notSigned.length, String(outcome.notSigned.length))}
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
                {tn('sign_without_timestamp', outcome.notSigned.length, String(outcome.notSigned.length))}
              </button>
            </p>
          ) : null}
          {outcome.signed.length === 0 ? null : !session.portal.upload ? (
            <p>{t('sign_result_download_hint')}</p>
          ) : upload === 'waiting' ? (
            <p data-hocba="upload">{t('sign_result_uploading')}</p>
          ) : upload?.delivered ? (
            <p data-hocba="upload" class={upload.refused.length > 0 ? 'error-text' : ''}>
              {upload.refused.length === 0
                ? tn('sign_result_uploaded_count', upload.uploaded, String(upload.uploaded))
                : `${tn('sign_result_uploaded_partly', upload.uploaded, [String(upload.uploaded), String(upload.refused.length)])} ${upload.refused.map((r) => r.name).join(', ')}`}
            </p>
          ) : upload ? (
            <p data-hocba="upload" class="error-text">
              {t('sign_result_not_delivered')}
            </p>
          ) : null}
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
      <DocumentGroups
        judged={judged}
        role={role}
        progress={progress}
        levels={levels}
        overrides={overrides}
        canOverride={phase === 'ready'}
        onOverride={(docId, on) =>
          setOverrides((prev) => {
            const next = new Set(prev);
            if (on) next.add(docId);
            else next.delete(docId);
            return next;
          })
        }
        onPreview={(doc) => void preview(doc)}
      />
    </main>
  );
}
