/**
 * The signing window, in what the signer sees from top to bottom: the summary (SignSummary),
 * the choices and the PIN (SignForm), the progress (SignProgress), the result (SignResult)
 * and the documents (DocumentGroups). This file holds the state and talks to the companion
 * and the portal tab; the components only show it.
 */
import { isHocbaError } from '@hocba/shared/errors';
import { inferRole, roleFromTitle } from '@hocba/shared/identity';
import type { ListTokensResult, TokenInfo } from '@hocba/shared/protocol';
import type { SignatureRole } from '@hocba/shared/roles';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { SessionDocument, SignSession } from '../../background/sign-sessions.js';
import { CompanionClient } from '../../companion/client.js';
import { pick, t } from '../../ui/i18n.js';
import { preselect } from './certificates.js';
import { DocumentGroups } from './DocumentGroups.js';
import { type Inspection, inspectDocument } from './inspect.js';
import { judgeBatch } from './judge-batch.js';
import { loadFromTab } from './load-from-tab.js';
import { openPreview } from './preview-tab.js';
import { SignForm } from './SignForm.js';
import { SignProgress } from './SignProgress.js';
import { SignResult } from './SignResult.js';
import { SignSummary } from './SignSummary.js';
import { type BatchOutcome, login, planParts, signDocuments } from './sign-batch.js';
import { isUploadAnswer, type UploadAnswer } from './upload-answer.js';

type Phase = 'loading' | 'ready' | 'signing' | 'done' | 'fatal';

/** Random, not guessable: a batch id names the companion's journal and archive folder. */
function newBatchId(): string {
  return `b${crypto.randomUUID().replace(/-/g, '')}`;
}

function errorText(error: unknown): string {
  return isHocbaError(error) ? pick({ vi: error.vi, en: error.en }) : String(error);
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
  const { judged, inspecting, toSend, holderMismatch, namedInRecords } = judgeBatch({
    documents: session?.documents ?? [],
    inspections,
    role,
    overrides,
    previewed,
    cert,
  });

  useEffect(() => {
    // The PIN field takes the focus as soon as it can be used, and is scrolled into view.
    if (phase === 'ready' && companion === 'connected' && !inspecting) {
      // Without a token the PIN field is disabled: the focus goes to "look for the token again".
      const target =
        tokens.length > 0 ? pinRef.current : document.querySelector<HTMLElement>('[data-hocba="find-token"]');
      target?.focus();
      target?.scrollIntoView({ block: 'nearest' });
    }
  }, [phase, companion, inspecting, tokens.length]);

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

  /** Opens the PDF as it will be signed (preview-tab.ts); a record's hash is kept for the companion. */
  async function preview(doc: SessionDocument) {
    // Before any await: the new tab opens while the click still counts as the signer's.
    const shown = await openPreview(sessionId, doc);
    if (!shown.shown) setError(t('sign_preview_unavailable'));
    else if (shown.recordSha256) {
      const sha256 = shown.recordSha256;
      setPreviewed((prev) => ({ ...prev, [doc.docId]: sha256 }));
    }
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

  const sentCount = batchDocs.current.length || toSend.length;
  const done = Object.values(progress).filter((p) => p === 'signed').length;
  const toSign = pending?.length ?? toSend.length;
  const signedSoFar = sentCount - (pending?.length ?? sentCount);
  const apart = judged.filter((j) => !['send', 'review', 'pending'].includes(j.disposition)).length;
  const review = judged.filter((j) => j.disposition === 'review' && !overrides.has(j.doc.docId)).length;
  // Every document held back: no PIN is asked for nothing; the window says why instead.
  const nothingToSign = !pending && toSend.length === 0;
  const sendingIds = new Set((pending ?? toSend).map((d) => d.docId));
  const sending = judged.filter((j) => sendingIds.has(j.doc.docId)).map((j) => j.inspection);
  return (
    <main data-phase={phase}>
      <h1>{t('sign_title')}</h1>
      <SignSummary
        session={session}
        inspected={inspecting ? inspections.size : undefined}
        counts={{ toSend: toSend.length, review, apart }}
        companion={companion}
        tokens={tokens}
        onReconnect={() => void connect(role ?? roleFromTitle(session.portal.login))}
      />
      {/* The PIN form comes once every document is judged: nothing is learnt after the PIN. */}
      {phase === 'ready' && companion === 'connected' && !inspecting ? (
        <SignForm
          tokens={tokens}
          choice={choice}
          onChoose={(c) => {
            setChoice(c);
            setPickedRole(null);
          }}
          cert={cert}
          role={role}
          pickedRole={pickedRole}
          inference={inference}
          onPickRole={setPickedRole}
          holderMismatch={holderMismatch}
          namedInRecords={namedInRecords}
          nothingToSign={nothingToSign}
          judged={judged}
          sending={sending}
          overrides={overrides}
          pinRef={pinRef}
          pinError={pinError}
          finalTry={finalTry}
          onFinalTry={setFinalTry}
          toSign={toSign}
          inspecting={inspecting}
          onSubmit={sign}
          onFindToken={() => void connect(role ?? roleFromTitle(session.portal.login))}
        />
      ) : null}
      {phase === 'signing' ? (
        <SignProgress done={done} toSign={toSign} onCancel={() => void cancel()} />
      ) : null}
      {phase === 'done' && outcome ? (
        <SignResult
          outcome={outcome}
          signedSoFar={signedSoFar}
          sentCount={sentCount}
          apart={apart}
          portalUpload={Boolean(session.portal.upload)}
          upload={upload}
          zipName={`hoc-ba-da-ky-${batchId.current}.zip`}
          onSignTheRest={(options) => void signTheRest(options)}
        />
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
        started={phase === 'signing' || phase === 'done'}
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
