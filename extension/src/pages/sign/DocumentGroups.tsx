/**
 * The documents of a sign session as the sign window judged them, grouped by what becomes of
 * them: sent; waiting for the signer's decision (errors, or content that cannot be checked),
 * each with its findings and its own override box; and listed apart, not sent (another
 * pupil than the portal row, already signed in this role, waiting for an earlier role,
 * unreadable). Identities shown are the documents' own.
 */
import type { IdentityDifference } from '@hocba/shared/identity';
import { missingEarlierRoles } from '@hocba/shared/identity';
import { ROLES, type SignatureRole } from '@hocba/shared/roles';
import type { SessionDocument } from '../../background/sign-sessions.js';
import { pick, t, tn } from '../../ui/i18n.js';
import { type Disposition, documentName, type Inspection } from './inspect.js';

export interface JudgedDocument {
  doc: SessionDocument;
  inspection: Inspection | undefined;
  disposition: Disposition | 'pending';
}

const dmy = (iso: string) => iso.split('-').reverse().join('/');

function Identity({ inspection }: { inspection: Inspection | undefined }) {
  const id = inspection?.identity;
  if (!id) return null;
  return (
    <span class="identity muted" data-hocba="identity">
      {t('sign_identity', [id.studentCode || id.recordId, dmy(id.dateOfBirth)])}
    </span>
  );
}

const FIELD_KEYS: Record<IdentityDifference['field'], string> = {
  name: 'sign_field_name',
  studentId: 'sign_field_student_id',
  dateOfBirth: 'sign_field_dob',
  className: 'sign_field_class',
  schoolYear: 'sign_field_year',
};

function Differences({ differences }: { differences: IdentityDifference[] }) {
  return (
    <ul class="differences" data-hocba="differences">
      {differences.map((d) => (
        <li key={d.field}>
          {t('sign_difference', [t(FIELD_KEYS[d.field]), d.document, d.portal.slice(0, 80)])}
          {d.kind === 'diacritics' ? ` ${t('sign_difference_diacritics')}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** The PAdES level in words: a principal reads "with a time-stamp", not "B-T". */
function levelText(level: string): string {
  const key = { 'B-B': 'sign_level_bb', 'B-T': 'sign_level_bt', 'B-LT': 'sign_level_blt' }[level];
  return key ? t(key) : level;
}

/**
 * The level the batch's signed records share, said once above the list (a principal reads
 * one sentence, not the same words on 35 lines); null while none is signed or when they differ
 * (then each line says its own).
 */
function oneLevel(levels: (string | undefined)[]): { level: string; count: number } | null {
  const signed = levels.filter((l): l is string => Boolean(l));
  const distinct = new Set(signed);
  return distinct.size === 1 ? { level: signed[0] as string, count: signed.length } : null;
}

function Preview(props: { doc: SessionDocument; onPreview: (doc: SessionDocument) => void }) {
  return (
    <button type="button" class="link" data-hocba="preview" onClick={() => props.onPreview(props.doc)}>
      {t('sign_preview')}
    </button>
  );
}

function Digest({ doc }: { doc: SessionDocument }) {
  return (
    <code class="digest" title={`SHA-256 ${doc.sha256}`}>
      {doc.sha256.slice(0, 16)}
    </code>
  );
}

export function DocumentGroups(props: {
  judged: JudgedDocument[];
  role: SignatureRole | null;
  progress: Record<string, 'signed' | 'failed'>;
  /** The PAdES level each signed file reached (B-B, B-T, B-LT), as the companion reports it. */
  levels: Record<string, string>;
  overrides: ReadonlySet<string>;
  canOverride: boolean;
  /** The PIN was given: the list is no longer "to sign" but this batch's records. */
  started: boolean;
  onOverride: (docId: string, on: boolean) => void;
  onPreview: (doc: SessionDocument) => void;
}) {
  const by = (d: Disposition | 'pending') => props.judged.filter((j) => j.disposition === d);
  const send = props.judged.filter(
    (j) => j.disposition === 'send' || (j.disposition === 'review' && props.overrides.has(j.doc.docId)),
  );
  const review = by('review');
  const mismatch = by('mismatch');
  const already = by('alreadySigned');
  const waiting = by('waiting');
  const blocked = by('blocked');
  const roleLabel = props.role ? pick(ROLES[props.role].label) : '';
  const batchLevel = oneLevel(send.map((j) => props.levels[j.doc.docId]));
  return (
    <>
      <section class="card">
        <h2 data-hocba="documents-heading">
          {t(props.started ? 'sign_documents_batch' : 'sign_documents', String(send.length))}
        </h2>
        {batchLevel ? (
          <p
            class="level"
            data-hocba="level"
            data-level={batchLevel.level}
            title={`${batchLevel.level}: ${t('sign_level_title')}`}
          >
            {tn('sign_level_batch', batchLevel.count, [
              String(batchLevel.count),
              levelText(batchLevel.level),
            ])}
          </p>
        ) : null}
        {/* No empty list box under "0": the sentence says it. */}
        {send.length === 0 ? <p class="muted">{t('sign_documents_none')}</p> : null}
        <ol class="doc-list" data-hocba="documents" hidden={send.length === 0}>
          {send.map(({ doc, inspection }) => (
            <li key={doc.docId} data-status={props.progress[doc.docId] ?? 'pending'} data-doc={doc.docId}>
              <strong>{documentName(doc, inspection)}</strong> <Identity inspection={inspection} />{' '}
              <Digest doc={doc} /> <Preview doc={doc} onPreview={props.onPreview} />
              {props.levels[doc.docId] && !batchLevel ? (
                <span
                  class="level"
                  data-hocba="level"
                  data-level={props.levels[doc.docId]}
                  title={`${props.levels[doc.docId]}: ${t('sign_level_title')}`}
                >
                  {' '}
                  {levelText(props.levels[doc.docId] ?? '')}
                </span>
              ) : null}
              {props.overrides.has(doc.docId) ? (
                <span class="badge bad" data-hocba="overridden">
                  {t('sign_overridden')}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      {review.length > 0 ? (
        <section class="card review" data-hocba="review">
          <h2>{t('sign_review', String(review.length))}</h2>
          <p class="muted">{t('sign_review_hint')}</p>
          <ul class="doc-groups">
            {review.map(({ doc, inspection }) => (
              <li key={doc.docId} data-hocba="review-doc" data-doc={doc.docId}>
                <strong>{documentName(doc, inspection)}</strong> <Identity inspection={inspection} />{' '}
                <Preview doc={doc} onPreview={props.onPreview} />
                {inspection?.status === 'noRecord' ? (
                  <p class="warning" data-hocba="unchecked">
                    {t('sign_unchecked')}
                  </p>
                ) : (
                  <ul class="findings">
                    {inspection?.findings
                      .filter((f) => f.severity === 'error')
                      .map((f, i) => (
                        <li key={i} class="error-text" data-hocba="finding">
                          {pick(f.where)}: {pick(f.message)} ({f.rule})
                        </li>
                      ))}
                  </ul>
                )}
                <label class="override">
                  <input
                    type="checkbox"
                    data-hocba="override"
                    disabled={!props.canOverride}
                    checked={props.overrides.has(doc.docId)}
                    onChange={(e) => {
                      if (e.isTrusted) props.onOverride(doc.docId, e.currentTarget.checked);
                    }}
                  />{' '}
                  {t('sign_override_one')}
                </label>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {mismatch.length + already.length + waiting.length + blocked.length > 0 ? (
        <section class="card apart" data-hocba="apart">
          <h2>
            {t('sign_apart', String(mismatch.length + already.length + waiting.length + blocked.length))}
          </h2>
          {mismatch.length > 0 ? (
            <div data-hocba="mismatch">
              <p class="error-text">
                <strong>{tn('sign_mismatch', mismatch.length, String(mismatch.length))}</strong>
              </p>
              <ul>
                {mismatch.map(({ doc, inspection }) => (
                  <li key={doc.docId} data-hocba="mismatch-doc" data-doc={doc.docId}>
                    <strong>{documentName(doc, inspection)}</strong> <Identity inspection={inspection} />
                    <Differences differences={inspection?.differences ?? []} />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {waiting.length > 0 && props.role ? (
            <div data-hocba="waiting">
              <p class="warning">
                <strong>
                  {tn('sign_waiting', waiting.length, [
                    String(waiting.length),
                    roleLabel,
                    [
                      ...new Set(
                        waiting.flatMap((w) =>
                          props.role
                            ? missingEarlierRoles(props.role, new Set(w.inspection?.signedRoles ?? []))
                            : [],
                        ),
                      ),
                    ]
                      .map((r) => pick(ROLES[r].label))
                      .join(', '),
                  ])}
                </strong>
              </p>
              <NameList items={waiting} />
            </div>
          ) : null}
          {already.length > 0 ? (
            <div data-hocba="already-signed">
              <p>
                <strong>{tn('sign_already', already.length, [String(already.length), roleLabel])}</strong>
              </p>
              <NameList items={already} />
            </div>
          ) : null}
          {blocked.length > 0 ? (
            <div data-hocba="blocked">
              <p class="error-text">
                <strong>{tn('sign_blocked', blocked.length, String(blocked.length))}</strong>
              </p>
              <ul>
                {blocked.map(({ doc, inspection }) => (
                  <li key={doc.docId}>
                    {documentName(doc, inspection)} ({t('sign_page_text')}):{' '}
                    {inspection?.problem ? pick(inspection.problem) : t(`sign_status_${inspection?.status}`)}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

function NameList({ items }: { items: JudgedDocument[] }) {
  return (
    <details open={items.length <= 5}>
      <summary>{t('sign_not_signed_names', String(items.length))}</summary>
      <ul class="names">
        {items.map(({ doc, inspection }) => (
          <li key={doc.docId}>{documentName(doc, inspection)}</li>
        ))}
      </ul>
    </details>
  );
}
