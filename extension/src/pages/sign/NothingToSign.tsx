/**
 * Shown in place of the PIN field when every document of the session is held back: a PIN
 * asked for nothing would mislead, so the window says plainly why nothing can be signed and
 * what to do about each group (fix and reopen, override one by one, wait for an earlier
 * signer, nothing at all).
 */
import { missingEarlierRoles } from '@hocba/shared/identity';
import { ROLES, type SignatureRole } from '@hocba/shared/roles';
import { pick, t } from '../../ui/i18n.js';
import type { JudgedDocument } from './DocumentGroups.js';

export function NothingToSign(props: {
  judged: JudgedDocument[];
  role: SignatureRole | null;
  overrides: ReadonlySet<string>;
}) {
  const count = (d: JudgedDocument['disposition']) =>
    props.judged.filter((j) => j.disposition === d && !props.overrides.has(j.doc.docId)).length;
  const waiting = props.judged.filter((j) => j.disposition === 'waiting');
  const roleLabel = props.role ? pick(ROLES[props.role].label) : '';
  const earlier = [
    ...new Set(
      waiting.flatMap((w) =>
        props.role ? missingEarlierRoles(props.role, new Set(w.inspection?.signedRoles ?? [])) : [],
      ),
    ),
  ]
    .map((r) => pick(ROLES[r].label))
    .join(', ');
  const reasons: [string, string][] = [];
  if (props.judged.length === 0) reasons.push(['empty', t('sign_nothing_empty')]);
  if (count('review') > 0) reasons.push(['review', t('sign_nothing_review', String(count('review')))]);
  if (waiting.length > 0)
    reasons.push(['waiting', t('sign_nothing_waiting', [String(waiting.length), earlier])]);
  if (count('alreadySigned') > 0)
    reasons.push(['already', t('sign_nothing_already', [String(count('alreadySigned')), roleLabel])]);
  if (count('mismatch') > 0)
    reasons.push(['mismatch', t('sign_nothing_mismatch', String(count('mismatch')))]);
  if (count('blocked') > 0) reasons.push(['blocked', t('sign_nothing_blocked', String(count('blocked')))]);
  // Waiting and already-signed depend on the role: a wrong role is the signer's to correct.
  const roleMatters = waiting.length + count('alreadySigned') > 0;
  return (
    <section class="nothing-to-sign" data-hocba="nothing-to-sign" role="status">
      <h2>{t('sign_nothing_title')}</h2>
      {props.judged.length > 0 ? <p>{t('sign_nothing_lead')}</p> : null}
      <ul class="reasons">
        {reasons.map(([key, text]) => (
          <li key={key} data-reason={key}>
            {text}
          </li>
        ))}
      </ul>
      {roleMatters ? <p class="muted">{t('sign_nothing_role')}</p> : null}
    </section>
  );
}
