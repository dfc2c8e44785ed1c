/**
 * Right above the PIN field, what the PIN will do, read from the records themselves: how
 * many, which class, school year and school, in which role, and the stamp each record will
 * show. A batch that mixes school years or schools says so before the PIN.
 */
import type { CertificateInfo } from '@hocba/shared/protocol';
import { ROLES, type SignatureRole } from '@hocba/shared/roles';
import { pick, t, tn } from '../../ui/i18n.js';
import { batchOverview, isMixed, stampVariants, tallyText } from './batch-overview.js';
import type { Inspection } from './inspect.js';

export function WhatYouSign(props: {
  /** The inspections of the records this PIN will sign. */
  sending: readonly (Inspection | undefined)[];
  cert: CertificateInfo | null;
  role: SignatureRole | null;
}) {
  const { sending, cert, role } = props;
  if (sending.length === 0) return null;
  const overview = batchOverview(sending);
  const parts = [
    overview.classes.length > 0 ? t('sign_overview_class', tallyText(overview.classes)) : '',
    overview.years.length > 0 ? t('sign_overview_year', tallyText(overview.years)) : '',
    tallyText(overview.schools),
  ].filter(Boolean);
  const mixed = isMixed(overview);
  const stamps = cert && role ? stampVariants(cert.derBase64, role, sending) : null;
  return (
    <section class="what-you-sign" data-hocba="what-you-sign" aria-label={t('sign_overview_heading')}>
      <p data-hocba="batch-overview">
        <strong>{tn('sign_overview_count', overview.count, String(overview.count))}</strong>
        {parts.length > 0 ? ` ${parts.join(' · ')}` : ''}
        {role ? (
          <>
            {' · '}
            {t('sign_overview_role')} <strong>{pick(ROLES[role].label)}</strong>
          </>
        ) : null}{' '}
        <span class="muted">{t('sign_overview_source')}</span>
      </p>
      {mixed ? (
        <p class="warning" data-hocba="batch-mixed">
          {t('sign_overview_mixed')}
        </p>
      ) : null}
      {overview.unread > 0 ? (
        <p class="muted" data-hocba="batch-unread">
          {tn('sign_overview_unread', overview.unread, String(overview.unread))}
        </p>
      ) : null}
      {stamps && role ? (
        <div data-hocba="stamp-preview">
          <p>{t('sign_stamp_lead', pick(ROLES[role].label))}</p>
          {stamps.map((stamp) => (
            <figure key={stamp.lines.join('\n')} class="stamp">
              {stamps.length > 1 ? (
                <figcaption>{tn('sign_stamp_count', stamp.count, String(stamp.count))}</figcaption>
              ) : null}
              {/* The stamp's lines differ from one another (labels, heading): each is its own key. */}
              {stamp.lines.map((line) => (
                <div key={line}>{line}</div>
              ))}
              <div>{t('sign_stamp_time')}</div>
            </figure>
          ))}
        </div>
      ) : null}
    </section>
  );
}
