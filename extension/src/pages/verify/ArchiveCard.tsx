/** A ZIP's card: opening, refused (and why), or opened with its PDFs counted and what was left out. */
import { displayText } from '@hocba/shared/verify';
import { t, tn } from '../../ui/messages.js';
import type { ArchiveItem } from './page-items.js';

/** The ZIP itself; its PDFs get file cards of their own. */
export function ArchiveCard({ item }: { item: ArchiveItem }) {
  return (
    <article class="card archive" data-hocba="archive" data-state={item.state}>
      <h2>{displayText(item.name)}</h2>
      {item.state === 'opening' ? <p class="muted">{t('verify_zip_opening')}</p> : null}
      {item.state === 'refused' ? (
        <>
          <span class="badge bad">{t('verify_refused')}</span>
          <p class="error-text" data-hocba="zip-error" data-code={item.error}>
            {t(`verify_zip_error_${item.error}`)}
          </p>
        </>
      ) : null}
      {item.state === 'opened' ? (
        <p class="muted">
          {tn('verify_zip_contents', item.pdfCount, [String(item.pdfCount), String(item.skipped.length)])}
        </p>
      ) : null}
      {item.skipped.length > 0 ? (
        <ul class="skipped">
          {item.skipped.map((s) => (
            <li key={s.path} data-hocba="zip-skipped">
              {t(`verify_zip_skipped_${s.reason}`, displayText(s.path))}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
