/**
 * One PDF's card: the summary a secretary reads first (level, whose record, the reason, what
 * to do next, a line per signature, the national root), then the details (problems, the
 * record, each signature in full).
 */
import { type DocumentReport, displayText, type SignatureReport } from '@hocba/shared/verify';
import { pick, t, tn } from '../../ui/messages.js';
import { nationalRoots, whoseRecord } from './at-a-glance.js';
import { nextStep } from './next-step.js';
import type { VerifyPlatform } from './platform.js';
import { RecordView } from './RecordView.js';
import { roleText, SignatureView, timeText } from './SignatureView.js';
import { type FileResult, refusalKey } from './verify-files.js';

/** The four levels in the colours readers know from Acrobat and DigiDoc. */
const LEVEL_CLASS = {
  valid: 'ok',
  valid_with_warnings: 'warn',
  invalid: 'bad',
  cannot_decide: 'grey',
} as const;
const STATUS_CLASS = { TOTAL_PASSED: 'ok', TOTAL_FAILED: 'bad', INDETERMINATE: 'grey' } as const;

/** One line per signature in the summary: who, in which role, when, and the outcome. */
function SignatureLine({ signature }: { signature: SignatureReport }) {
  return (
    <li
      class="signature-line"
      data-status={signature.status}
      data-role-agreement={signature.roleEvidence?.agreement ?? ''}
    >
      <span class={`dot ${STATUS_CLASS[signature.status]}`} aria-hidden="true" />
      {t('verify_line_signature', [
        roleText(signature),
        signature.signer?.name ?? t('verify_unknown'),
        timeText(signature),
        t(`verify_status_${signature.status}`),
      ])}
    </li>
  );
}

/**
 * Whose record this is, first: the pupil, birth date, school, classes and years. The words
 * say when the data is not (yet) proven to be the signed data.
 */
function WhoseLine({ report }: { report: DocumentReport }) {
  const whose = whoseRecord(report.record);
  if (!whose) return null;
  return (
    <p class="whose" data-hocba="whose" data-signed={String(whose.signed)}>
      {t('verify_whose', [whose.name, whose.born, whose.school, whose.classes, whose.years])}
      {whose.signed ? null : <span class="whose-unproven"> {t('verify_whose_unproven')}</span>}
    </p>
  );
}

/** Which national root the signers' certificates end at, when they do. */
function RootsLine({ signatures }: { signatures: readonly SignatureReport[] }) {
  const roots = nationalRoots(signatures);
  if (roots.length === 0) return null;
  return (
    <p class="roots" data-hocba="national-root">
      <span class="dot ok" aria-hidden="true" /> {t('verify_national_root', roots.join(', '))}
    </p>
  );
}

/** What to do with the file next (who to ask, where to load a root), when the verdict calls for it. */
function NextStepLine({ report, platform }: { report: DocumentReport; platform: VerifyPlatform['kind'] }) {
  const key = nextStep(report, platform);
  if (!key) return null;
  return (
    <p class="next-step" data-hocba="next-step" data-next={key}>
      {t(key)}
    </p>
  );
}

export function FileCard({ result, platform }: { result: FileResult; platform: VerifyPlatform['kind'] }) {
  if (result.state === 'verifying') {
    return (
      <article class="card file" data-state="verifying">
        <h2>{displayText(result.name)}</h2>
        <p class="muted">{t('verify_in_progress')}</p>
      </article>
    );
  }
  if (result.state === 'refused') {
    return (
      <article class="card file" data-state="refused" data-verdict="invalid">
        <h2>{displayText(result.name)}</h2>
        <span class="badge bad">{t('verify_refused')}</span>
        <p class="error-text" data-reason={result.reason}>
          {t(refusalKey(result.reason))}
        </p>
      </article>
    );
  }
  const { report } = result;
  const signatures = report.signatures;
  const level = report.level ?? (report.verdict === 'indeterminate' ? 'cannot_decide' : report.verdict);
  return (
    <article
      class="card file"
      data-state="done"
      data-verdict={report.verdict}
      data-level={level}
      data-verified-in={result.verifiedIn}
    >
      {/* The summary: what a secretary reads first, and all that is printed. */}
      <header class="file-summary">
        <span class={`badge ${LEVEL_CLASS[level]}`} data-hocba="level">
          {t(`verify_level_${level}`)}
        </span>
        <h2>{displayText(result.name)}</h2>
      </header>
      <WhoseLine report={report} />
      <p class="reason">{pick(report.reason)}</p>
      <NextStepLine report={report} platform={platform} />
      {(report.warnings ?? []).length > 0 ? (
        <ul class="warnings" data-hocba="warnings">
          {(report.warnings ?? []).map((w) => (
            <li key={w.code} data-code={w.code}>
              {pick(w.message)}
            </li>
          ))}
        </ul>
      ) : null}
      {signatures.length > 0 ? (
        <ul class="signature-lines">
          {signatures.map((s) => (
            <SignatureLine key={s.field} signature={s} />
          ))}
        </ul>
      ) : null}
      <RootsLine signatures={signatures} />
      <details class="details" data-hocba="details">
        <summary>{t('verify_details_show')}</summary>
        {report.problems.length > 0 ? (
          <ul class="problems">
            {report.problems.map((p, i) => (
              // An empty signature slot is information (the next signer has not signed yet), not a fault.
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
              <li key={i} class={p.code === 'UNSIGNED_FIELD' ? 'muted' : 'error-text'}>
                {pick(p.message)}
              </li>
            ))}
          </ul>
        ) : null}
        {report.record ? <RecordView record={report.record} verdict={report.verdict} /> : null}
        {signatures.length > 0 ? (
          <p class="muted" data-hocba="signature-count">
            {tn('verify_signature_count', signatures.length, String(signatures.length))}
          </p>
        ) : null}
        {signatures.map((s) => (
          <SignatureView key={s.field} signature={s} />
        ))}
      </details>
    </article>
  );
}
