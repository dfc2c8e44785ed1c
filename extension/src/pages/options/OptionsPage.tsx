import { isHocbaError } from '@hocba/shared/errors';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { CompanionState } from '../../background/companion-status.js';
import { CompanionClient } from '../../companion/client.js';
import { hocbaCommandFor, hocbaCommandHere } from '../../companion/hocba-command.js';
import { type CompanionSettings, companionSettings, savePairing } from '../../companion/settings.js';
import { addLocalTrustAnchor, adminTrustAnchors } from '../../settings/trust-anchors.js';
import { pick, t, tn } from '../../ui/i18n.js';
import { AuditHeadsSection } from './AuditHeads.js';
import { ReachSection } from './ReachSection.js';

function StatusLine({
  state,
  command,
  pairHere,
}: {
  state: CompanionState | null;
  command: string;
  /** The pairing form is on this page (not a pairing IT's policy provides). */
  pairHere: boolean;
}) {
  if (!state) return <p class="muted">{t('options_checking')}</p>;
  if (state.state === 'unavailable') {
    return (
      <p data-hocba="companion-state" data-state="unavailable" data-code={state.error.code}>
        <span class="badge bad">{t('options_companion_unavailable')}</span>{' '}
        {/* Elsewhere "not paired" sends the user to this page; here the form is just below. */}
        {pairHere && state.error.code === 'COMPANION_NOT_PAIRED'
          ? t('walk_options_not_paired_here', command)
          : pick(state.error.message)}
      </p>
    );
  }
  const s = state.status;
  return (
    <div data-hocba="companion-state" data-state="ready">
      <p>
        <span class="badge ok">{t('options_companion_ready')}</span>{' '}
        {t('options_companion_version', s.companion.version)}
      </p>
      <dl class="facts">
        <dt>{t('options_module')}</dt>
        <dd>
          {s.module.status === 'loaded'
            ? (s.module.description ?? s.module.path ?? '')
            : t('options_module_missing')}
        </dd>
        <dt>{t('options_token')}</dt>
        <dd>
          {s.token === 'present'
            ? tn('options_token_count', s.tokens, String(s.tokens))
            : t('options_token_absent')}
        </dd>
      </dl>
    </div>
  );
}

/** The code form: open while not paired; folded under "pair again" once paired. */
function PairAgain({ paired, children }: { paired: boolean; children: ComponentChildren }) {
  if (!paired) return <>{children}</>;
  return (
    <details data-hocba="pair-again">
      <summary>{t('options_pair_again')}</summary>
      {children}
    </details>
  );
}

/** How `hocba pair --list` names this browser for the technician (a label, never trusted). */
function browserName(userAgent: string): string {
  if (userAgent.includes('Firefox/')) return 'Firefox';
  if (userAgent.includes('Edg/')) return 'Edge';
  return 'Chromium';
}

export function OptionsPage() {
  const [settings, setSettings] = useState<CompanionSettings | null>(null);
  const [state, setState] = useState<CompanionState | null>(null);
  const [code, setCode] = useState('');
  const [pairMessage, setPairMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [anchorCount, setAnchorCount] = useState(0);
  const [anchorText, setAnchorText] = useState('');
  // Said under the anchor form, where it was typed (not in the pairing section).
  const [anchorMessage, setAnchorMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // What the texts tell the technician to type: hocba.cmd on Windows.
  const [platform, setPlatform] = useState({ command: hocbaCommandFor(undefined), windows: false });

  async function refresh() {
    setSettings(await companionSettings());
    setState(null);
    setState((await browser.runtime.sendMessage({ type: 'companion.status' })) as CompanionState);
    setAnchorCount((await adminTrustAnchors()).length);
  }

  useEffect(() => {
    void refresh();
    void hocbaCommandHere().then(setPlatform);
  }, []);

  async function pair(event: Event) {
    event.preventDefault();
    setBusy(true);
    setPairMessage(null);
    let client: CompanionClient | undefined;
    try {
      const current = await companionSettings();
      client = await CompanionClient.open(current);
      const label = `${browserName(navigator.userAgent)} · ${new Date().toLocaleDateString('vi-VN')}`;
      const pairing = await client.pair(code, label);
      // Prove the new secret works on this connection before keeping it.
      await client.authenticate(pairing);
      await savePairing(pairing);
      setPairMessage({ ok: true, text: t('options_paired') });
      setCode('');
      await refresh();
    } catch (error) {
      setPairMessage({
        ok: false,
        text: isHocbaError(error) ? pick({ vi: error.vi, en: error.en }) : String(error),
      });
    } finally {
      client?.close();
      setBusy(false);
    }
  }

  async function savePort(value: string) {
    const port = Number(value);
    if (Number.isInteger(port) && port > 1023 && port < 65536) {
      await browser.storage.local.set({ companionPort: port });
      await refresh();
    }
  }

  async function addAnchor(event: Event) {
    event.preventDefault();
    if (!/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(anchorText)) {
      setAnchorMessage({ ok: false, text: t('options_anchor_invalid') });
      return;
    }
    await addLocalTrustAnchor(anchorText.trim());
    setAnchorText('');
    setAnchorMessage({ ok: true, text: t('options_anchor_added') });
    await refresh();
  }

  const managed = settings?.source === 'managed';
  return (
    <main>
      <h1>{t('options_title')}</h1>
      <p class="lead">{t('options_lead')}</p>
      <section class="card">
        <h2>{t('options_companion')}</h2>
        <StatusLine state={state} command={platform.command} pairHere={!managed} />
        <button type="button" class="secondary" onClick={() => void refresh()}>
          {t('options_recheck')}
        </button>
      </section>
      <section class="card">
        <h2>{t('options_pairing')}</h2>
        {managed ? (
          <p>{t('options_pairing_managed')}</p>
        ) : (
          <form onSubmit={pair} data-hocba="pair-form">
            <p class="muted">
              {settings?.pairing
                ? t('options_pairing_existing', settings.pairing.pairingId)
                : t('options_pairing_none')}
            </p>
            {/* Once paired, pairing again is only for a reinstalled companion: folded away. */}
            <PairAgain paired={Boolean(settings?.pairing)}>
              <p data-hocba="pair-howto">{t('options_pairing_howto', platform.command)}</p>
              {platform.windows ? <p class="muted">{t('options_pairing_howto_windows')}</p> : null}
              <input
                type="text"
                name="code"
                placeholder="ABCD-EFGH"
                autocomplete="off"
                aria-label={t('options_pair_code')}
                value={code}
                onInput={(e) => setCode(e.currentTarget.value.toUpperCase())}
              />{' '}
              <button type="submit" disabled={busy || code.replace(/-/g, '').length < 8}>
                {t('options_pair')}
              </button>
            </PairAgain>
          </form>
        )}
        {pairMessage ? (
          <p class={pairMessage.ok ? '' : 'error-text'} data-hocba="pair-message">
            {pairMessage.text}
          </p>
        ) : null}
        <p>
          <label>
            {t('options_port')}{' '}
            <input
              type="number"
              min={1024}
              max={65535}
              value={settings?.port ?? ''}
              disabled={managed || settings?.portManaged}
              onChange={(e) => void savePort(e.currentTarget.value)}
            />
          </label>
        </p>
        {settings?.portManaged ? (
          <p class="muted" data-hocba="port-managed">
            {t('options_port_managed')}
          </p>
        ) : null}
      </section>
      <ReachSection />
      <section class="card">
        <h2>{t('options_anchors')}</h2>
        <p class="muted" data-hocba="anchors-lead">
          {anchorCount === 0
            ? t('options_anchors_lead_none')
            : tn('options_anchors_lead', anchorCount, String(anchorCount))}
        </p>
        <form onSubmit={addAnchor}>
          <textarea
            rows={5}
            cols={70}
            placeholder="-----BEGIN CERTIFICATE-----"
            value={anchorText}
            aria-label={t('options_anchors')}
            onInput={(e) => setAnchorText(e.currentTarget.value)}
          />
          <br />
          <button type="submit" class="secondary">
            {t('options_anchor_add')}
          </button>
        </form>
        {anchorMessage ? (
          <p class={anchorMessage.ok ? '' : 'error-text'} data-hocba="anchor-message" role="status">
            {anchorMessage.text}
          </p>
        ) : null}
      </section>
      <AuditHeadsSection command={platform.command} />
    </main>
  );
}
