/**
 * The top of the window: how many documents there are and what becomes of them, which portal
 * page asked (its origin is ours to say; its title and login are the portal's words), and
 * whether the companion and a token are there.
 */
import type { TokenInfo } from '@hocba/shared/protocol';
import type { SignSession } from '../../background/sign-sessions.js';
import { t, tn } from '../../ui/i18n.js';

function portalOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** What becomes of the documents, only the groups that hold any ("0 awaiting" is noise). */
function leadParts(counts: { toSend: number; review: number; apart: number }): string[] {
  return [
    t('sign_lead_send', String(counts.toSend)),
    counts.review > 0 ? t('sign_lead_review', String(counts.review)) : '',
    counts.apart > 0 ? t('sign_lead_apart', String(counts.apart)) : '',
  ].filter(Boolean);
}

export function SignSummary(props: {
  session: SignSession;
  /** Documents judged so far, while they are read; undefined once all are. */
  inspected: number | undefined;
  counts: { toSend: number; review: number; apart: number };
  companion: 'connecting' | 'connected' | string;
  tokens: TokenInfo[];
  onReconnect: () => void;
}) {
  const { session, inspected, counts, companion, tokens } = props;
  const total = session.documents.length;
  return (
    <>
      <p class="lead" data-hocba="lead">
        {inspected !== undefined
          ? t('sign_inspecting', [String(inspected), String(total)])
          : tn('sign_lead', total, [String(total), leadParts(counts).join(', ')])}
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
            <button type="button" class="secondary" onClick={props.onReconnect}>
              {t('sign_reconnect')}
            </button>
          </p>
        ) : null}
        {inspected !== undefined ? (
          <p class="muted" data-hocba="inspecting">
            {t('sign_inspecting', [String(inspected), String(total)])}
          </p>
        ) : null}
      </section>
    </>
  );
}
