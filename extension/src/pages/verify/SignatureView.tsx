import { ROLES } from '@hocba/shared/roles';
import { type SignatureReport, weakHash } from '@hocba/shared/verify';
import { formatVietnamTime, pick, t } from '../../ui/messages.js';

const STATUS_CLASS = { TOTAL_PASSED: 'ok', TOTAL_FAILED: 'bad', INDETERMINATE: 'warn' } as const;

/**
 * The role and where it comes from: the field's name is only the signer's claim, the
 * certificate's title is certified; when they disagree the certificate's word is shown and
 * the field's claim beside it, never the claim alone.
 */
/**
 * The "Nội dung" line. A SHA-1 digest that matches no longer proves the content unchanged
 * (chosen-prefix collisions): the card must not say "intact" where the verdict says the
 * signature cannot be decided for exactly that reason.
 */
function integrityKey(signature: SignatureReport): string {
  const { status } = signature.integrity;
  return status === 'INTACT' && weakHash(signature.integrity)
    ? 'verify_integrity_INTACT_SHA1'
    : `verify_integrity_${status}`;
}

export function roleText(signature: SignatureReport): string {
  if (signature.kind === 'DOCUMENT_TIMESTAMP') return t('verify_role_timestamp');
  const e = signature.roleEvidence;
  const label = signature.role ? pick(ROLES[signature.role].label) : t('verify_role_unknown');
  const claimed = e?.claimed ? pick(ROLES[e.claimed].label) : '';
  switch (e?.agreement) {
    case 'MATCH':
      return label;
    case 'MISMATCH':
      return signature.role
        ? t('verify_role_mismatch', [label, claimed])
        : t('verify_role_mismatch_title', [e.certificateSays ?? '', claimed]);
    case 'DELEGATED':
      return t('verify_role_delegated', [e.certificateSays ?? '', label]);
    case 'CLAIMED_ONLY':
      return t('verify_role_from_field', label);
    case 'CERTIFIED_ONLY':
      return t('verify_role_from_certificate', label);
    default:
      if (!signature.role) return t('verify_role_unknown');
      return signature.roleSource === 'CERTIFICATE' ? t('verify_role_from_certificate', label) : label;
  }
}

export function timeText(signature: SignatureReport): string {
  const when = formatVietnamTime(signature.signedAt);
  switch (signature.timeSource) {
    case 'TIMESTAMP':
      return t('verify_time_timestamp', [when, signature.timestamp?.tsa ?? '']);
    case 'CLAIMED_CMS':
    case 'CLAIMED_PDF':
      return t('verify_time_claimed', when);
    default:
      return t('verify_time_none');
  }
}

export function SignatureView({ signature }: { signature: SignatureReport }) {
  const signer = signature.signer;
  return (
    <section
      class="signature"
      data-status={signature.status}
      data-role={signature.role ?? ''}
      data-role-agreement={signature.roleEvidence?.agreement ?? ''}
    >
      <header>
        <span class={`badge ${STATUS_CLASS[signature.status]}`}>
          {t(`verify_status_${signature.status}`)}
        </span>
        <strong>{roleText(signature)}</strong>
      </header>
      <p class="signature-message">{pick(signature.message)}</p>
      <dl class="facts">
        <dt>{t('verify_signer')}</dt>
        <dd class="signer-name">{signer?.name ?? t('verify_unknown')}</dd>
        {signature.roleEvidence?.claimed ? (
          <>
            <dt>{t('verify_role_claimed')}</dt>
            <dd data-hocba="role-claimed">{pick(ROLES[signature.roleEvidence.claimed].label)}</dd>
          </>
        ) : null}
        {signer?.title ? (
          <>
            <dt>{t('verify_title_field')}</dt>
            <dd>{signer.title}</dd>
          </>
        ) : null}
        {signer?.organization ? (
          <>
            <dt>{t('verify_organization')}</dt>
            <dd>{signer.organization}</dd>
          </>
        ) : null}
        {signer?.id ? (
          <>
            <dt>{t('verify_identifier')}</dt>
            <dd>{signer.id}</dd>
          </>
        ) : null}
        <dt>{t('verify_signed_at')}</dt>
        <dd class="signed-at">{timeText(signature)}</dd>
        <dt>{t('verify_integrity')}</dt>
        <dd>{t(integrityKey(signature))}</dd>
        <dt>{t('verify_certificate')}</dt>
        <dd>
          {signature.trust.status ? t(`verify_trust_${signature.trust.status}`) : t('verify_unknown')}
          {signature.trust.anchor ? (
            <div class="muted">{t('verify_anchor', signature.trust.anchor)}</div>
          ) : null}
          {signature.trust.chain.length > 0 ? (
            <div class="muted chain">{signature.trust.chain.join(' → ')}</div>
          ) : null}
        </dd>
        <dt>{t('verify_after_signing')}</dt>
        <dd>
          {t(`verify_modifications_${signature.modifications.status}`)}
          {signature.modifications.changes.length > 0 ? (
            <ul class="changes" data-hocba="changes">
              {signature.modifications.changes.map((c, i) => (
                <li
                  key={`${c.revision}-${c.kind}-${i}`}
                  class={c.verdict === 'DISALLOWED' ? 'error-text' : 'muted'}
                  data-kind={c.kind}
                >
                  {c.message ? pick(c.message) : c.detail}
                </li>
              ))}
            </ul>
          ) : null}
        </dd>
      </dl>
    </section>
  );
}
