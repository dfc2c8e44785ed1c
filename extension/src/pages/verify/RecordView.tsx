/**
 * What the receiving school reads first after the verdict: whose học bạ this is, which
 * school and years it covers, and whether the data inside is the signed data. Only shown
 * when the PDF carries our record JSON.
 */
import type { DocumentReport, RecordReport, StudentTransfer } from '@hocba/shared/verify';
import { pick, t } from '../../ui/messages.js';

const dmy = (iso: string) => iso.split('-').reverse().join('/');

export function RecordView({
  record,
  verdict,
}: {
  record: RecordReport;
  verdict: DocumentReport['verdict'];
}) {
  if (!record.record) {
    return (
      <p class="error-text" data-hocba="record" data-status={record.status}>
        {t('verify_record_unreadable')}
      </p>
    );
  }
  const r = record.record;
  const years = r.years.map((y) => t('verify_record_year', [String(y.grade), y.className, y.schoolYear]));
  return (
    <section class="record" data-hocba="record" data-status={record.status}>
      <h3 data-hocba="record-student">{r.student.fullName}</h3>
      <dl class="facts">
        <dt>{t('verify_record_birth')}</dt>
        <dd>{dmy(r.student.dateOfBirth)}</dd>
        <dt>{t('verify_record_codes')}</dt>
        <dd>
          {r.student.studentCode} · {r.recordId}
        </dd>
        <dt>{t('verify_record_school')}</dt>
        <dd>
          {r.school.name} ({r.school.department}, {r.school.province})
        </dd>
        <dt>{t('verify_record_years')}</dt>
        <dd data-hocba="record-years">{years.join('; ')}</dd>
      </dl>
      {record.signed ? (
        <p class="muted" data-hocba="record-signed">
          {t('verify_record_signed')}
        </p>
      ) : verdict === 'indeterminate' ? (
        // The data may well be what was signed; until the signer is confirmed, it is not proof.
        <p class="warning" data-hocba="record-signed">
          {t('verify_record_unconfirmed')}
        </p>
      ) : (
        <p class="error-text" data-hocba="record-signed">
          {t('verify_record_not_signed')}
        </p>
      )}
      {record.problems.length > 0 ? (
        <ul class="problems">
          {record.problems.map((p) => (
            <li key={p.path} class="error-text">
              {p.path}: {pick(p.reason)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** One line per student when several files are dropped: same student? which grades? */
export function TransferView({ transfers }: { transfers: StudentTransfer[] }) {
  if (transfers.length === 0) return null;
  return (
    <section class="card transfer" data-hocba="transfer">
      <h2>{t('verify_transfer_title')}</h2>
      <ul>
        {transfers.map((s) => (
          <li key={s.key} data-status={s.status} class={s.status === 'CONSISTENT' ? '' : 'error-text'}>
            {pick(s.message)}
            {s.unsignedFiles.length > 0 ? (
              <span class="error-text"> {t('verify_transfer_unsigned', s.unsignedFiles.join(', '))}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
