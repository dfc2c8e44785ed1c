/**
 * What the signer chooses before signing: the certificate, the role the signature is made in,
 * and the PIN, typed here, in the extension's own page, never in the portal. Shown once every
 * document is judged: nothing is learnt after the PIN.
 */
import type { inferRole } from '@hocba/shared/identity';
import type { CertificateInfo, TokenInfo } from '@hocba/shared/protocol';
import { ROLES, SIGNATURE_ROLES, type SignatureRole } from '@hocba/shared/roles';
import type { Ref } from 'preact';
import { formatDateTime, pick, t, tn } from '../../ui/i18n.js';
import { holderName, usable } from './certificates.js';
import type { JudgedDocument } from './DocumentGroups.js';
import type { Inspection } from './inspect.js';
import { NothingToSign } from './NothingToSign.js';
import { WhatYouSign } from './WhatYouSign.js';

function CertificateChoice(props: {
  token: TokenInfo;
  cert: CertificateInfo;
  checked: boolean;
  onChoose: () => void;
}) {
  const { cert } = props;
  const ok = usable(cert);
  return (
    <label class={`cert${ok ? '' : ' expired'}`} data-hocba="certificate">
      <input type="radio" name="cert" checked={props.checked} disabled={!ok} onChange={props.onChoose} />{' '}
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

export interface Choice {
  serial: string;
  certificateId: string;
}

export function SignForm(props: {
  tokens: TokenInfo[];
  choice: Choice | null;
  onChoose: (choice: Choice) => void;
  /** The certificate chosen, if any. */
  cert: CertificateInfo | null;
  role: SignatureRole | null;
  /** The role was chosen by hand (not inferred). */
  pickedRole: SignatureRole | null;
  inference: ReturnType<typeof inferRole>;
  onPickRole: (role: SignatureRole) => void;
  /** Documents whose record names someone else than the certificate's holder for the role. */
  holderMismatch: JudgedDocument[];
  namedInRecords: string[];
  /** Every document held back: the window says why instead of asking for a PIN. */
  nothingToSign: boolean;
  judged: JudgedDocument[];
  /** The inspections of the records the PIN will sign. */
  sending: readonly (Inspection | undefined)[];
  overrides: ReadonlySet<string>;
  pinRef: Ref<HTMLInputElement>;
  pinError: string | null;
  finalTry: boolean;
  onFinalTry: (on: boolean) => void;
  toSign: number;
  inspecting: boolean;
  onSubmit: (event: Event) => void;
  /** Lists the tokens again (one was plugged in after the window opened). */
  onFindToken: () => void;
}) {
  const { tokens, choice, cert, role, pickedRole, inference, holderMismatch, pinError } = props;
  // The PIN state of the token the chosen certificate is on: a locked PIN takes no PIN here,
  // and a last try is made only once the signer has ticked that they know it is the last.
  const pinStatus = tokens.find((tk) => tk.serial === choice?.serial)?.pin.status;
  const locked = pinStatus === 'locked';
  const lastTryUnconfirmed = pinStatus === 'finalTry' && !props.finalTry;
  return (
    <form class="card" onSubmit={props.onSubmit} data-hocba="sign-form">
      <h2>{t('sign_certificate')}</h2>
      {tokens.length === 0 ? (
        <p class="error-text" data-hocba="no-token">
          {t('sign_no_token')}{' '}
          <button type="button" class="secondary" data-hocba="find-token" onClick={props.onFindToken}>
            {t('sign_find_token')}
          </button>
        </p>
      ) : null}
      {tokens.flatMap((token) => [
        token.pin.status === 'countLow' ? (
          <p key={`${token.serial}-low`} class="warning">
            {t('sign_pin_count_low')}
          </p>
        ) : null,
        token.pin.status === 'finalTry' ? (
          <p key={`${token.serial}-final`} class="warning" data-hocba="pin-final-try">
            {t('sign_pin_final_try')}
          </p>
        ) : null,
        token.pin.status === 'locked' ? (
          <p key={`${token.serial}-locked`} class="error-text" data-hocba="pin-locked" role="alert">
            {t('sign_pin_locked', token.label)}
          </p>
        ) : null,
        ...token.certificates.map((c) => (
          <CertificateChoice
            key={`${token.serial}-${c.id}`}
            token={token}
            cert={c}
            checked={choice?.serial === token.serial && choice.certificateId === c.id}
            onChoose={() => props.onChoose({ serial: token.serial, certificateId: c.id })}
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
              onChange={() => props.onPickRole(r)}
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
            props.namedInRecords.slice(0, 3).join(', '),
            String(holderMismatch.length),
          ])}
        </p>
      ) : null}
      {props.nothingToSign ? (
        <NothingToSign judged={props.judged} role={role} overrides={props.overrides} />
      ) : (
        <>
          <WhatYouSign sending={props.sending} cert={cert} role={role} />
          {/* Before the PIN field: the last try is confirmed first, then typed. */}
          {pinStatus === 'finalTry' ? (
            <label class="final-try">
              <input
                type="checkbox"
                data-hocba="confirm-final-try"
                checked={props.finalTry}
                onChange={(e) => props.onFinalTry(e.currentTarget.checked)}
              />{' '}
              {t('sign_confirm_final_try')}
            </label>
          ) : null}
          <div class="pin-row">
            <label>
              {t('sign_pin')}{' '}
              <input
                ref={props.pinRef}
                type="password"
                name="pin"
                autocomplete="off"
                maxLength={64}
                required
                // No token (or a locked one), no PIN to type: the field waits.
                disabled={tokens.length === 0 || locked}
                aria-invalid={pinError ? 'true' : undefined}
                aria-describedby={pinError ? 'pin-error' : undefined}
              />
            </label>
            <button
              type="submit"
              disabled={
                !choice || !role || props.inspecting || props.toSign === 0 || locked || lastTryUnconfirmed
              }
              data-hocba="sign-submit"
            >
              {tn('sign_submit', props.toSign, String(props.toSign))}
            </button>
          </div>
          {pinError ? (
            <p class="pin-error error-text" id="pin-error" data-hocba="pin-error" role="alert">
              {pinError}
            </p>
          ) : null}
          {/* What the PIN is for, before where it goes: one PIN, the whole batch, this certificate. */}
          <p class="muted" data-hocba="pin-purpose">
            {tn('walk_sign_pin_purpose', props.toSign, String(props.toSign))}
          </p>
          <p class="muted">{t('sign_pin_note')}</p>
        </>
      )}
    </form>
  );
}
