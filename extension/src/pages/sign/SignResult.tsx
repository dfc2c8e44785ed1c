/**
 * After a batch: how many were signed, what was not and why (grouped by reason), how to sign
 * the rest, whether the portal received the signed files, and the signed files to download.
 */
import { useEffect, useState } from 'preact/hooks';
import { hocbaCommandFor, hocbaCommandHere } from '../../companion/hocba-command.js';
import { pick, t, tn } from '../../ui/i18n.js';
import type { BatchOutcome } from './sign-batch.js';
import { downloadZip } from './signed-files.js';
import type { UploadAnswer } from './upload-answer.js';

/**
 * Documents not signed, grouped by reason: a stopped batch gives one reason, not 30 copies.
 * Those the batch never reached (in the part that stopped, or in later parts) are one group,
 * last, in the window's own words: the cause is said once, by the group above it.
 */
function NotSigned({ notSigned }: { notSigned: BatchOutcome['notSigned'] }) {
  if (notSigned.length === 0) return null;
  const groups = new Map<string, string[]>();
  const notReached: string[] = [];
  for (const n of notSigned) {
    if (n.code === 'NOT_REACHED') {
      notReached.push(n.name);
      continue;
    }
    const reason = pick(n.error);
    groups.set(reason, [...(groups.get(reason) ?? []), n.name]);
  }
  if (notReached.length > 0)
    groups.set(tn('sign_not_reached', notReached.length, String(notReached.length)), notReached);
  return (
    <div data-hocba="not-signed">
      <h3>{tn('sign_not_signed', notSigned.length, String(notSigned.length))}</h3>
      {[...groups].map(([reason, names]) => (
        <div key={reason} class="not-signed-group">
          <p class="error-text" data-hocba="not-signed-reason">
            {reason}
          </p>
          <details open={names.length <= 3}>
            <summary>{t('sign_not_signed_names', String(names.length))}</summary>
            <ul>
              {names.map((name) => (
                <li key={name} data-hocba="not-signed-doc">
                  {name}
                </li>
              ))}
            </ul>
          </details>
        </div>
      ))}
    </div>
  );
}

function resultKey(outcome: BatchOutcome, signedSoFar: number): string {
  if (signedSoFar === 0) return 'sign_result_none';
  if (outcome.status === 'completed' && outcome.notSigned.length === 0) return 'sign_result_completed';
  return outcome.status === 'cancelled' ? 'sign_result_cancelled' : 'sign_result_partial';
}

export function SignResult(props: {
  outcome: BatchOutcome;
  /** Signed in this window, over every batch; of `sentCount` sent. */
  signedSoFar: number;
  sentCount: number;
  /** Documents held back from signing. */
  apart: number;
  /** The portal takes the signed files back (otherwise they are downloaded). */
  portalUpload: boolean;
  upload: UploadAnswer | 'waiting' | null;
  zipName: string;
  onSignTheRest: (options?: { withoutTimestamp?: boolean }) => void;
}) {
  const { outcome, upload } = props;
  // The command as typed on this PC (hocba.cmd on Windows), for where the signed copies are.
  const [hocba, setHocba] = useState(hocbaCommandFor(undefined));
  useEffect(() => {
    void hocbaCommandHere().then((here) => setHocba(here.command));
  }, []);
  return (
    <section class="card" data-hocba="result" data-status={outcome.status} data-signed={props.signedSoFar}>
      <h2 data-hocba="result-heading">{t(resultKey(outcome, props.signedSoFar))}</h2>
      <p data-hocba="result-summary">
        {tn('sign_result_summary', props.sentCount, [String(props.signedSoFar), String(props.sentCount)])}
      </p>
      {props.signedSoFar > 0 ? (
        <p class="muted" data-hocba="result-where">
          {t('walk_sign_result_where', hocba)}
        </p>
      ) : null}
      {props.apart > 0 ? (
        <p class="muted">{tn('sign_result_apart', props.apart, String(props.apart))}</p>
      ) : null}
      <NotSigned notSigned={outcome.notSigned} />
      {outcome.notSigned.length > 0 && outcome.status !== 'completed' ? (
        <p>
          <button type="button" data-hocba="sign-rest" onClick={() => props.onSignTheRest()}>
            {tn('sign_rest', outcome.notSigned.length, String(outcome.notSigned.length))}
          </button>
        </p>
      ) : null}
      {outcome.notSigned.some((n) => n.code === 'TIMESTAMP_UNREACHABLE') ? (
        <p>
          <button
            type="button"
            data-hocba="sign-without-timestamp"
            onClick={() => props.onSignTheRest({ withoutTimestamp: true })}
          >
            {tn('sign_without_timestamp', outcome.notSigned.length, String(outcome.notSigned.length))}
          </button>
        </p>
      ) : null}
      {outcome.signed.length === 0 ? null : !props.portalUpload ? (
        <p>{t('sign_result_download_hint')}</p>
      ) : upload === 'waiting' ? (
        <p data-hocba="upload">{t('sign_result_uploading')}</p>
      ) : upload?.delivered ? (
        <p data-hocba="upload" class={upload.refused.length > 0 ? 'error-text' : ''}>
          {upload.refused.length === 0
            ? tn('sign_result_uploaded_count', upload.uploaded, String(upload.uploaded))
            : `${tn('sign_result_uploaded_partly', upload.uploaded, [String(upload.uploaded), String(upload.refused.length)])} ${upload.refused.map((r) => r.name).join(', ')}`}
        </p>
      ) : upload ? (
        <p data-hocba="upload" class="error-text">
          {t('sign_result_not_delivered')}
        </p>
      ) : null}
      <button
        type="button"
        data-hocba="download"
        disabled={outcome.signed.length === 0}
        onClick={() => downloadZip(outcome, props.zipName)}
      >
        {t('sign_download')}
      </button>
    </section>
  );
}
