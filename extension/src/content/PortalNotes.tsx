/**
 * The toolbar's other two faces (the check-and-sign Panel is the main one): a page the
 * extension does not recognise, said plainly instead of guessing; and a page that attaches
 * record files (a transfer screen), each with "Xác minh" to open it in the verify page.
 */
import { t } from './i18n.js';
import type { FileRow } from './read-files.js';

export function Unrecognised(props: {
  expected: string[];
  onOpenVerify: () => void;
  onOpenSettings: () => void;
}) {
  return (
    <section class="panel" aria-label="Học bạ số" data-hocba="unrecognised">
      <div class="bar">
        <strong>{t('panel_title')}</strong>
        <span>
          {props.expected.length > 0
            ? t('notice_unrecognised_expected', props.expected.join(', '))
            : t('notice_unrecognised')}
        </span>
        <button
          type="button"
          data-hocba-action="open-verify"
          onClick={(e) => e.isTrusted && props.onOpenVerify()}
        >
          {t('notice_open_verify')}
        </button>
        <button
          type="button"
          class="link"
          data-hocba-action="open-settings"
          onClick={(e) => e.isTrusted && props.onOpenSettings()}
        >
          {t('notice_open_settings')}
        </button>
      </div>
    </section>
  );
}

export function Attachments(props: {
  adapterName: string;
  files: FileRow[];
  busy: boolean;
  onVerify: (file: FileRow) => void;
  status: string | null;
}) {
  return (
    <section class="panel" aria-label="Học bạ số" data-hocba="attachments">
      <div class="bar">
        <strong>{t('panel_title')}</strong>
        <span class="muted">{props.adapterName}</span>
        <span>{t('attachments_lead')}</span>
      </div>
      <div class="body">
        <ul class="students">
          {props.files.map((f) => (
            <li key={f.studentId} data-file-id={f.studentId}>
              <strong>{f.name}</strong> {f.statusText ? <span class="muted">· {f.statusText}</span> : null}{' '}
              <button
                type="button"
                data-hocba-action="verify"
                disabled={props.busy}
                onClick={(e) => {
                  // Only the user's own click: page script can fire synthetic ones.
                  if (e.isTrusted) props.onVerify(f);
                }}
              >
                {t('attachments_verify')}
              </button>
            </li>
          ))}
        </ul>
      </div>
      {props.status ? (
        <p class="status" data-hocba="status">
          {props.status}
        </p>
      ) : null}
    </section>
  );
}
