/**
 * Shown in place of the PIN field when every document of the session is held back: a PIN
 * asked for nothing would mislead, so the window says plainly why nothing can be signed and
 * what to do about each group (held-back.ts).
 */
import { ROLES, type SignatureRole } from '@hocba/shared/roles';
import { pick, t, tn } from '../../ui/i18n.js';
import type { JudgedDocument } from './DocumentGroups.js';
import { type HeldBackReason, heldBackReasons } from './held-back.js';

function say(r: HeldBackReason): string {
  switch (r.reason) {
    case 'empty':
      return t('sign_nothing_empty');
    case 'waiting':
      return tn('sign_nothing_waiting', r.count, [
        String(r.count),
        r.earlierRoles.map((role) => pick(ROLES[role].label)).join(', '),
      ]);
    case 'already':
      return tn('sign_nothing_already', r.count, [String(r.count), pick(ROLES[r.role].label)]);
    default:
      return tn(`sign_nothing_${r.reason}`, r.count, String(r.count));
  }
}

export function NothingToSign(props: {
  judged: JudgedDocument[];
  role: SignatureRole | null;
  overrides: ReadonlySet<string>;
}) {
  const reasons = heldBackReasons(props.judged, props.role, props.overrides);
  // Waiting and already-signed depend on the role: a wrong role is the signer's to correct.
  const roleMatters = reasons.some((r) => r.reason === 'waiting' || r.reason === 'already');
  return (
    <section class="nothing-to-sign" data-hocba="nothing-to-sign" role="status">
      <h2>{t('sign_nothing_title')}</h2>
      {props.judged.length > 0 ? <p>{t('sign_nothing_lead')}</p> : null}
      <ul class="reasons">
        {reasons.map((r) => (
          <li key={r.reason} data-reason={r.reason}>
            {say(r)}
          </li>
        ))}
      </ul>
      {roleMatters ? <p class="muted">{t('sign_nothing_role')}</p> : null}
    </section>
  );
}
